//! File uploads on `ChatSession`: `uploadFile`, `uploadImage`, `uploadVideo`, `uploadAudio` and
//! `uploadVoice` (`POST /v1/files`, see docs/PROTOCOL.md), each resolving with the `FileToken` to
//! send in a `{ type: "file", fileToken }` content block.
//!
//! The token goes in the `Authorization` header (never in the URL). A token refused with a token
//! code is refreshed through the session and the upload sent once more.

use chat_elements_core::ids::decimal;
use js_sys::{Function, JsString, Number, Promise, JSON};
use wasm_bindgen::prelude::*;
use web_sys::Blob;

use crate::chat_session::ChatSession;
use crate::data::args::{self, invalid};
use crate::data::promise::rejected;
use crate::data::xhr::{self, Reply};
use crate::errors::Error;
use crate::js;
use crate::session::handle::SessionHandle;
use crate::wire;
use chat_elements_protocol::ErrorCode;

#[wasm_bindgen]
impl ChatSession {
    /// Uploads a file: `metadata` is `{ filename, onProgress? }`. Resolves with its FileToken.
    #[wasm_bindgen(js_name = uploadFile, unchecked_return_type = "Promise<FileToken>")]
    pub fn upload_file(&self, data: JsValue, metadata: JsValue) -> Promise {
        upload(&self.handle(), Kind::File, &data, &metadata)
    }

    /// Uploads an image: `{ filename, width?, height?, onProgress? }`.
    #[wasm_bindgen(js_name = uploadImage, unchecked_return_type = "Promise<FileToken>")]
    pub fn upload_image(&self, data: JsValue, metadata: JsValue) -> Promise {
        upload(&self.handle(), Kind::Image, &data, &metadata)
    }

    /// Uploads a video: `{ filename, width?, height?, duration?, onProgress? }`.
    #[wasm_bindgen(js_name = uploadVideo, unchecked_return_type = "Promise<FileToken>")]
    pub fn upload_video(&self, data: JsValue, metadata: JsValue) -> Promise {
        upload(&self.handle(), Kind::Video, &data, &metadata)
    }

    /// Uploads an audio file: `{ filename, duration?, onProgress? }`.
    #[wasm_bindgen(js_name = uploadAudio, unchecked_return_type = "Promise<FileToken>")]
    pub fn upload_audio(&self, data: JsValue, metadata: JsValue) -> Promise {
        upload(&self.handle(), Kind::Audio, &data, &metadata)
    }

    /// Uploads a voice recording: `{ filename, duration?, onProgress? }`.
    #[wasm_bindgen(js_name = uploadVoice, unchecked_return_type = "Promise<FileToken>")]
    pub fn upload_voice(&self, data: JsValue, metadata: JsValue) -> Promise {
        upload(&self.handle(), Kind::Voice, &data, &metadata)
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    File,
    Image,
    Video,
    Audio,
    Voice,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::File => "file",
            Kind::Image => "image",
            Kind::Video => "video",
            Kind::Audio => "audio",
            Kind::Voice => "voice",
        }
    }
}

/// A checked upload: the bytes, the query string, and the progress callback.
struct Upload {
    data: Blob,
    query: String,
    on_progress: Option<Function>,
}

fn upload(handle: &SessionHandle, kind: Kind, data: &JsValue, metadata: &JsValue) -> Promise {
    let upload = match Upload::parse(kind, data, metadata) {
        Ok(upload) => upload,
        Err(error) => return rejected(error),
    };
    let handle = handle.clone();
    crate::js::promise(Box::pin(async move {
        upload.run(&handle).await.map_err(JsValue::from)
    }))
}

impl Upload {
    fn parse(kind: Kind, data: &JsValue, metadata: &JsValue) -> Result<Upload, Error> {
        let data = data
            .dyn_ref::<Blob>()
            .cloned()
            .ok_or_else(|| invalid("the data to upload must be a Blob (or a File)"))?;
        let metadata = args::params(metadata, "the metadata", false)?;
        let filename = args::non_empty(&js::get(&metadata, "filename"), "metadata.filename")?;
        let mut query = [
            "kind=",
            kind.name(),
            "&filename=",
            &String::from(js_sys::encode_uri_component(&filename)),
        ]
        .concat();
        let sized = matches!(kind, Kind::Image | Kind::Video);
        let timed = matches!(kind, Kind::Video | Kind::Audio | Kind::Voice);
        let fields = [
            ("width", sized, true),
            ("height", sized, true),
            ("duration", timed, false),
        ];
        for (key, applies, whole) in fields {
            let value = js::get(&metadata, key);
            if !applies || value.is_undefined() || value.is_null() {
                continue;
            }
            let valid = value.as_f64().is_some_and(|n| {
                n.is_finite() && n >= 0.0 && (!whole || n >= 1.0 && n.fract() == 0.0)
            });
            if !valid {
                return Err(invalid(
                    [
                        "metadata.",
                        key,
                        if whole {
                            " must be a whole number of pixels"
                        } else {
                            " must be a number of seconds"
                        },
                    ]
                    .concat(),
                ));
            }
            query.push('&');
            query.push_str(key);
            query.push('=');
            let text: JsString = Number::unchecked_from_js(value)
                .to_string_with_radix(10)
                .unwrap_or_else(|_| JsString::from("0"));
            query.push_str(&String::from(text));
        }
        let on_progress = args::callback(&js::get(&metadata, "onProgress"), "metadata.onProgress")?;
        Ok(Upload {
            data,
            query,
            on_progress,
        })
    }

    /// Sends the upload; a token refused with a token code is refreshed and the upload sent
    /// once more.
    async fn run(&self, handle: &SessionHandle) -> Result<JsValue, Error> {
        let url = [&handle.server_url(), "/v1/files?", &self.query].concat();
        let mut refused: Option<String> = None;
        loop {
            let token = token(handle, refused.as_deref()).await?;
            let reply = xhr::post(&url, &token, &self.data, self.on_progress.as_ref()).await?;
            match outcome(&reply) {
                Err(Error::Server { code, message })
                    if reply.status == 401 && code.is_token_problem() && refused.is_none() =>
                {
                    let error = Error::server(code, message);
                    if !handle.http_token_refused(&token, error.clone()) {
                        return Err(error);
                    }
                    refused = Some(token);
                }
                other => return other,
            }
        }
    }
}

/// The session's token (other than `refused`), waiting for the server to accept one when there is
/// none: a call is answered only on a socket authenticated with the current token.
async fn token(handle: &SessionHandle, refused: Option<&str>) -> Result<String, Error> {
    if let Some(token) = handle.http_token()?.filter(|t| Some(t.as_str()) != refused) {
        return Ok(token);
    }
    handle.call(args::request("ping", &[])).await?;
    handle
        .http_token()?
        .ok_or_else(|| Error::server(ErrorCode::AuthRequired, "no token was accepted"))
}

/// The FileToken of a `201`, or the error the server described (`{ code, message }`).
fn outcome(reply: &Reply) -> Result<JsValue, Error> {
    let body = JSON::parse(&reply.body).unwrap_or(JsValue::UNDEFINED);
    if (200..300).contains(&reply.status) {
        let token = js::get(&body, "fileToken");
        return match token.as_string() {
            Some(text) if !text.is_empty() => Ok(token),
            _ => Err(Error::server(
                ErrorCode::Internal,
                "the server's answer to the upload has no fileToken",
            )),
        };
    }
    let code = match wire::string(&body, "code") {
        Some(code) => wire::error_code(&code),
        None => match reply.status {
            400 => ErrorCode::InvalidArgument,
            401 => ErrorCode::AuthRequired,
            403 => ErrorCode::Forbidden,
            413 => ErrorCode::TooLarge,
            429 => ErrorCode::RateLimited,
            500 => ErrorCode::Internal,
            _ => ErrorCode::Unavailable,
        },
    };
    let message = wire::string(&body, "message").unwrap_or_else(|| {
        [
            "the upload failed (HTTP ",
            &decimal(reply.status.into()),
            ")",
        ]
        .concat()
    });
    Err(Error::server(code, message))
}

/// An upload for the SDK's own UI (the chat-element's composer): `kind` is `"file"`, `"image"`
/// or `"video"`; `on_progress(sent, total)` as for `uploadFile`. Resolves with the FileToken.
#[cfg(feature = "elements")]
pub(crate) async fn upload_blob(
    handle: &SessionHandle,
    kind: &str,
    data: &Blob,
    filename: &str,
    on_progress: Option<&Function>,
) -> Result<JsValue, Error> {
    let upload = Upload {
        data: data.clone(),
        query: [
            "kind=",
            kind,
            "&filename=",
            &String::from(js_sys::encode_uri_component(filename)),
        ]
        .concat(),
        on_progress: on_progress.cloned(),
    };
    upload.run(handle).await
}
