//! Browser tests: the SDK in Chromium against the real server (demo mode).
//!
//! The test script starts `chat-elements-server --demo` and compiles these tests with
//! `CHAT_TEST_SERVER_URL=http://127.0.0.1:PORT`. Without it every test that needs the server
//! fails with a message saying so. `wire` needs no server.

#![cfg(target_arch = "wasm32")]

#[path = "browser/element.rs"]
mod element;
#[path = "browser/session.rs"]
mod session;
#[path = "browser/support.rs"]
mod support;
#[path = "browser/wire.rs"]
mod wire;

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
