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
use web_sys::{Element, HtmlElement};

use super::ElementShared;
use chat_elements_protocol::ErrorCode;

use crate::dom;
use crate::errors::Error;
use crate::i18n::{self, Text};
use crate::js;
use crate::session::handle::{SessionHandle, Update, WatchHandle};

/// Participants watched for an admin's menu (the server's largest window).
const PARTICIPANTS_LIMIT: f64 = 500.0;

/// The durations offered by "Mute…": label, key (`data-duration`) and milliseconds (`None`:
/// until unmuted).
const DURATIONS: [(Text, &str, Option<f64>); 4] = [
    (Text::OneHour, "hour", Some(3_600_000.0)),
    (Text::OneDay, "day", Some(86_400_000.0)),
    (Text::OneWeek, "week", Some(604_800_000.0)),
    (Text::UntilUnmuted, "forever", None),
];

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

    /// Adds the moderation items to the open menu of message `id` (when they apply).
    pub(super) fn add_moderation_items(&self, id: &str) {
        let Ok(m) = self.moderation.try_borrow() else {
            return;
        };
        let features = match self.state.try_borrow() {
            Ok(state) => state.options.features,
            Err(_) => return,
        };
        if !m.is_admin() || !(features.ban_user || features.mute_user) {
            return;
        }
        self.with_view(|view| {
            let Some((open, menu)) = &view.modes.menu else {
                return;
            };
            let Some(row) = view
                .rows
                .iter()
                .map(|(_, r)| r)
                .find(|r| r.message_id.as_deref() == Some(id) && open == id)
            else {
                return;
            };
            if row.own || row.sender_id.is_empty() {
                return;
            }
            let target = m.participant(&row.sender_id);
            let role = js::get(
                &js::get(target.as_ref().unwrap_or(&JsValue::NULL), "user"),
                "role",
            );
            if role.as_string().as_deref() == Some("admin") {
                return; // admins cannot moderate admins
            }
            let known = target.is_some() || m.loaded_all();
            let muted = target
                .as_ref()
                .map(|p| js::get(p, "isMuted").as_bool() == Some(true));
            let mut items: Vec<(Text, &str)> = Vec::new();
            if features.mute_user && (target.is_some() || !known) {
                if muted != Some(true) {
                    items.push((Text::Mute, "mod-mute"));
                }
                if muted != Some(false) {
                    items.push((Text::Unmute, "mod-unmute"));
                }
            }
            if features.ban_user {
                items.push((Text::Ban, "mod-ban"));
                if target.is_none() {
                    items.push((Text::Unban, "mod-unban"));
                }
            }
            for (label, action) in items {
                let class = if action == "mod-ban" {
                    "ce-menu-item ce-danger"
                } else {
                    "ce-menu-item"
                };
                let b = i18n::text_el(&view.doc, "button", class, label, i18n::of(&view.root));
                dom::set_attr(&b, "type", "button");
                dom::set_attr(&b, "data-action", action);
                dom::set_attr(&b, "role", "menuitem");
                dom::append(menu, &b);
            }
        });
    }

    /// A click (or Enter) on a moderation button of message `id`; false when `action` is not one.
    pub(super) fn moderation_action(
        self: &Rc<Self>,
        action: &str,
        id: &str,
        hit: &Element,
    ) -> bool {
        let user = self.with_view(|view| {
            view.rows
                .iter()
                .find(|(_, r)| r.message_id.as_deref() == Some(id))
                .map(|(_, r)| r.sender_id.clone())
        });
        let Some(user) = user.flatten() else {
            return action.starts_with("mod-");
        };
        match action {
            "mod-mute" => self.open_panel(id, true),
            "mod-ban" => self.open_panel(id, false),
            "mod-cancel" => self.close_panel(true),
            "mod-unmute" => self.moderate(id, "unmuteParticipant", &user, None),
            "mod-unban" => self.moderate(id, "unbanParticipant", &user, None),
            "mod-ban-confirm" => self.moderate(id, "banParticipant", &user, None),
            "mod-mute-for" => {
                let key = hit.get_attribute("data-duration").unwrap_or_default();
                let Some(&(_, _, ms)) = DURATIONS.iter().find(|(_, k, _)| *k == key) else {
                    return true;
                };
                self.moderate(id, "muteParticipant", &user, ms);
            }
            _ => return false,
        }
        true
    }

    /// The durations of "Mute…" (`mute`) or the ban confirmation, inside message `id`'s row.
    fn open_panel(&self, id: &str, mute: bool) {
        self.close_panel(false);
        let panel = self.with_view(|view| {
            view.close_menu(false);
            let row = view
                .rows
                .iter()
                .map(|(_, r)| r)
                .find(|r| r.message_id.as_deref() == Some(id))?;
            let doc = &view.doc;
            let locale = i18n::of(&view.root);
            let panel = dom::element(doc, "div", "ce-mod-panel ce-confirm");
            dom::set_attr(&panel, "role", "group");
            let question = if mute {
                Text::MuteForHowLong
            } else {
                Text::BanQuestion
            };
            i18n::set_label(&panel, "aria-label", question, locale);
            dom::append(&panel, &i18n::text_el(doc, "span", "", question, locale));
            let mut first = None;
            let mut add = |label: Text, action: &str, class: &str| {
                let b = i18n::text_el(doc, "button", class, label, locale);
                dom::set_attr(&b, "type", "button");
                dom::set_attr(&b, "data-action", action);
                dom::append(&panel, &b);
                first.get_or_insert(b.clone());
                b
            };
            if mute {
                for (label, key, _) in DURATIONS {
                    let b = add(label, "mod-mute-for", "ce-mod-duration");
                    dom::set_attr(&b, "data-duration", key);
                }
                add(Text::Cancel, "mod-cancel", "ce-mod-cancel");
            } else {
                add(Text::Ban, "mod-ban-confirm", "ce-mod-ban ce-danger");
                let cancel = add(Text::Cancel, "mod-cancel", "ce-mod-cancel");
                first = Some(cancel); // the safe choice has the focus
            }
            dom::append(&row.node, &panel);
            if let Some(el) = first.as_ref().and_then(|b| b.dyn_ref::<HtmlElement>()) {
                let _ = el.focus();
            }
            Some(panel)
        });
        if let (Some(Some(panel)), Ok(mut m)) = (panel, self.moderation.try_borrow_mut()) {
            m.panel = Some((id.to_owned(), panel));
        }
    }

    /// Closes the panel (Escape, Cancel, or done), optionally focusing the message's `⋯` again.
    pub(super) fn close_panel(&self, refocus: bool) {
        let open = self
            .moderation
            .try_borrow_mut()
            .ok()
            .and_then(|mut m| m.panel.take());
        let Some((id, panel)) = open else {
            return;
        };
        panel.remove();
        if refocus {
            self.with_view(|view| {
                let row = view
                    .rows
                    .iter()
                    .find(|(_, r)| r.message_id.as_deref() == Some(id.as_str()));
                if let Some(el) = row.and_then(|(_, r)| r.toggle.dyn_ref::<HtmlElement>()) {
                    let _ = el.focus();
                }
            });
        }
    }

    /// Asks the server to `op` (mute, unmute, ban, unban) `user`, and says how it went.
    fn moderate(self: &Rc<Self>, id: &str, op: &str, user: &str, duration_ms: Option<f64>) {
        self.close_panel(true);
        let Some(handle) = self.handle() else {
            return;
        };
        let request = js::object(&[
            ("op", JsValue::from_str(op)),
            ("conversationId", JsValue::from_str(&self.channel_id())),
            ("userId", JsValue::from_str(user)),
        ]);
        if let Some(ms) = duration_ms {
            js::set(&request, "durationMs", &JsValue::from_f64(ms));
        }
        let name = self
            .with_view(|view| {
                view.rows
                    .iter()
                    .find(|(_, r)| r.message_id.as_deref() == Some(id))
                    .and_then(|(_, r)| r.sender.text_content())
            })
            .flatten()
            .unwrap_or_else(|| user.to_owned());
        let locale = self
            .with_view(|view| i18n::of(&view.root))
            .unwrap_or_default();
        let done = match op {
            "muteParticipant" => Text::IsMuted,
            "unmuteParticipant" => Text::IsUnmuted,
            "banParticipant" => Text::IsBanned,
            _ => Text::IsUnbanned,
        };
        let weak = Rc::downgrade(self);
        wasm_bindgen_futures::spawn_local(async move {
            let result = handle.call(request.unchecked_into()).await;
            let Some(el) = weak.upgrade() else {
                return;
            };
            match result {
                Ok(_) => el.set_status(&i18n::tr(locale, done, &[&name]), false),
                Err(error) => {
                    let reason = match &error {
                        Error::Server {
                            code: ErrorCode::Forbidden,
                            ..
                        } => [i18n::t(locale, Text::OnlyAdmins), " ", &error.to_string()].concat(),
                        other => other.to_string(),
                    };
                    el.set_status(&i18n::tr(locale, Text::ModerationFailed, &[&reason]), true);
                    el.emit_error(&error);
                }
            }
        });
    }

    /// The status line under the messages (`error` marks a failure).
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
