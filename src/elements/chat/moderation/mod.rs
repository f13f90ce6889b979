//! Moderation in the chat-element (Whop's `features.banUser` / `features.muteUser`, both on by
//! default): an admin (a participant whose user has the role `admin`) finds "Mute…" / "Unmute"
//! and "Ban" / "Unban" in the actions menu of other users' messages. "Mute…" asks for how long,
//! "Ban" asks for a confirmation; the server enforces everything (`muteParticipant`,
//! `banParticipant`, ... — FORBIDDEN for anyone else) and the outcome is announced in a status
//! line. A muted current user keeps reading; their composer is disabled with "You are muted
//! until …".
//!
//! What it knows comes from two watched topics: the current user's `participant` (role and
//! mute) and, for admins only, the conversation's `participants` (who is muted, who is no longer
//! a participant, who is an admin and so cannot be moderated).
//!
//! ```text
//! div.ce-message > div.ce-mod-panel[role=group]   the durations, or the ban confirmation
//! div.ce-mod-status[role=status]                  "Ben is muted for 1 hour." (above the typing line)
//! div.ce-muted-notice[role=status]                "You are muted until …" (above the composer)
//! ```

use std::rc::Rc;

use js_sys::{Array, Object};
use wasm_bindgen::prelude::*;
use web_sys::Element;

use super::ElementShared;

use crate::dom;
use crate::i18n::{self, Text};
use crate::js;
use crate::session::handle::{SessionHandle, Update, WatchHandle};

mod menu;

/// Participants watched for an admin's menu (the server's largest window).
const PARTICIPANTS_LIMIT: f64 = 500.0;

/// What the moderation watches delivered, and the nodes it shows.
#[derive(Default)]
pub struct Moderation {
    /// The current user's participant snapshot (null when not a participant).
    me: JsValue,
    /// The `participants` snapshot (admins only).
    participants: JsValue,
    me_watch: Option<WatchHandle>,
    participants_watch: Option<WatchHandle>,
    /// The open duration choice or ban confirmation: message id and node.
    panel: Option<(String, Element)>,
    status: Option<Element>,
    notice: Option<Element>,
}

impl Drop for Moderation {
    fn drop(&mut self) {
        for el in [
            self.panel.take().map(|(_, el)| el),
            self.status.take(),
            self.notice.take(),
        ]
        .into_iter()
        .flatten()
        {
            el.remove();
        }
    }
}

impl Moderation {
    fn is_admin(&self) -> bool {
        let role = js::get(&js::get(&self.me, "user"), "role").as_string();
        role.as_deref() == Some("admin")
    }

    /// The participant snapshot of `user` (`None` when not known to be one).
    fn participant(&self, user: &str) -> Option<JsValue> {
        let list = js::get(&self.participants, "participants");
        let list = list.dyn_ref::<Array>()?;
        list.iter()
            .find(|p| js::get(&js::get(p, "user"), "id").as_string().as_deref() == Some(user))
    }

    fn loaded_all(&self) -> bool {
        js::get(&self.participants, "loadedAll").as_bool() == Some(true)
    }
}

/// Ends the watches and removes the nodes (a new conversation, or unmount).
pub fn stop(element: &ElementShared) {
    let old = element
        .moderation
        .try_borrow_mut()
        .map(|mut m| std::mem::take(&mut *m));
    drop(old); // outside the borrow: dropping a watch may run engine code
}

fn watch(
    element: &Rc<ElementShared>,
    handle: &SessionHandle,
    topic: &[(&str, JsValue)],
    me: bool,
) -> WatchHandle {
    let weak = Rc::downgrade(element);
    let topic: Object = js::object(topic).unchecked_into();
    handle.watch(
        topic,
        Rc::new(move |update| {
            let Some(el) = weak.upgrade() else {
                return;
            };
            let snapshot = match update {
                Update::Snapshot(snapshot) => snapshot,
                _ => JsValue::NULL,
            };
            if let Ok(mut m) = el.moderation.try_borrow_mut() {
                if me {
                    m.me = js::get(&snapshot, "participant");
                } else {
                    m.participants = snapshot;
                }
            }
            el.schedule_render();
        }),
    )
}

impl ElementShared {
    /// After each render: starts the watches once the user is known (the participants only for
    /// an admin with a moderation feature on) and shows whether the current user is muted.
    pub(super) fn after_render_moderation(self: &Rc<Self>) {
        let Some(handle) = self.handle() else {
            return;
        };
        let (channel, features) = {
            let Ok(state) = self.state.try_borrow() else {
                return;
            };
            (state.options.channel_id.clone(), state.options.features)
        };
        let wanted = features.ban_user || features.mute_user;
        let (need_me, need_participants) = match self.moderation.try_borrow() {
            Ok(m) => (
                m.me_watch.is_none(),
                wanted && m.participants_watch.is_none() && m.is_admin(),
            ),
            Err(_) => return,
        };
        let conversation = JsValue::from_str(&channel);
        if need_me {
            if let Some(user) = handle.user_id() {
                let topic = [
                    ("kind", JsValue::from_str("participant")),
                    ("conversationId", conversation.clone()),
                    ("userId", JsValue::from_str(&user)),
                ];
                let w = watch(self, &handle, &topic, true);
                if let Ok(mut m) = self.moderation.try_borrow_mut() {
                    m.me_watch = Some(w);
                }
            }
        }
        if need_participants {
            let topic = [
                ("kind", JsValue::from_str("participants")),
                ("conversationId", conversation),
                ("limit", JsValue::from_f64(PARTICIPANTS_LIMIT)),
            ];
            let w = watch(self, &handle, &topic, false);
            if let Ok(mut m) = self.moderation.try_borrow_mut() {
                m.participants_watch = Some(w);
            }
        }
        self.show_muted();
    }

    /// Disables the composer of a muted user and says until when.
    fn show_muted(&self) {
        let Ok(mut m) = self.moderation.try_borrow_mut() else {
            return;
        };
        let muted = js::get(&m.me, "isMuted").as_bool() == Some(true);
        let until = js::get(&m.me, "mutedUntil").as_f64();
        let notice = m.notice.clone();
        let created = self.with_view(|view| {
            if muted {
                view.input.set_disabled(true);
                view.button.set_disabled(true);
            }
            let notice = notice.unwrap_or_else(|| {
                let el = dom::element(&view.doc, "div", "ce-muted-notice");
                dom::set_attr(&el, "role", "status");
                let form = view.root.query_selector(".ce-composer").ok().flatten();
                let _ = view
                    .root
                    .insert_before(&el, form.as_ref().map(|f| f.as_ref()));
                el
            });
            let locale = i18n::of(&view.root);
            let text = match until {
                Some(ms) => i18n::tr(locale, Text::MutedUntil, &[&date_time(locale, ms)]),
                None => i18n::t(locale, Text::MutedIndefinitely).to_owned(),
            };
            let shown = if muted { Some(text.as_str()) } else { None };
            if notice.text_content().as_deref() != shown.or(Some("")) {
                notice.set_text_content(shown);
            }
            dom::set_hidden(&notice, !muted);
            notice
        });
        if let Some(notice) = created {
            m.notice = Some(notice);
        }
    }

    /// The status line under the messages (`error` marks a failure).
    /// The status line says `template` about `name` (isolated, see `dom::set_sentence`).
    fn set_status_naming(&self, template: &str, name: &str) {
        self.set_status("", false);
        if let Some(status) = self.moderation.borrow().status.clone() {
            dom::set_sentence(&status, template, &[&[name.to_owned()]], "");
        }
    }

    fn set_status(&self, text: &str, error: bool) {
        let Ok(mut m) = self.moderation.try_borrow_mut() else {
            return;
        };
        let existing = m.status.clone();
        let status = self.with_view(|view| {
            let status = existing.unwrap_or_else(|| {
                let el = dom::element(&view.doc, "div", "ce-mod-status");
                dom::set_attr(&el, "role", "status");
                let _ = view.root.insert_before(&el, Some(&view.typing));
                el
            });
            status.set_class_name(if error {
                "ce-mod-status ce-danger"
            } else {
                "ce-mod-status"
            });
            status.set_text_content(Some(text));
            status
        });
        if let Some(status) = status {
            m.status = Some(status);
        }
    }
}

/// "3 Dec 2026, 14:05" in the page's language.
fn date_time(locale: i18n::Locale, ms: f64) -> String {
    let options = js::object(&[
        ("dateStyle", JsValue::from_str("medium")),
        ("timeStyle", JsValue::from_str("short")),
    ]);
    i18n::date(locale, ms, &options)
}
