//! Mounting, unmounting and changing the options of a chat-element: the DOM view, the
//! conversation view of the engine and the watched topics start and end together.

use std::rc::Rc;

use wasm_bindgen::prelude::*;

use super::options::ChatOptions;
use super::view::View;
use super::{feeds, layout, ElementShared, Mount, PAGE};
use crate::dom;
use crate::elements::mounting::{self, Target};
use crate::emitter;
use crate::errors::Error;
use crate::js;
use crate::session::handle::SessionHandle;
use crate::session::view::ConversationView;

impl ElementShared {
    /// Opens `channel` in the engine; every change renders the element at the next frame.
    fn open_conversation(self: &Rc<Self>, handle: &SessionHandle, channel: &str) {
        let weak = Rc::downgrade(self);
        let on_change = Rc::new(move || {
            if let Some(el) = weak.upgrade() {
                el.schedule_render();
            }
        });
        let conversation = ConversationView::open(handle, channel, PAGE, on_change);
        let old = self.state.borrow_mut().conversation.replace(conversation);
        drop(old); // outside the borrow: closing it may run engine code
        feeds::start(self, handle, channel);
    }
}

impl ElementShared {
    pub(super) fn mount(self: &Rc<Self>, container: &JsValue) -> Result<(), Error> {
        let Some(Target {
            session,
            doc,
            container,
        }) = mounting::prepare(
            &self.state.borrow().mount,
            self.session.upgrade(),
            container,
        )?
        else {
            return Ok(());
        };
        let channel = {
            let mut state = self.state.borrow_mut();
            let mut view = View::build(&doc, Rc::downgrade(self), &state.options.empty_state);
            layout::apply_style(&view.root, state.options.style);
            view.deeplink = state.options.deeplink_to_post_id.clone();
            dom::append(&container, &view.root);
            mounting::style_root(&session, &view.root);
            state.mount = Mount::Mounted(Box::new(view));
            state.options.channel_id.clone()
        };
        self.open_conversation(&session.handle, &channel);
        self.schedule_render();
        Ok(())
    }

    /// Removes the element from the page and the session. Terminal; repeated calls do nothing.
    pub fn unmount(self: &Rc<Self>) {
        let conversation = {
            let Ok(mut state) = self.state.try_borrow_mut() else {
                return;
            };
            if matches!(state.mount, Mount::Unmounted) {
                return;
            }
            state.mount = Mount::Unmounted; // drops the view: DOM removed, listeners detached
            state.frame = None;
            state.conversation.take()
        };
        drop(conversation); // closes the engine's view (outside the borrow)
        feeds::stop(self);
        if let Some(session) = self.session.upgrade() {
            session.ui.remove(self.id.get());
        }
        *self.js_self.borrow_mut() = None;
    }

    pub(super) fn update_options(self: &Rc<Self>, patch: &JsValue) -> Result<(), Error> {
        if !patch.is_object() {
            return Err(Error::InvalidOptions(
                "updateOptions needs an options object".into(),
            ));
        }
        let raw = js::merged(&self.state.borrow().raw, patch);
        let parsed = ChatOptions::parse(&raw)?;
        let switched = {
            let mut state = self.state.borrow_mut();
            let switched = state.options.channel_id != parsed.channel_id;
            let empty_changed = state.options.empty_state != parsed.empty_state;
            if let Mount::Mounted(view) = &mut state.mount {
                layout::apply_style(&view.root, parsed.style);
                if empty_changed {
                    view.set_empty_state(&parsed.empty_state);
                }
                if switched {
                    view.clear_rows();
                }
                // A deep link given in this update (or kept when the conversation changed).
                let given = !js::get(patch, "deeplinkToPostId").is_undefined();
                if given || switched {
                    view.deeplink = parsed.deeplink_to_post_id.clone();
                }
            }
            if switched {
                state.ready = false;
                state.reported = false;
            }
            state.options = parsed;
            state.raw = raw.clone();
            switched
        };
        if switched && self.is_mounted() {
            if let Some(handle) = self.handle() {
                self.open_conversation(&handle, &self.channel_id());
            }
            emitter::emit(&self.emitter, "snapshot", &self.snapshot());
        }
        self.schedule_render();
        emitter::emit(&self.emitter, "optionsUpdated", &raw);
        Ok(())
    }
}
