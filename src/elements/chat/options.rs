//! The chat-element's options.

use js_sys::Function;
use wasm_bindgen::prelude::*;

use crate::errors::Error;
use crate::js;

/// What to show when the conversation has no messages.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EmptyState {
    pub title: Option<String>,
    pub description: Option<String>,
    pub image_url: Option<String>,
}

/// The chat's layout (Whop's `style`): bubbles, or left-aligned rows.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub enum ChatStyle {
    #[default]
    IMessage,
    Discord,
}

impl ChatStyle {
    pub fn as_str(self) -> &'static str {
        match self {
            ChatStyle::IMessage => "imessage",
            ChatStyle::Discord => "discord",
        }
    }
}

/// Whop's `features` that this element implements (each `true` unless set to `false`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Features {
    pub ban_user: bool,
    pub mute_user: bool,
}

#[derive(Debug, Clone)]
pub struct ChatOptions {
    /// The conversation to show.
    pub channel_id: String,
    pub empty_state: EmptyState,
    /// Links do not navigate; the application handles `linkClick`.
    pub disable_navigation: bool,
    pub style: ChatStyle,
    pub features: Features,
    /// `features.previewAttachments` (default true): images and videos open in a preview.
    pub preview_attachments: bool,
    /// Scroll to and highlight this message after mounting, loading history as needed.
    pub deeplink_to_post_id: Option<String>,
    pub on_ready: Option<Function>,
    pub on_event: Option<Function>,
}

impl ChatOptions {
    pub fn parse(raw: &JsValue) -> Result<ChatOptions, Error> {
        if !raw.is_object() {
            return Err(Error::InvalidOptions(
                "chat-element options must be an object with a channelId".into(),
            ));
        }
        let channel_id = js::get(raw, "channelId")
            .as_string()
            .filter(|id| !id.is_empty())
            .ok_or_else(|| Error::InvalidOptions("channelId must be a non-empty string".into()))?;
        let empty = js::get(raw, "emptyState");
        let empty_state = EmptyState {
            title: js::get(&empty, "title").as_string(),
            description: js::get(&empty, "description").as_string(),
            image_url: js::get(&js::get(&empty, "image"), "url").as_string(),
        };
        let style = match js::get(raw, "style") {
            v if v.is_undefined() || v.is_null() => ChatStyle::default(),
            v => match v.as_string().as_deref() {
                Some("imessage") => ChatStyle::IMessage,
                Some("discord") => ChatStyle::Discord,
                _ => {
                    return Err(Error::InvalidOptions(
                        "style must be \"imessage\" or \"discord\"".into(),
                    ))
                }
            },
        };
        let features = js::get(raw, "features");
        if !(features.is_undefined() || features.is_null() || features.is_object()) {
            return Err(Error::InvalidOptions("features must be an object".into()));
        }
        let flag = |key: &str| js::get(&features, key).as_bool() != Some(false);
        Ok(ChatOptions {
            channel_id,
            empty_state,
            disable_navigation: js::get(raw, "disableNavigation").as_bool() == Some(true),
            style,
            features: Features {
                ban_user: flag("banUser"),
                mute_user: flag("muteUser"),
            },
            preview_attachments: flag("previewAttachments"),
            deeplink_to_post_id: deeplink(raw)?,
            on_ready: callback(raw, "onReady")?,
            on_event: callback(raw, "onEvent")?,
        })
    }
}

/// `deeplinkToPostId`: a non-empty string, or absent/null.
fn deeplink(raw: &JsValue) -> Result<Option<String>, Error> {
    let value = js::get(raw, "deeplinkToPostId");
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    value
        .as_string()
        .filter(|id| !id.is_empty())
        .map(Some)
        .ok_or_else(|| Error::InvalidOptions("deeplinkToPostId must be a non-empty string".into()))
}

pub(crate) fn callback(raw: &JsValue, key: &str) -> Result<Option<Function>, Error> {
    let value = js::get(raw, key);
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    value
        .dyn_into::<Function>()
        .map(Some)
        .map_err(|_| Error::InvalidOptions([key, " must be a function"].concat()))
}
