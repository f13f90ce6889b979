//! What every element's `mount()` shares: the element's life (created, mounted, unmounted), the
//! checks before mounting, finding the container, injecting the stylesheet, and theming and
//! labelling a new root in its session's `appearance` and `locale`.

use std::rc::Rc;

use wasm_bindgen::prelude::*;
use web_sys::{Document, Element, HtmlElement};

use crate::chat_session::ChatSessionShared;
use crate::dom;
use crate::errors::Error;
use crate::{i18n, js, theme};

/// Where an element is in its life; `V` is what a mounted element holds (its view).
pub enum Mount<V> {
    Created,
    Mounted(V),
    /// Terminal: an unmounted element cannot be mounted again.
    Unmounted,
}

impl<V> Mount<V> {
    /// What a mounted element holds; `None` before `mount()` and after `unmount()`.
    pub fn view(&self) -> Option<&V> {
        match self {
            Mount::Mounted(view) => Some(view),
            _ => None,
        }
    }
}

/// What `mount()` goes on with: the live session, the document and the container.
pub struct Target {
    pub session: Rc<ChatSessionShared>,
    pub doc: Document,
    pub container: Element,
}

/// Checks that an element in state `mount` of `session` can be mounted into `container`, finds
/// the container and injects the stylesheet. `Ok(None)`: already mounted (a warning is logged and
/// nothing else happens). Errors: DESTROYED (unmounted element or destroyed session),
/// CONTAINER_NOT_FOUND.
pub fn prepare<V>(
    mount: &Mount<V>,
    session: Option<Rc<ChatSessionShared>>,
    container: &JsValue,
) -> Result<Option<Target>, Error> {
    match mount {
        Mount::Created => {}
        Mount::Mounted(_) => {
            js::warn("chat-elements: this element is already mounted; mount() ignored");
            return Ok(None);
        }
        Mount::Unmounted => {
            return Err(Error::Destroyed(
                "this element was unmounted; create a new one",
            ))
        }
    }
    let session = session
        .filter(|s| !s.handle.is_destroyed())
        .ok_or(Error::Destroyed("the session was destroyed"))?;
    let doc = dom::document()?;
    let container = find_container(&doc, container)?;
    crate::styles::inject(&doc);
    Ok(Some(Target {
        session,
        doc,
        container,
    }))
}

/// `"#id"` (or another selector) or an element.
fn find_container(doc: &Document, container: &JsValue) -> Result<Element, Error> {
    if let Some(selector) = container.as_string() {
        let found = match selector.strip_prefix('#') {
            Some(id) if !id.is_empty() => doc.get_element_by_id(id),
            _ => doc.query_selector(&selector).ok().flatten(),
        };
        return found.ok_or(Error::ContainerNotFound(selector));
    }
    container
        .dyn_ref::<HtmlElement>()
        .map(|e| e.clone().unchecked_into::<Element>())
        .ok_or_else(|| Error::ContainerNotFound("(not an HTMLElement)".into()))
}

/// Themes a freshly mounted root with its session's `appearance` and shows it in its `locale`
/// (the session's registry keeps it following both).
pub fn style_root(session: &ChatSessionShared, root: &Element) {
    theme::apply(root, &session.option("appearance"));
    i18n::apply(root, i18n::of_value(&session.option("locale")));
}
