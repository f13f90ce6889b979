//! One HTTP `POST` of a `Blob` with upload progress, through `XMLHttpRequest` (`fetch` cannot
//! report how much of a request body was sent).
//!
//! The listeners are Rust closures owned by the request: they are detached and dropped as soon as
//! it ends (`loadend`), whatever the outcome.

use std::cell::Cell;
use std::rc::Rc;

use js_sys::{Function, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, XmlHttpRequest, XmlHttpRequestUpload};

use crate::errors::Error;
use crate::js;

/// What the server answered.
pub struct Reply {
    pub status: u16,
    pub body: String,
}

/// Sends `body` to `url` with `Authorization: Bearer <token>`. `on_progress(sentBytes,
/// totalBytes)` is called as the body goes out, last with `sentBytes == totalBytes` once the
/// server answered 2xx. Fails with `NETWORK` when no answer came (offline, refused, CORS).
pub async fn post(
    url: &str,
    token: &str,
    body: &Blob,
    on_progress: Option<&Function>,
) -> Result<Reply, Error> {
    let failed = |_| Error::Network("the upload could not be started".into());
    let xhr = XmlHttpRequest::new().map_err(failed)?;
    xhr.open("POST", url).map_err(failed)?;
    xhr.set_request_header("Authorization", &["Bearer ", token].concat())
        .map_err(failed)?;
    let total = body.size();
    let sent = Rc::new(Cell::new(-1.0));
    let listeners = Listeners {
        upload: xhr.upload().ok(),
        progress: on_progress.map(|callback| progress_listener(callback.clone(), total, &sent)),
        xhr: xhr.clone(),
    };
    if let (Some(upload), Some(progress)) = (&listeners.upload, &listeners.progress) {
        upload.set_onprogress(Some(progress.as_ref().unchecked_ref()));
    }
    // `loadend` comes last, after `load`, `error`, `abort` or `timeout`.
    let ended = Promise::new(&mut |resolve, _| xhr.set_onloadend(Some(&resolve)));
    xhr.send_with_opt_blob(Some(body)).map_err(failed)?;
    let _ = JsFuture::from(ended).await;
    drop(listeners);

    let status = xhr.status().unwrap_or(0);
    if status == 0 {
        return Err(Error::Network(
            "the upload failed: the server could not be reached".into(),
        ));
    }
    if (200..300).contains(&status) && sent.get() < total {
        if let Some(callback) = on_progress {
            report(callback, total, total);
        }
    }
    Ok(Reply {
        status,
        body: xhr.response_text().ok().flatten().unwrap_or_default(),
    })
}

/// The request's listeners; dropping it detaches and releases them.
struct Listeners {
    xhr: XmlHttpRequest,
    upload: Option<XmlHttpRequestUpload>,
    progress: Option<Closure<dyn FnMut(JsValue)>>,
}

impl Drop for Listeners {
    fn drop(&mut self) {
        self.xhr.set_onloadend(None);
        if let Some(upload) = &self.upload {
            upload.set_onprogress(None);
        }
    }
}

fn progress_listener(
    callback: Function,
    total: f64,
    sent: &Rc<Cell<f64>>,
) -> Closure<dyn FnMut(JsValue)> {
    let sent = sent.clone();
    Closure::new(move |event: JsValue| {
        let loaded = js::get(&event, "loaded").as_f64().unwrap_or(0.0).min(total);
        if loaded > sent.get() {
            sent.set(loaded);
            report(&callback, loaded, total);
        }
    })
}

fn report(callback: &Function, sent: f64, total: f64) {
    let result = callback.call2(
        &JsValue::UNDEFINED,
        &JsValue::from_f64(sent),
        &JsValue::from_f64(total),
    );
    if let Err(thrown) = result {
        js::report("chat-elements: an onProgress callback threw", &thrown);
    }
}
