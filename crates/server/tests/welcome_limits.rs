//! The welcome announces the limits a client checks before sending, the upload size among them
//! (so the SDK refuses a file that is too large without uploading it).

mod common;

use chat_elements_protocol::Limits;
use common::TestServer;

#[tokio::test]
async fn the_welcome_carries_the_configured_upload_limit() {
    let server = TestServer::start_with(|config| config.files.max_upload_bytes = 1_572_864).await;
    let token = server.token("alice");
    let mut client = server.connect().await;
    let welcome = client.auth(&token).await.unwrap();
    assert_eq!(welcome.limits.max_upload_bytes, 1_572_864);
    assert_eq!(
        welcome.limits.max_text_chars,
        Limits::DEFAULT.max_text_chars
    );
    server.stop().await;
}

#[tokio::test]
async fn by_default_the_upload_limit_is_25_mib() {
    let server = TestServer::start().await;
    let token = server.token("alice");
    let mut client = server.connect().await;
    let welcome = client.auth(&token).await.unwrap();
    assert_eq!(welcome.limits.max_upload_bytes, 25 * 1024 * 1024);
    server.stop().await;
}
