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
    /// The connection closed (or could not be opened), with the close code.
    Closed {
        code: u16,
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
    /// One closure for the `open`, `message` and `close` events (one closure type in the wasm).
    _on_event: Closure<dyn FnMut(Event)>,
}

impl Socket {
    /// Opens a socket to `url`; `handler` receives its events until the socket is dropped.
    pub fn open(url: &str, handler: impl Fn(SocketEvent) + 'static) -> Result<Socket, Error> {
        Socket::open_boxed(url, Box::new(handler))
    }

    fn open_boxed(url: &str, handler: Box<dyn Fn(SocketEvent)>) -> Result<Socket, Error> {
        let ws = WebSocket::new(url).map_err(|e| {
            Error::Network(
                [
                    "cannot open a WebSocket to ",
                    url,
                    ": ",
                    &crate::errors::describe(&e),
                ]
                .concat(),
            )
        })?;
        #[cfg(feature = "test-hooks")]
        OPENED.with(|n| n.set(n.get() + 1));
        let on_event = Closure::<dyn FnMut(Event)>::own_aborting(move |event: Event| {
            match event.type_().as_str() {
                "message" => {
                    let message: &MessageEvent = event.unchecked_ref();
                    // Binary frames are not part of the protocol; ignore them.
                    if let Some(text) = message.data().as_string() {
                        handler(SocketEvent::Message(text));
                    }
                }
                "close" => {
                    let close: &CloseEvent = event.unchecked_ref();
                    handler(SocketEvent::Closed { code: close.code() });
                }
                "open" => handler(SocketEvent::Open),
                _ => {}
            }
        });
        let callback = Some(on_event.as_ref().unchecked_ref());
        ws.set_onopen(callback);
        ws.set_onmessage(callback);
        ws.set_onclose(callback);
        Ok(Socket {
            ws,
            _on_event: on_event,
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
