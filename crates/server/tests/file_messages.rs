//! File blocks in messages over a real WebSocket: an upload sent, received and downloaded by
//! participants only, a FileToken sent again, and forged tokens refused.

mod common;

use std::sync::atomic::{AtomicU64, Ordering};

use chat_elements_protocol::{ContentBlock, ErrorCode, FileBlock, FileSubtype, Message};
use common::files::png_bytes;
use common::{send_content, TestServer};
use serde_json::{json, Value};

/// Client ids for sends, unique within the test binary.
static NEXT_KEY: AtomicU64 = AtomicU64::new(1);

/// Sends `blocks` from `client` and returns the stored message.
async fn send_blocks(client: &mut common::Client, conversation: &str, blocks: Value) -> Message {
    let content: Vec<ContentBlock> = serde_json::from_value(blocks).unwrap();
    let key = format!("k-{}", NEXT_KEY.fetch_add(1, Ordering::Relaxed));
    client
        .send_full(send_content(conversation, &key, content))
        .await
        .unwrap()
        .0
}

fn file_block(message: &Message) -> &FileBlock {
    match message.content.as_slice() {
        [ContentBlock::File(file), ..] => file,
        other => panic!("expected a file block first, got {other:?}"),
    }
}

#[tokio::test]
async fn an_image_is_uploaded_sent_and_downloaded_by_participants() {
    let server = TestServer::start().await;
    let uploaded = server
        .upload_ok(
            "alice",
            "kind=image&filename=cat%20%C3%A9.png&width=1&height=1",
            "image/png",
            png_bytes(),
        )
        .await;
    assert_eq!(uploaded["type"], "file");
    assert_eq!(uploaded["subtype"], "image");
    assert_eq!(uploaded["filename"], "cat é.png");
    assert_eq!(uploaded["size"], png_bytes().len());
    assert_eq!(uploaded["width"], 1);
    let token = uploaded["fileToken"].as_str().unwrap().to_owned();

    let mut alice = server.client("alice").await;
    let mut bob = server.client("bob").await;
    bob.subscribe("demo", None).await.unwrap();
    let message = send_blocks(
        &mut alice,
        "demo",
        json!([{ "type": "file", "fileToken": token }, { "type": "text", "children": ["look"] }]),
    )
    .await;
    let (_, _, received) = bob.next_event().await;
    let block = file_block(&received);
    assert_eq!(block.subtype, Some(FileSubtype::Image));
    assert_eq!(block.file_token, token);
    assert_eq!(block.size, Some(png_bytes().len() as u64));
    assert_eq!(block.content_type.as_deref(), Some("image/png"));
    assert_eq!(received.plaintext, "look");
    assert_eq!(file_block(&message).filename.as_deref(), Some("cat é.png"));

    // The signed URL works without any other credential, as an <img> would load it.
    let url = block.url.clone().unwrap();
    assert!(
        url.starts_with("/v1/files/file_") && url.contains("signature="),
        "{url}"
    );
    let got = server.download(&url, None).await;
    assert_eq!(got.status, 200);
    assert_eq!(got.body, png_bytes());
    assert_eq!(got.header("content-type"), "image/png");
    assert_eq!(got.header("x-content-type-options"), "nosniff");
    assert_eq!(got.header("content-security-policy"), "sandbox");
    assert!(got.header("content-disposition").starts_with("inline;"));

    // With a bearer token: participants yes, others no, nobody without credentials.
    let path = url.split('?').next().unwrap().to_owned();
    assert_eq!(server.download(&path, Some("bob")).await.status, 200);
    let carol = server.download(&path, Some("carol")).await;
    assert_eq!(carol.status, 403);
    assert_eq!(carol.json()["code"], "FORBIDDEN");
    let anonymous = server.download(&path, None).await;
    assert_eq!(anonymous.status, 401);
    assert_eq!(anonymous.json()["code"], "AUTH_REQUIRED");

    // History and getMessage carry the file too, with a working URL.
    let (history, _) = bob.history("demo", None, None).await.unwrap();
    let again = file_block(history.last().unwrap()).url.clone().unwrap();
    assert_eq!(server.download(&again, None).await.status, 200);
}

#[tokio::test]
async fn a_file_token_can_be_sent_again_and_cannot_be_forged() {
    let server = TestServer::start().await;
    let uploaded = server
        .upload_ok(
            "alice",
            "filename=notes.txt",
            "text/plain",
            b"notes".to_vec(),
        )
        .await;
    let token = uploaded["fileToken"].as_str().unwrap().to_owned();
    let mut alice = server.client("alice").await;
    let first = send_blocks(
        &mut alice,
        "demo",
        json!([{ "type": "file", "fileToken": token }]),
    )
    .await;
    assert_eq!(first.plaintext, "", "a file has no text");

    // Resending the whole received block works; what the client says about the file is ignored.
    let mut resent = serde_json::to_value(&first.content[0]).unwrap();
    resent["filename"] = json!("evil.html");
    resent["size"] = json!(1);
    let mut carol = server.client("carol").await;
    carol
        .write(json!({ "op": "createConversation", "conversationId": "c2" }))
        .await
        .unwrap();
    carol
        .write(json!({ "op": "createParticipant", "conversationId": "c2", "userId": "alice" }))
        .await
        .unwrap();
    let second = send_blocks(&mut alice, "c2", json!([resent])).await;
    let block = file_block(&second);
    assert_eq!(block.filename.as_deref(), Some("notes.txt"));
    assert_eq!(block.size, Some(5));
    let path = block
        .url
        .as_deref()
        .unwrap()
        .split('?')
        .next()
        .unwrap()
        .to_owned();
    assert_eq!(
        server.download(&path, Some("carol")).await.status,
        200,
        "sent in c2 too"
    );
    assert_eq!(
        server.download(&path, Some("bob")).await.status,
        200,
        "still in demo"
    );

    // Deleting the message in demo ends bob's access; carol still has it through c2.
    alice.delete_message("demo", &first.id).await.unwrap();
    assert_eq!(server.download(&path, Some("bob")).await.status, 403);
    assert_eq!(server.download(&path, Some("carol")).await.status, 200);

    let forged = token.replace(&token[token.len() - 4..], "AAAA");
    let result = alice
        .call(send_content(
            "demo",
            "k-forged",
            serde_json::from_value(json!([{ "type": "file", "fileToken": forged }])).unwrap(),
        ))
        .await;
    assert_eq!(common::code(result), ErrorCode::InvalidArgument);

    // Files are not text: search never returns them.
    let page = alice
        .search_messages("notes", None, None, None)
        .await
        .unwrap();
    assert!(page.results.is_empty());
}
