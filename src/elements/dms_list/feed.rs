//! What the element watches, through the Data API's subscriptions (`subscription::watch_list`):
//! the current user's conversations (a window that `loadMore` grows) and, for conversations
//! without a subject, their participants (for the row's name). The sinks only store what arrives
//! and ask for a render at the next animation frame.

use chat_elements_core::keyed::KeyedVec;
use std::rc::{Rc, Weak};

use js_sys::{Array, Object};
use wasm_bindgen::prelude::*;

use super::row::{user_name, Names};
use super::DmsShared;
use crate::data::subscription::{self, Kind, ListFeed, Sink};
use crate::errors::Error;
use crate::js;
use crate::session::handle::SessionHandle;

/// How many more conversations a scroll to the bottom loads.
pub const PAGE: u32 = 20;

/// The conversations list as last delivered.
#[derive(Default)]
pub enum Latest {
    #[default]
    Pending,
    List {
        items: Vec<JsValue>,
        loaded_all: bool,
    },
    Failed(Error),
}

/// What the sinks deliver, read by the render.
#[derive(Default)]
pub struct Data {
    pub latest: Latest,
    /// Other participants' names by conversation id.
    pub names: KeyedVec<Names>,
}

/// The subscriptions of a mounted element; dropping them unsubscribes.
pub struct Feeds {
    pub list: Rc<ListFeed>,
    names: KeyedVec<ListFeed>,
}

impl Feeds {
    /// Subscribes to the current user's conversations, most recently active first.
    pub fn start(handle: &SessionHandle, element: Weak<DmsShared>) -> Feeds {
        let topic = topic(&[("kind", "conversations")]);
        let sink: Sink = Rc::new(move |result| {
            let Some(el) = element.upgrade() else {
                return;
            };
            if let Ok(mut data) = el.data.try_borrow_mut() {
                data.latest = match result {
                    Ok((snapshot, loaded_all)) => Latest::List {
                        items: items(snapshot),
                        loaded_all: loaded_all.unwrap_or(true),
                    },
                    Err(error) => Latest::Failed(error.clone()),
                };
            }
            el.schedule_render();
        });
        Feeds {
            list: Rc::new(subscription::watch_list(
                handle,
                topic,
                Kind::Conversations,
                sink,
            )),
            names: KeyedVec::default(),
        }
    }

    /// Keeps the participant watches of `wanted` (ends the others); returns the ids that have
    /// none yet.
    pub fn missing_names(&mut self, wanted: &[String]) -> Vec<String> {
        self.names.retain(|id, _| wanted.iter().any(|w| w == id));
        wanted
            .iter()
            .filter(|id| !self.names.contains_key(id))
            .cloned()
            .collect()
    }

    pub fn add_names(&mut self, id: String, feed: ListFeed) {
        self.names.insert(id, feed);
    }
}

/// Watches a conversation's participants; the others' names go to `Data::names`.
pub fn watch_names(handle: &SessionHandle, id: &str, element: Weak<DmsShared>) -> ListFeed {
    let topic = topic(&[("kind", "participants"), ("conversationId", id)]);
    let key = id.to_owned();
    let sink: Sink = Rc::new(move |result| {
        let Some(el) = element.upgrade() else {
            return;
        };
        let Ok((snapshot, loaded_all)) = result else {
            return; // the row keeps its fallback name
        };
        let me = el.me();
        let mut names = Vec::new();
        for participant in items(snapshot) {
            let user = js::get(&participant, "user");
            if js::get(&user, "id").as_string().as_deref() == Some(me.as_str()) {
                continue;
            }
            names.extend(user_name(&user));
        }
        let names = Names {
            names,
            more: !loaded_all.unwrap_or(true),
        };
        if let Ok(mut data) = el.data.try_borrow_mut() {
            if data.names.get(&key) == Some(&names) {
                return;
            }
            data.names.insert(key.clone(), names);
        }
        el.schedule_render();
    });
    subscription::watch_list(handle, topic, Kind::Participants, sink)
}

/// The items of a list snapshot (none for `null`).
fn items(snapshot: &JsValue) -> Vec<JsValue> {
    snapshot
        .dyn_ref::<Array>()
        .map(|list| list.iter().collect())
        .unwrap_or_default()
}

fn topic(fields: &[(&str, &str)]) -> Object {
    let entries: Vec<(&str, JsValue)> = fields
        .iter()
        .map(|(key, value)| (*key, JsValue::from_str(value)))
        .collect();
    js::object(&entries).unchecked_into()
}
