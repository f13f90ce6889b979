//! Browser tests: the SDK in Chromium against the real server (demo mode).
//!
//! The test script starts `chat-elements-server --demo` and compiles these tests with
//! `CHAT_TEST_SERVER_URL=http://127.0.0.1:PORT`. Without it every test that needs the server
//! fails with a message saying so. `wire` needs no server.

#![cfg(target_arch = "wasm32")]

#[path = "browser/data_api.rs"]
mod data_api;
#[path = "browser/data_api_subscriptions.rs"]
mod data_api_subscriptions;
#[path = "browser/element.rs"]
mod element;
#[path = "browser/emitter.rs"]
mod emitter;
#[path = "browser/engine.rs"]
mod engine;
#[path = "browser/engine_streams.rs"]
mod engine_streams;
#[path = "browser/engine_support.rs"]
mod engine_support;
#[path = "browser/file_urls.rs"]
mod file_urls;
#[path = "browser/session.rs"]
mod session;
#[path = "browser/support.rs"]
mod support;
#[path = "browser/wire.rs"]
mod wire;
#[path = "browser/wire_requests.rs"]
mod wire_requests;

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
