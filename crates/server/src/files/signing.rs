//! FileTokens and signed download URLs, both HMAC-SHA256 with keys derived from the app secret.
//!
//! A FileToken is `<fileId>.<signature>`: it cannot be made up, and whoever holds one may attach
//! the file to a message. A signed URL is `/v1/files/<fileId>/<filename>?expires=<unix
//! seconds>&signature=<…>`: anyone holding it may download the file until it expires. URLs are
//! signed with an expiry rounded up to a step of a quarter of their lifetime, so the same
//! message shown twice within a step carries the same URL (and watched snapshots stay equal).

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::config::Secret;

type HmacSha256 = Hmac<Sha256>;

/// Characters of a file id after its `file_` prefix (hex digits).
const FILE_ID_HEX: usize = 32;

/// Why a signed URL was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum UrlError {
    #[error("the download link is not valid")]
    BadSignature,
    #[error("the download link has expired")]
    Expired,
}

/// Signs and checks FileTokens and download URLs for one app.
pub struct FileSigner {
    token_key: HmacSha256,
    url_key: HmacSha256,
    url_ttl_secs: i64,
    /// Prefixed to download paths: the server's public origin, or empty for relative URLs.
    public_url: String,
}

/// A key for one purpose, derived from the app secret so tokens, URLs and JWTs never share one.
fn derive(secret: &Secret, purpose: &str) -> HmacSha256 {
    let mut mac = <HmacSha256 as Mac>::new_from_slice(secret.expose().as_bytes())
        .unwrap_or_else(|_| unreachable!("HMAC accepts keys of any length"));
    mac.update(purpose.as_bytes());
    let derived = mac.finalize().into_bytes();
    <HmacSha256 as Mac>::new_from_slice(&derived)
        .unwrap_or_else(|_| unreachable!("HMAC accepts keys of any length"))
}

fn sign(key: &HmacSha256, parts: &[&str]) -> String {
    let mut mac = key.clone();
    for part in parts {
        mac.update(part.as_bytes());
        mac.update(b"\n");
    }
    URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
}

fn verify(key: &HmacSha256, parts: &[&str], signature: &str) -> bool {
    let Ok(expected) = URL_SAFE_NO_PAD.decode(signature) else {
        return false;
    };
    let mut mac = key.clone();
    for part in parts {
        mac.update(part.as_bytes());
        mac.update(b"\n");
    }
    mac.verify_slice(&expected).is_ok()
}

/// A new file id: `file_` and 32 random hex digits.
pub fn new_file_id() -> String {
    format!("file_{}", uuid::Uuid::new_v4().simple())
}

/// True for the shape of a file id (it says nothing about whether the file exists).
pub fn is_file_id(id: &str) -> bool {
    id.strip_prefix("file_")
        .is_some_and(|hex| hex.len() == FILE_ID_HEX && hex.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// The file id a token names, without checking its signature: only for tokens that were checked
/// when they entered the server.
pub fn file_id_of(token: &str) -> Option<&str> {
    token
        .split_once('.')
        .map(|(id, _)| id)
        .filter(|id| is_file_id(id))
}

/// `filename` as one URL path segment: everything but unreserved ASCII percent-encoded.
pub fn encode_path_segment(filename: &str) -> String {
    let mut out = String::with_capacity(filename.len());
    for byte in filename.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

impl FileSigner {
    /// `url_ttl_secs` is at least 1; `public_url` (like `https://chat.example.com`) makes
    /// download URLs absolute.
    pub fn new(secret: &Secret, url_ttl_secs: u64, public_url: Option<&str>) -> FileSigner {
        FileSigner {
            token_key: derive(secret, "chat-elements file token v1"),
            url_key: derive(secret, "chat-elements file url v1"),
            url_ttl_secs: i64::try_from(url_ttl_secs.max(1)).unwrap_or(i64::MAX),
            public_url: public_url.unwrap_or("").trim_end_matches('/').to_owned(),
        }
    }

    /// The FileToken of `file_id`.
    pub fn token(&self, file_id: &str) -> String {
        format!("{file_id}.{}", sign(&self.token_key, &[file_id]))
    }

    /// The file id of a genuine token; `None` for anything else.
    pub fn verify_token<'a>(&self, token: &'a str) -> Option<&'a str> {
        let (id, signature) = token.split_once('.')?;
        (is_file_id(id) && verify(&self.token_key, &[id], signature)).then_some(id)
    }

    /// A download URL for the file, valid for at least the configured lifetime from `now_ms`.
    pub fn url(&self, file_id: &str, filename: &str, now_ms: i64) -> String {
        let step = (self.url_ttl_secs / 4).max(1);
        let earliest = now_ms.div_euclid(1000).saturating_add(self.url_ttl_secs);
        let expires = earliest
            .div_euclid(step)
            .saturating_add(1)
            .saturating_mul(step);
        self.url_expiring(file_id, filename, expires)
    }

    /// A download URL that expires at `expires` (Unix seconds).
    pub fn url_expiring(&self, file_id: &str, filename: &str, expires: i64) -> String {
        let expires = expires.to_string();
        let signature = sign(&self.url_key, &[file_id, &expires]);
        format!(
            "{}/v1/files/{file_id}/{}?expires={expires}&signature={signature}",
            self.public_url,
            encode_path_segment(filename)
        )
    }

    /// Checks a download URL's `expires` and `signature` for `file_id` at `now_ms`.
    pub fn verify_url(
        &self,
        file_id: &str,
        expires: i64,
        signature: &str,
        now_ms: i64,
    ) -> Result<(), UrlError> {
        if !verify(&self.url_key, &[file_id, &expires.to_string()], signature) {
            return Err(UrlError::BadSignature);
        }
        if expires.saturating_mul(1000) <= now_ms {
            return Err(UrlError::Expired);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_800_000_000_000;

    fn signer() -> FileSigner {
        FileSigner::new(&Secret::new("a-secret-a-secret-a-secret"), 3600, None)
    }

    fn query(url: &str) -> (i64, String) {
        let (_, query) = url.split_once('?').unwrap();
        let mut expires = 0;
        let mut signature = String::new();
        for pair in query.split('&') {
            match pair.split_once('=').unwrap() {
                ("expires", value) => expires = value.parse().unwrap(),
                ("signature", value) => signature = value.to_owned(),
                _ => panic!("unexpected {pair}"),
            }
        }
        (expires, signature)
    }

    #[test]
    fn tokens_verify_only_when_genuine() {
        let s = signer();
        let id = new_file_id();
        let token = s.token(&id);
        assert_eq!(s.verify_token(&token), Some(id.as_str()));
        assert_eq!(file_id_of(&token), Some(id.as_str()));
        let other = FileSigner::new(&Secret::new("another-secret-entirely"), 3600, None);
        assert_eq!(other.verify_token(&token), None);
        let forged = format!("{}.{}", new_file_id(), token.split_once('.').unwrap().1);
        assert_eq!(s.verify_token(&forged), None);
        for bad in ["", ".", "file_x.y", "nodot", &format!("{id}.")] {
            assert_eq!(s.verify_token(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn urls_expire_and_cannot_be_altered() {
        let s = signer();
        let id = new_file_id();
        let url = s.url(&id, "a b.png", NOW);
        assert!(url.starts_with(&format!("/v1/files/{id}/a%20b.png?expires=")));
        let (expires, signature) = query(&url);
        assert!(expires * 1000 >= NOW + 3_600_000);
        assert!(expires * 1000 <= NOW + 3_600_000 + 900_000);
        assert_eq!(s.verify_url(&id, expires, &signature, NOW), Ok(()));
        assert_eq!(
            s.verify_url(&id, expires, &signature, expires * 1000),
            Err(UrlError::Expired)
        );
        assert_eq!(
            s.verify_url(&id, expires + 1, &signature, NOW),
            Err(UrlError::BadSignature)
        );
        assert_eq!(
            s.verify_url(&new_file_id(), expires, &signature, NOW),
            Err(UrlError::BadSignature)
        );
    }

    #[test]
    fn urls_are_stable_within_a_step() {
        let s = signer();
        let id = new_file_id();
        let step_start = (NOW / 900_000) * 900_000;
        assert_eq!(
            s.url(&id, "f", step_start),
            s.url(&id, "f", step_start + 899_999)
        );
        assert_ne!(
            s.url(&id, "f", step_start),
            s.url(&id, "f", step_start + 900_000)
        );
    }

    #[test]
    fn public_url_makes_urls_absolute() {
        let s = FileSigner::new(&Secret::new("k"), 60, Some("https://chat.example.com/"));
        assert!(s
            .url(&new_file_id(), "x", NOW)
            .starts_with("https://chat.example.com/v1/files/file_"));
        assert_eq!(encode_path_segment("é/?#"), "%C3%A9%2F%3F%23");
    }
}
