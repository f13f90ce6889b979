//! The search modal: `session.showSearchModal(options | (modal) => options, force?)`.
//!
//! A backdrop appended to `document.body` holds a dialog (`role="dialog"`, `aria-modal`) with a
//! search element in it. Focus moves into the dialog, Tab and Shift+Tab cycle inside it, and it
//! goes back where it was when the modal closes. Escape, a click on the backdrop and the close
//! button emit the element's `close`; that and `resultClick` close the modal unless a listener
//! prevented it. The modal closes whenever its element is unmounted (also by
//! `session.destroy()`); closing removes its DOM and its listeners.

use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

use js_sys::Function;
use wasm_bindgen::prelude::*;
use web_sys::{Document, Element, Event, HtmlElement, KeyboardEvent, Node};

use crate::chat_session::{ChatSession, ChatSessionShared};
use crate::dom::{self, Listener};
use crate::elements::search::{self, SearchShared};
use crate::errors::Error;
use crate::js;
use crate::timers::Timeout;

const FOCUSABLE: &str =
    "button:not([disabled]),[href],input:not([disabled]),select:not([disabled]),\
                         textarea:not([disabled]),[tabindex]:not([tabindex=\"-1\"])";

pub struct Modal {
    session: Weak<ChatSessionShared>,
    doc: Document,
    backdrop: Element,
    dialog: HtmlElement,
    /// The element's options (the callback's answer, when a callback was given).
    options: RefCell<JsValue>,
    open: RefCell<Option<Open>>,
}

/// What only exists while the modal is shown.
struct Open {
    element: Rc<SearchShared>,
    /// Where the focus was before the modal opened.
    previous: Option<HtmlElement>,
    _listeners: Vec<Listener>,
}

impl Modal {
    fn new(session: &Rc<ChatSessionShared>) -> Result<Rc<Modal>, Error> {
        let doc = dom::document()?;
        let backdrop = dom::element(&doc, "div", "ce-modal-backdrop");
        let dialog: HtmlElement = dom::element(&doc, "div", "ce-modal").unchecked_into();
        dom::set_attr(&dialog, "role", "dialog");
        dom::set_attr(&dialog, "aria-modal", "true");
        crate::i18n::set_label(
            &dialog,
            "aria-label",
            crate::i18n::Text::SearchMessages,
            Default::default(),
        );
        dom::set_attr(&dialog, "tabindex", "-1");
        dom::append(&backdrop, &dialog);
        Ok(Rc::new(Modal {
            session: Rc::downgrade(session),
            doc,
            backdrop,
            dialog,
            options: RefCell::new(JsValue::UNDEFINED),
            open: RefCell::new(None),
        }))
    }

    /// Shows the modal with a new search element (nothing when it is open already).
    fn open(self: &Rc<Self>) -> Result<(), Error> {
        if self.open.borrow().is_some() {
            return Ok(());
        }
        let session = self
            .session
            .upgrade()
            .filter(|s| !s.handle.is_destroyed())
            .ok_or(Error::Destroyed("the session was destroyed"))?;
        if session.ui.modal.borrow().is_some() {
            js::warn("chat-elements: another search modal is open; mount() ignored");
            return Ok(());
        }
        let body = self
            .doc
            .body()
            .ok_or_else(|| Error::UnsupportedEnvironment("the page has no <body>".into()))?;
        let options = self.options.borrow().clone();
        let (element, _) = search::create(&session, &options)?;
        let previous = self
            .doc
            .active_element()
            .and_then(|e| e.dyn_into::<HtmlElement>().ok());
        dom::append(&body, &self.backdrop);
        if let Err(error) = element.mount(&self.dialog) {
            self.backdrop.remove();
            element.unmount();
            return Err(error);
        }
        let weak = Rc::downgrade(self);
        element.set_on_unmount(move || {
            if let Some(modal) = weak.upgrade() {
                modal.close();
            }
        });
        self.apply_theme(&session.option("appearance"));
        let listeners = self.listeners(&element);
        if let Some(input) = element.input() {
            let _ = input.focus();
        }
        *self.open.borrow_mut() = Some(Open {
            element,
            previous,
            _listeners: listeners,
        });
        *session.ui.modal.borrow_mut() = Some(self.clone());
        Ok(())
    }

    fn listeners(&self, element: &Rc<SearchShared>) -> Vec<Listener> {
        let weak = Rc::downgrade(element);
        let dialog = self.dialog.clone();
        let on_key = Listener::new(&self.backdrop, "keydown", move |event: Event| {
            let Some(key) = event.dyn_ref::<KeyboardEvent>() else {
                return;
            };
            match key.key().as_str() {
                "Tab" => trap_tab(&dialog, &event, key.shift_key()),
                // The element handles Escape inside it (and marks the event as handled).
                "Escape" if !event.default_prevented() => {
                    event.prevent_default();
                    if let Some(element) = weak.upgrade() {
                        element.request_close();
                    }
                }
                _ => {}
            }
        });
        // A click on the backdrop itself (pressed and released there) closes.
        let pressed = Rc::new(Cell::new(false));
        let backdrop: JsValue = self.backdrop.clone().into();
        let (down, target) = (pressed.clone(), backdrop.clone());
        let on_down = Listener::new(&self.backdrop, "mousedown", move |event: Event| {
            down.set(event.target().map(JsValue::from).as_ref() == Some(&target));
        });
        let weak = Rc::downgrade(element);
        let on_click = Listener::new(&self.backdrop, "click", move |event: Event| {
            let on_backdrop = event.target().map(JsValue::from).as_ref() == Some(&backdrop);
            if on_backdrop && pressed.replace(false) {
                if let Some(element) = weak.upgrade() {
                    element.request_close();
                }
            }
        });
        // Focus that lands outside the modal (a script, a click outside) comes back in, right
        // after this event (focusing from inside a focus listener would re-enter it).
        let (root, dialog) = (self.backdrop.clone(), self.dialog.clone());
        let pending: Rc<RefCell<Option<Timeout>>> = Rc::default();
        let on_focus = Listener::new(&self.doc, "focusin", move |event: Event| {
            let inside = event
                .target()
                .and_then(|t| t.dyn_into::<Node>().ok())
                .is_some_and(|t| root.contains(Some(&t)));
            if !inside {
                let dialog = dialog.clone();
                *pending.borrow_mut() = Some(Timeout::new(0, move || focus_first(&dialog)));
            }
        });
        vec![on_key, on_down, on_click, on_focus]
    }

    /// Themes the dialog (`classes.modal`; the search element themes itself).
    pub fn apply_theme(&self, appearance: &JsValue) {
        crate::theme::apply_modal(&self.dialog, appearance);
    }

    /// Closes the modal: unmounts its element, removes its DOM and listeners, and gives the focus
    /// back. Does nothing when it is closed.
    pub fn close(&self) {
        let Some(Open {
            element,
            previous,
            _listeners,
        }) = self.open.borrow_mut().take()
        else {
            return;
        };
        drop(_listeners);
        element.unmount();
        self.backdrop.remove();
        if let Some(session) = self.session.upgrade() {
            let mut current = session.ui.modal.borrow_mut();
            if current.as_ref().is_some_and(|m| std::ptr::eq(&**m, self)) {
                *current = None;
            }
        }
        if let Some(previous) = previous.filter(|p| p.is_connected()) {
            let _ = previous.focus();
        }
    }
}

/// Tab past the last focusable element goes to the first, Shift+Tab before the first to the last.
pub(crate) fn trap_tab(dialog: &HtmlElement, event: &Event, backwards: bool) {
    let items = focusables(dialog);
    let (Some(first), Some(last)) = (items.first(), items.last()) else {
        event.prevent_default();
        let _ = dialog.focus();
        return;
    };
    let active = dialog.owner_document().and_then(|d| d.active_element());
    let at = |el: &HtmlElement| active.as_ref().is_some_and(|a| a.is_same_node(Some(el)));
    let inside = active
        .as_ref()
        .is_some_and(|a| dialog.contains(Some(a.as_ref())));
    if backwards && (at(first) || !inside) {
        event.prevent_default();
        let _ = last.focus();
    } else if !backwards && (at(last) || !inside) {
        event.prevent_default();
        let _ = first.focus();
    }
}

/// Focuses the first focusable element of the dialog, or the dialog itself.
fn focus_first(dialog: &HtmlElement) {
    let items = focusables(dialog);
    let _ = items.first().unwrap_or(dialog).focus();
}

/// The dialog's focusable elements that are shown, in document order.
fn focusables(dialog: &HtmlElement) -> Vec<HtmlElement> {
    let Ok(nodes) = dialog.query_selector_all(FOCUSABLE) else {
        return Vec::new();
    };
    (0..nodes.length())
        .filter_map(|i| nodes.item(i))
        .filter_map(|n| n.dyn_into::<HtmlElement>().ok())
        .filter(|e| e.offset_parent().is_some())
        .collect()
}

/// What `showSearchModal` returns.
#[wasm_bindgen]
pub struct ModalContainer {
    modal: Rc<Modal>,
}

#[wasm_bindgen]
impl ModalContainer {
    /// The dialog element the search element is mounted in.
    #[wasm_bindgen(getter, js_name = modalContainer)]
    pub fn modal_container(&self) -> HtmlElement {
        self.modal.dialog.clone()
    }

    /// Shows the modal again after it was closed (with a new search element). Does nothing while
    /// it is open, and warns when another search modal is open.
    pub fn mount(&self) -> Result<(), JsValue> {
        self.modal.open().map_err(JsValue::from)
    }

    /// Closes the modal (no `close` event). Calling it again does nothing.
    pub fn close(&self) {
        self.modal.close();
    }
}

#[wasm_bindgen]
impl ChatSession {
    /// Shows a search element in a modal dialog. `options` are the element's options, or a
    /// function that receives the modal and returns them. Returns `undefined` when a search modal
    /// is open already, unless `force` is `true` (which closes that one first).
    #[wasm_bindgen(js_name = showSearchModal, unchecked_return_type = "ModalContainer | undefined")]
    pub fn show_search_modal(&self, options: JsValue, force: JsValue) -> Result<JsValue, JsValue> {
        let session = self.shared.clone();
        if session.handle.is_destroyed() {
            return Err(Error::Destroyed("the session was destroyed").into());
        }
        let existing = session.ui.modal.borrow().clone();
        if let Some(existing) = existing {
            if force.as_bool() != Some(true) {
                return Ok(JsValue::UNDEFINED);
            }
            existing.close();
        }
        let modal = Modal::new(&session)?;
        let this = JsValue::from(ModalContainer {
            modal: modal.clone(),
        });
        let options = match options.dyn_ref::<Function>() {
            Some(callback) => callback.call1(&JsValue::UNDEFINED, &this)?,
            None => options,
        };
        *modal.options.borrow_mut() = options;
        modal.open()?;
        Ok(this)
    }
}
