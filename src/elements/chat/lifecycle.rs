//! Mounting, unmounting and changing the options of a chat-element: the view, the session's
//! message stream for the conversation and the watched topics start and end together.

use std::rc::Rc;

use wasm_bindgen::prelude::*;

use super::options::ChatOptions;
use super::view::View;
use super::{feeds, layout, ElementShared, Mount};
use crate::dom;
use crate::elements::mounting::{self, Target};
use crate::emitter;
use crate::errors::Error;
use crate::js;
use crate::session::effects::update;
use crate::session::handle::SessionHandle;

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
            crate::theme::track(&session, &view.root);
            crate::i18n::track(&session, &view.root, self);
            state.mount = Mount::Mounted(Box::new(view));
            state.options.channel_id.clone()
        };
        let id = self.id;
        update(&session, |core, fx| core.watch(&channel, id, fx));
        feeds::start(self, &SessionHandle { shared: session }, &channel);
        self.schedule_render();
        Ok(())
    }

    /// Removes the element from the page and the session. Terminal; repeated calls do nothing.
    pub fn unmount(self: &Rc<Self>) {
        let (was_mounted, channel) = {
            let Ok(mut state) = self.state.try_borrow_mut() else {
                return;
            };
            if matches!(state.mount, Mount::Unmounted) {
                return;
            }
            let was_mounted = matches!(state.mount, Mount::Mounted(_));
            state.mount = Mount::Unmounted; // drops the view: DOM removed, listeners detached
            state.frame = None;
            (was_mounted, state.options.channel_id.clone())
        };
        feeds::stop(self);
        if let Some(session) = self.session.upgrade() {
            if was_mounted {
                let id = self.id;
                update(&session, |core, fx| core.unwatch(&channel, id, fx));
            }
            session.elements.borrow_mut().retain(|e| e.id != self.id);
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
        let (old_channel, switched) = {
            let mut state = self.state.borrow_mut();
            let old_channel = state.options.channel_id.clone();
            let switched = old_channel != parsed.channel_id;
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
            }
            state.options = parsed;
            state.raw = raw.clone();
            (old_channel, switched)
        };
        if switched && self.is_mounted() {
            if let Some(session) = self.session.upgrade() {
                let id = self.id;
                let channel = self.channel_id();
                update(&session, |core, fx| {
                    core.unwatch(&old_channel, id, fx);
                    core.watch(&channel, id, fx);
                });
                feeds::start(self, &SessionHandle { shared: session }, &channel);
            }
            emitter::emit(&self.emitter, "snapshot", &self.snapshot());
        }
        self.schedule_render();
        emitter::emit(&self.emitter, "optionsUpdated", &raw);
        Ok(())
    }
}
