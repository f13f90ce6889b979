//! A WebSocket whose event handlers live exactly as long as the wrapper.
//!
//! Dropping a [`Socket`] detaches its handlers and closes the connection, so no callback of a
//! replaced socket can ever run.

use wasm_bindgen::prelude::*;
use web_sys::{CloseEvent, Event, MessageEvent, WebSocket};

use crate::errors::Error;

/// What the socket reports.
pub enum SocketEvent {
    Open,
    /// A text frame.
    Message(String),
    /// The connection closed (or could not be opened).
    Closed {
        code: u16,
        reason: String,
    },
}

#[cfg(feature = "test-hooks")]
thread_local! {
    static OPENED: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// How many sockets this page has opened (for the browser tests).
#[cfg(feature = "test-hooks")]
pub fn sockets_opened() -> u64 {
    OPENED.with(std::cell::Cell::get)
}

pub struct Socket {
    ws: WebSocket,
    _on_open: Closure<dyn FnMut(Event)>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_close: Closure<dyn FnMut(CloseEvent)>,
}

impl Socket {
    /// Opens a socket to `url`; `handler` receives its events until the socket is dropped.
    pub fn open(url: &str, handler: impl Fn(SocketEvent) + 'static) -> Result<Socket, Error> {
        let ws = WebSocket::new(url).map_err(|e| {
            Error::Network(format!(
                "cannot open a WebSocket to {url}: {}",
                crate::errors::describe(&e)
            ))
        })?;
        #[cfg(feature = "test-hooks")]
        OPENED.with(|n| n.set(n.get() + 1));
        let handler = std::rc::Rc::new(handler);
        let h = handler.clone();
        let on_open =
            Closure::<dyn FnMut(Event)>::own_aborting(move |_: Event| h(SocketEvent::Open));
        let h = handler.clone();
        let on_message =
            Closure::<dyn FnMut(MessageEvent)>::own_aborting(move |event: MessageEvent| {
                // Binary frames are not part of the protocol; ignore them.
                if let Some(text) = event.data().as_string() {
                    h(SocketEvent::Message(text));
                }
            });
        let h = handler;
        let on_close = Closure::<dyn FnMut(CloseEvent)>::own_aborting(move |event: CloseEvent| {
            h(SocketEvent::Closed {
                code: event.code(),
                reason: event.reason(),
            })
        });
        ws.set_onopen(Some(on_open.as_ref().unchecked_ref()));
        ws.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        ws.set_onclose(Some(on_close.as_ref().unchecked_ref()));
        Ok(Socket {
            ws,
            _on_open: on_open,
            _on_message: on_message,
            _on_close: on_close,
        })
    }

    /// Writes a text frame.
    pub fn send(&self, text: &str) -> Result<(), Error> {
        self.ws
            .send_with_str(text)
            .map_err(|e| Error::Network(crate::errors::describe(&e)))
    }
}

impl Drop for Socket {
    fn drop(&mut self) {
        self.ws.set_onopen(None);
        self.ws.set_onmessage(None);
        self.ws.set_onclose(None);
        let state = self.ws.ready_state();
        if state == WebSocket::CONNECTING || state == WebSocket::OPEN {
            let _ = self.ws.close_with_code(1000);
        }
    }
}
