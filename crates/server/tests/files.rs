//! File uploads and downloads over real HTTP: limits, type checks, signed URLs, and headers
//! that keep uploaded HTML and SVG from running in the server's origin.

mod common;

use common::files::png_bytes;
use common::TestServer;

#[tokio::test]
async fn signed_urls_expire_and_cannot_be_altered() {
    let server = TestServer::start().await;
    let uploaded = server
        .upload_ok(
            "alice",
            "kind=image&filename=a.png",
            "image/png",
            png_bytes(),
        )
        .await;
    let url = uploaded["url"].as_str().unwrap().to_owned();
    assert_eq!(server.download(&url, None).await.status, 200);
    let id = url.split('/').nth(3).unwrap().to_owned();

    let signer = &server.state().files.signer;
    let past = chat_elements_server::ids::now_ms() / 1000 - 1;
    let expired = signer.url_expiring(&id, "a.png", past);
    let refused = server.download(&expired, None).await;
    assert_eq!(refused.status, 403);
    assert!(refused.json()["message"]
        .as_str()
        .unwrap()
        .contains("expired"));

    let tampered = url.replace("expires=", "expires=9");
    assert_eq!(server.download(&tampered, None).await.status, 403);
    let other_file = url.replace(&id, "file_00000000000000000000000000000000");
    assert_eq!(server.download(&other_file, None).await.status, 403);
    let no_signature = format!("{}?expires=99999999999", url.split('?').next().unwrap());
    assert_eq!(server.download(&no_signature, None).await.status, 403);
}

#[tokio::test]
async fn html_and_svg_are_only_ever_attachments() {
    let server = TestServer::start().await;
    let html = b"<!doctype html><script>alert(document.domain)</script>".to_vec();
    let svg = b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>".to_vec();
    for (filename, content_type, bytes) in [
        ("page.html", "text/html", html.clone()),
        ("logo.svg", "image/svg+xml", svg.clone()),
    ] {
        let uploaded = server
            .upload_ok(
                "alice",
                &format!("filename={filename}"),
                content_type,
                bytes.clone(),
            )
            .await;
        assert_eq!(
            uploaded.get("subtype"),
            None,
            "a generic file has no subtype"
        );
        let got = server
            .download(uploaded["url"].as_str().unwrap(), None)
            .await;
        assert_eq!(got.status, 200);
        assert_eq!(got.body, bytes);
        assert_eq!(got.header("content-type"), "application/octet-stream");
        assert_eq!(got.header("x-content-type-options"), "nosniff");
        assert_eq!(got.header("content-security-policy"), "sandbox");
        assert!(
            got.header("content-disposition").starts_with("attachment;"),
            "{filename}: {}",
            got.header("content-disposition")
        );
    }
    // Neither may pose as an image.
    let svg_image = server
        .upload(
            Some("alice"),
            "kind=image&filename=x.svg",
            "image/svg+xml",
            svg,
        )
        .await;
    assert_eq!(svg_image.status, 400);
    assert!(svg_image.json()["message"]
        .as_str()
        .unwrap()
        .contains("SVG"));
    let html_png = server
        .upload(
            Some("alice"),
            "kind=image&filename=x.png",
            "image/png",
            html.clone(),
        )
        .await;
    assert_eq!(html_png.status, 400);
    assert_eq!(html_png.json()["code"], "INVALID_ARGUMENT");
    let html_file_png = server
        .upload(Some("alice"), "filename=x.png", "image/png", html)
        .await;
    assert_eq!(
        html_file_png.status, 400,
        "a declared media type must match the bytes"
    );
    let jpeg_png = server
        .upload(
            Some("alice"),
            "kind=image&filename=x.jpg",
            "image/jpeg",
            png_bytes(),
        )
        .await;
    assert_eq!(jpeg_png.status, 400);
}

#[tokio::test]
async fn uploads_need_a_token_in_the_header_and_valid_metadata() {
    let server = TestServer::start_with(|config| config.files.max_upload_bytes = 1024).await;
    let anonymous = server
        .upload(None, "filename=a.txt", "text/plain", b"hi".to_vec())
        .await;
    assert_eq!(anonymous.status, 401);
    assert_eq!(anonymous.json()["code"], "AUTH_REQUIRED");
    let in_url = format!("filename=a.txt&token={}", server.token("alice"));
    assert_eq!(
        server
            .upload(None, &in_url, "text/plain", b"hi".to_vec())
            .await
            .status,
        401
    );
    let forged = server
        .http()
        .post(server.url("/v1/files?filename=a.txt"))
        .bearer_auth("not.a.jwt")
        .body("hi")
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 401);

    let limit = server
        .upload(
            Some("alice"),
            "filename=big.bin",
            "application/octet-stream",
            vec![7; 1025],
        )
        .await;
    assert_eq!(limit.status, 413);
    assert_eq!(limit.json()["code"], "TOO_LARGE");
    let at_limit = server
        .upload(
            Some("alice"),
            "filename=ok.bin",
            "application/octet-stream",
            vec![7; 1024],
        )
        .await;
    assert_eq!(at_limit.status, 201);

    for (query, why) in [
        ("kind=image", "no filename"),
        ("filename=", "empty filename"),
        ("filename=a&kind=pdf", "unknown kind"),
        ("filename=a&width=10", "width on a generic file"),
        ("kind=image&filename=a&width=0", "zero width"),
        ("kind=voice&filename=a&duration=-1", "negative duration"),
        ("kind=image&filename=a&duration=3", "duration on an image"),
    ] {
        let reply = server
            .upload(Some("alice"), query, "image/png", png_bytes())
            .await;
        assert_eq!(reply.status, 400, "{why}");
    }
    let empty = server
        .upload(
            Some("alice"),
            "filename=empty.txt",
            "text/plain",
            Vec::new(),
        )
        .await;
    assert_eq!(empty.status, 400);
    let voice = server
        .upload_ok(
            "alice",
            "kind=voice&filename=v.ogg&duration=2.5",
            "audio/ogg; codecs=opus",
            b"OggS\0\x02rest".to_vec(),
        )
        .await;
    assert_eq!(voice["subtype"], "voice");
    assert_eq!(voice["duration"], 2.5);
}
