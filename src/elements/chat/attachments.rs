//! The composer's attachments: files chosen with the Attach button (a hidden file input),
//! pasted into the textarea or dropped on the composer. Each file uploads at once
//! (`POST /v1/files`, data/upload.rs) with a progress bar and a remove button; a file over the
//! server's limit is refused before uploading, a failed upload keeps its row with the reason.
//! Send waits for uploads in flight, then sends the text and the uploaded files as one message.
//!
//! ```text
//! div.ce-composer-files
//!   div.ce-upload[data-state=uploading|done|failed]
//!     span.ce-upload-name
//!     div.ce-upload-bar[role=progressbar][aria-valuenow] > div.ce-upload-fill
//!     span.ce-upload-note            the error, if any
//!     button.ce-upload-remove
//! ```

use chat_elements_core::ids::decimal;
use std::rc::Rc;

use js_sys::{Array, Function};
use wasm_bindgen::prelude::*;
use web_sys::{
    ClipboardEvent, Document, DragEvent, Element, Event, File, FileList, HtmlElement,
    HtmlInputElement,
};

use super::mentions::{self, Segment};
use super::ElementShared;
use crate::data::upload::upload_blob;
use crate::dom;
use crate::i18n::{self, Locale, Text};
use crate::js;

enum Status {
    Uploading,
    Done(String),
    Failed,
}

struct Item {
    key: u32,
    status: Status,
    row: Element,
    bar: Element,
    fill: Element,
    note: Element,
}

pub struct Attachments {
    pub list: Element,
    items: Vec<Item>,
    next_key: u32,
    /// Send was asked for while files were uploading: send when they are done.
    send_when_done: bool,
}

impl Attachments {
    pub fn new(doc: &Document) -> Attachments {
        let list = dom::element(doc, "div", "ce-composer-files");
        dom::set_hidden(&list, true);
        Attachments {
            list,
            items: Vec::new(),
            next_key: 1,
            send_when_done: false,
        }
    }

    fn add(&mut self, doc: &Document, name: &str, locale: Locale) -> u32 {
        let key = self.next_key;
        self.next_key += 1;
        let row = dom::element(doc, "div", "ce-upload");
        dom::set_attr(&row, "data-state", "uploading");
        dom::set_attr(&row, "data-key", &decimal(key.into()));
        dom::append(
            &row,
            &dom::user_text_element(doc, "span", "ce-upload-name", name),
        );
        let bar = dom::element(doc, "div", "ce-upload-bar");
        dom::set_attr(&bar, "role", "progressbar");
        dom::set_attr(&bar, "aria-valuemin", "0");
        dom::set_attr(&bar, "aria-valuemax", "100");
        dom::set_attr(&bar, "aria-valuenow", "0");
        i18n::set_label_with(&bar, "aria-label", Text::UploadProgressOf, name, locale);
        let fill = dom::element(doc, "div", "ce-upload-fill");
        dom::append(&bar, &fill);
        dom::append(&row, &bar);
        let note = dom::element(doc, "span", "ce-upload-note");
        dom::append(&row, &note);
        let remove = dom::text_element(doc, "button", "ce-upload-remove", "✕");
        dom::set_attr(&remove, "type", "button");
        i18n::set_label_with(&remove, "aria-label", Text::RemoveFile, name, locale);
        dom::append(&row, &remove);
        dom::append(&self.list, &row);
        dom::set_hidden(&self.list, false);
        self.items.push(Item {
            key,
            status: Status::Uploading,
            row,
            bar,
            fill,
            note,
        });
        key
    }

    fn item(&mut self, key: u32) -> Option<&mut Item> {
        self.items.iter_mut().find(|item| item.key == key)
    }

    fn progress(&mut self, key: u32, sent: f64, total: f64) {
        let Some(item) = self.item(key) else {
            return;
        };
        let percent = if total > 0.0 {
            (sent / total * 100.0).clamp(0.0, 100.0).floor() as u32
        } else {
            100
        };
        let text = decimal(percent.into());
        dom::set_attr(&item.bar, "aria-valuenow", &text);
        if let Some(fill) = item.fill.dyn_ref::<HtmlElement>() {
            let _ = fill
                .style()
                .set_property("width", &[text.as_str(), "%"].concat());
        }
    }

    fn fail(&mut self, key: u32, message: &str) {
        if let Some(item) = self.item(key) {
            item.status = Status::Failed;
            dom::set_attr(&item.row, "data-state", "failed");
            dom::set_attr(&item.note, "role", "alert");
            item.note.set_text_content(Some(message));
            dom::set_hidden(&item.bar, true);
        }
    }

    fn done(&mut self, key: u32, token: String) {
        self.progress(key, 1.0, 1.0);
        if let Some(item) = self.item(key) {
            item.status = Status::Done(token);
            dom::set_attr(&item.row, "data-state", "done");
        }
    }

    pub fn remove(&mut self, key: u32) {
        if let Some(at) = self.items.iter().position(|item| item.key == key) {
            self.items.remove(at).row.remove();
        }
        dom::set_hidden(&self.list, self.items.is_empty());
    }

    pub fn uploading(&self) -> bool {
        self.items
            .iter()
            .any(|item| matches!(item.status, Status::Uploading))
    }

    /// The FileTokens of the uploaded files, in order.
    pub fn tokens(&self) -> Vec<String> {
        self.items
            .iter()
            .filter_map(|item| match &item.status {
                Status::Done(token) => Some(token.clone()),
                _ => None,
            })
            .collect()
    }

    /// After a send: the sent files go; failed ones stay with their reason.
    pub fn clear_sent(&mut self) {
        let keys: Vec<u32> = self
            .items
            .iter()
            .filter(|item| matches!(item.status, Status::Done(_)))
            .map(|item| item.key)
            .collect();
        for key in keys {
            self.remove(key);
        }
    }

    /// Send was asked for: true when it has to wait for uploads in flight (it then happens
    /// when they end).
    pub fn defer_send(&mut self) -> bool {
        self.send_when_done = self.uploading();
        self.send_when_done
    }
}

/// The message payload for the composer's text, mentions and files (`None` when there is
/// nothing to send).
pub fn payload(
    text: &str,
    picked: &[(String, String)],
    tokens: &[String],
    reply: Option<&str>,
) -> Option<JsValue> {
    let segments = mentions::segments(text, picked);
    let payload = if tokens.is_empty() {
        if text.is_empty() {
            return None;
        }
        js::object(&[("text", JsValue::from_str(&mentions::wire_text(&segments)))])
    } else {
        let content = Array::new();
        if segments
            .iter()
            .any(|s| !matches!(s, Segment::Text(t) if t.is_empty()))
        {
            content.push(&mentions::text_block(&segments));
        }
        for token in tokens {
            content.push(&js::object(&[
                ("type", JsValue::from_str("file")),
                ("fileToken", JsValue::from_str(token)),
            ]));
        }
        js::object(&[("content", content.into())])
    };
    if let Some(reply) = reply {
        js::set(&payload, "referencedMessageId", &JsValue::from_str(reply));
    }
    Some(payload)
}

impl ElementShared {
    /// Files chosen, pasted into the composer or dropped on it (`event` is `change`, `paste`,
    /// `dragover` or `drop`, delegated by dispatch.rs): they upload at once.
    pub(super) fn on_file_event(self: &Rc<Self>, event: &Event, picker: Option<&HtmlInputElement>) {
        let files = match event.type_().as_str() {
            "change" => picker.and_then(HtmlInputElement::files),
            "paste" => event
                .dyn_ref::<ClipboardEvent>()
                .and_then(|e| e.clipboard_data())
                .and_then(|data| data.files()),
            "dragover" => {
                let has_files = event
                    .dyn_ref::<DragEvent>()
                    .and_then(|e| e.data_transfer())
                    .is_some_and(|data| data.types().includes(&JsValue::from_str("Files"), 0));
                if has_files {
                    event.prevent_default();
                }
                return;
            }
            _ => event
                .dyn_ref::<DragEvent>()
                .and_then(|e| e.data_transfer())
                .and_then(|data| data.files()),
        };
        if let Some(files) = files.filter(|f| f.length() > 0) {
            if picker.is_none() {
                event.prevent_default();
            }
            self.add_files(&files);
        }
        if let Some(picker) = picker {
            picker.set_value("");
        }
    }

    /// Adds `files` to the composer and starts their uploads.
    pub(super) fn add_files(self: &Rc<Self>, files: &FileList) {
        for index in 0..files.length() {
            if let Some(file) = files.item(index) {
                self.add_file(file);
            }
        }
    }

    fn add_file(self: &Rc<Self>, file: File) {
        let name = file.name();
        let Some((key, locale)) = self.with_view(|view| {
            let locale = i18n::of(&view.root);
            (view.attachments.add(&view.doc, &name, locale), locale)
        }) else {
            return;
        };
        let Some(handle) = self.handle() else {
            return;
        };
        // The server's limit, from its welcome.
        let max = handle.limits().max_upload_bytes as f64;
        if file.size() > max {
            let megabytes = i18n::number(locale, (max / 104_857.6).floor() / 10.0);
            let text = i18n::tr(locale, Text::FileTooLarge, &[&megabytes]);
            self.with_view(|view| view.attachments.fail(key, &text));
            return;
        }
        let mime = file.type_();
        let kind = if mime.starts_with("image/") {
            "image"
        } else if mime.starts_with("video/") {
            "video"
        } else {
            "file"
        };
        let weak = Rc::downgrade(self);
        crate::js::spawn(Box::pin(async move {
            let on_progress = {
                let weak = weak.clone();
                Closure::<dyn FnMut(f64, f64)>::new(move |sent: f64, total: f64| {
                    if let Some(el) = weak.upgrade() {
                        el.with_view(|view| view.attachments.progress(key, sent, total));
                    }
                })
            };
            let callback: &Function = on_progress.as_ref().unchecked_ref();
            let result = upload_blob(&handle, kind, &file, &name, Some(callback)).await;
            drop(on_progress);
            if let Some(el) = weak.upgrade() {
                el.upload_ended(key, result);
            }
        }));
    }

    fn upload_ended(self: &Rc<Self>, key: u32, result: Result<JsValue, crate::errors::Error>) {
        let send = self.with_view(|view| {
            match result.map(|token| token.as_string().unwrap_or_default()) {
                Ok(token) => view.attachments.done(key, token),
                Err(error) => {
                    let locale = i18n::of(&view.root);
                    let message = i18n::tr(locale, Text::UploadFailed, &[&error.message()]);
                    view.attachments.fail(key, &message);
                }
            }
            view.attachments.send_when_done && !view.attachments.uploading()
        });
        if send == Some(true) {
            self.send_from_composer();
        }
    }

    /// A file's remove button.
    pub(super) fn remove_file(&self, button: &Element) {
        let key = button
            .closest(".ce-upload")
            .ok()
            .flatten()
            .and_then(|row| row.get_attribute("data-key"))
            .and_then(|key| key.parse::<u32>().ok());
        if let Some(key) = key {
            self.with_view(|view| view.attachments.remove(key));
        }
    }
}
