//! Test support for file uploads and downloads over HTTP.

use serde_json::Value;

use super::TestServer;

/// An HTTP response: status, headers and body.
pub struct HttpReply {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub body: Vec<u8>,
}

impl HttpReply {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or(Value::Null)
    }

    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|value| value.to_str().ok())
            .unwrap_or("")
    }
}

async fn reply(response: reqwest::Response) -> HttpReply {
    HttpReply {
        status: response.status().as_u16(),
        headers: response.headers().clone(),
        body: response.bytes().await.unwrap().to_vec(),
    }
}

impl TestServer {
    /// `POST /v1/files?{query}` with `bytes` as `content_type`, as `user` (no token if `None`).
    pub async fn upload(
        &self,
        user: Option<&str>,
        query: &str,
        content_type: &str,
        bytes: Vec<u8>,
    ) -> HttpReply {
        let mut request = self
            .http()
            .post(self.url(&format!("/v1/files?{query}")))
            .header("content-type", content_type)
            .body(bytes);
        if let Some(user) = user {
            request = request.bearer_auth(self.token(user));
        }
        reply(request.send().await.unwrap()).await
    }

    /// Uploads and returns the file block (panics unless 201).
    pub async fn upload_ok(
        &self,
        user: &str,
        query: &str,
        content_type: &str,
        bytes: Vec<u8>,
    ) -> Value {
        let reply = self.upload(Some(user), query, content_type, bytes).await;
        assert_eq!(
            reply.status,
            201,
            "{}",
            String::from_utf8_lossy(&reply.body)
        );
        reply.json()
    }

    /// `GET` of a path (or a URL relative to the server), as `user` when given.
    pub async fn download(&self, path: &str, user: Option<&str>) -> HttpReply {
        let mut request = self.http().get(self.url(path));
        if let Some(user) = user {
            request = request.bearer_auth(self.token(user));
        }
        reply(request.send().await.unwrap()).await
    }
}

/// The smallest PNG header there is: enough for the magic-number check.
pub fn png_bytes() -> Vec<u8> {
    let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x02\0\0\0".to_vec();
    bytes.extend_from_slice(&[0x90, 0x77, 0x53, 0xDE]);
    bytes
}
