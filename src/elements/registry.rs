//! A session's elements: every element created from it (until it is unmounted) and its open search
//! modal. `destroy()` unmounts them; a change of `appearance` themes their roots again and a
//! change of `locale` re-labels them and has them render again, before `optionsUpdated` is
//! emitted. New kinds of element join by implementing [`Mounted`].

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use wasm_bindgen::JsValue;
use web_sys::Element;

use crate::elements::modal::Modal;
use crate::{i18n, js, theme};

/// What the session needs of an element it created.
pub trait Mounted {
    /// The element's root while it is mounted.
    fn root(&self) -> Option<Element>;
    /// Renders again (dates, counts and sentences follow a new locale).
    fn rerender(self: Rc<Self>);
    /// Removes the element from the page (terminal).
    fn unmount(self: Rc<Self>);
}

#[derive(Default)]
pub struct Registry {
    elements: RefCell<Vec<(u32, Rc<dyn Mounted>)>>,
    next: Cell<u32>,
    /// The open search modal (at most one).
    pub modal: RefCell<Option<Rc<Modal>>>,
}

impl Registry {
    /// Keeps `element` until it is removed; returns its id in this session.
    pub fn add(&self, element: Rc<dyn Mounted>) -> u32 {
        let id = self.next.get() + 1;
        self.next.set(id);
        self.elements.borrow_mut().push((id, element));
        id
    }

    /// Element `id` was unmounted.
    pub fn remove(&self, id: u32) {
        if let Ok(mut elements) = self.elements.try_borrow_mut() {
            elements.retain(|(i, _)| *i != id);
        }
    }

    fn all(&self) -> Vec<Rc<dyn Mounted>> {
        let elements = self.elements.borrow();
        elements.iter().map(|(_, e)| e.clone()).collect()
    }

    /// Unmounts every element (the modal closes with its element).
    pub fn unmount_all(&self) {
        for element in self.all() {
            element.unmount();
        }
        self.elements.borrow_mut().clear();
    }

    /// The session's options changed by `patch`, to `options`.
    pub fn options_changed(&self, patch: &JsValue, options: &JsValue) {
        if js::has(patch, "appearance") {
            let appearance = js::get(options, "appearance");
            for root in self.all().iter().filter_map(|e| e.root()) {
                theme::apply(&root, &appearance);
            }
            let modal = self.modal.borrow().clone();
            if let Some(modal) = modal {
                modal.apply_theme(&appearance);
            }
        }
        if js::has(patch, "locale") {
            let locale = i18n::of_value(&js::get(options, "locale"));
            for element in self.all() {
                if let Some(root) = element.root() {
                    i18n::apply(&root, locale);
                    element.rerender();
                }
            }
        }
    }
}
