//! The moderation items of the actions menu, the panels they open (how long to mute, the ban
//! confirmation) and the requests they send.

use std::rc::Rc;

use chat_elements_protocol::ErrorCode;
use wasm_bindgen::prelude::*;
use web_sys::{Element, HtmlElement};

use super::super::ElementShared;
use crate::dom;
use crate::errors::Error;
use crate::i18n::{self, Text};
use crate::js;

/// The durations offered by "Mute…": label, key (`data-duration`) and milliseconds (`None`:
/// until unmuted).
const DURATIONS: [(Text, &str, Option<f64>); 4] = [
    (Text::OneHour, "hour", Some(3_600_000.0)),
    (Text::OneDay, "day", Some(86_400_000.0)),
    (Text::OneWeek, "week", Some(604_800_000.0)),
    (Text::UntilUnmuted, "forever", None),
];

impl ElementShared {
    /// Adds the moderation items to the open menu of message `id` (when they apply).
    pub(in crate::elements::chat) fn add_moderation_items(&self, id: &str) {
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
    pub(in crate::elements::chat) fn moderation_action(
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
    pub(in crate::elements::chat) fn close_panel(&self, refocus: bool) {
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
        crate::js::spawn(Box::pin(async move {
            let result = handle.call(request.unchecked_into()).await;
            let Some(el) = weak.upgrade() else {
                return;
            };
            match result {
                Ok(_) => el.set_status_naming(i18n::t(locale, done), &name),
                Err(error) => {
                    let reason = match &error {
                        Error::Server {
                            code: ErrorCode::Forbidden,
                            ..
                        } => [i18n::t(locale, Text::OnlyAdmins), " ", &error.message()].concat(),
                        other => other.message(),
                    };
                    el.set_status(&i18n::tr(locale, Text::ModerationFailed, &[&reason]), true);
                    el.emit_error(&error);
                }
            }
        }));
    }
}
