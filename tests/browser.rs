//! Browser tests: the SDK in Chromium against the real server (demo mode).
//!
//! They talk to the demo server at CHAT_TEST_SERVER_URL, read when they are compiled:
//! `.cargo/config.toml` defaults it to the address of `npm start` (http://127.0.0.1:8080), and
//! scripts/test.sh starts a server of its own and sets it. A test that needs the server and finds
//! none fails with a message saying how to start one. `wire` needs no server.

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
