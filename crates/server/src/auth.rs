//! Tokens: verifying the JWTs clients present (HS256 with the app secret, `iss` = app id, `sub`,
//! `exp`) and minting them for development and the demo.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chat_elements_protocol::ErrorCode;
use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

use crate::config::Secret;
use crate::error::AppError;
use crate::ids;

/// Why a token was refused. Each maps to one protocol error code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    #[error("the token is not a well-formed JWT")]
    Malformed,
    #[error("the token's signature does not match the app secret")]
    BadSignature,
    #[error("the token must be signed with HS256")]
    Algorithm,
    #[error("the token has expired")]
    Expired,
    #[error("the token was issued for another app")]
    WrongApp,
    #[error("the token has no subject (sub)")]
    NoSubject,
    #[error("the token's subject is not a valid user id")]
    BadSubject,
}

impl TokenError {
    pub fn code(&self) -> ErrorCode {
        match self {
            TokenError::Malformed | TokenError::BadSubject => ErrorCode::TokenMalformed,
            TokenError::BadSignature => ErrorCode::TokenBadSignature,
            TokenError::Algorithm => ErrorCode::TokenAlgorithm,
            TokenError::Expired => ErrorCode::TokenExpired,
            TokenError::WrongApp => ErrorCode::TokenWrongApp,
            TokenError::NoSubject => ErrorCode::TokenNoSubject,
        }
    }
}

impl From<TokenError> for AppError {
    fn from(err: TokenError) -> AppError {
        AppError::new(err.code(), err.to_string())
    }
}

/// What a valid token says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedToken {
    pub user_id: String,
    /// `exp` in milliseconds since the epoch.
    pub expires_at_ms: i64,
}

/// A freshly minted token.
#[derive(Debug, Clone)]
pub struct MintedToken {
    pub token: String,
    pub expires_at_ms: i64,
}

/// The claims the server reads; everything is optional so each absence gets its own code.
#[derive(Debug, Deserialize)]
struct ReadClaims {
    iss: Option<String>,
    sub: Option<String>,
    exp: Option<i64>,
}

#[derive(Debug, Serialize)]
struct MintClaims<'a> {
    iss: &'a str,
    sub: &'a str,
    iat: i64,
    exp: i64,
}

#[derive(Debug, Deserialize)]
struct RawHeader {
    alg: Option<String>,
}

/// Verifies and mints tokens for one app.
pub struct TokenService {
    app_id: String,
    decoding: DecodingKey,
    encoding: EncodingKey,
    validation: Validation,
}

impl TokenService {
    pub fn new(app_id: &str, secret: &Secret) -> TokenService {
        let bytes = secret.expose().as_bytes();
        // Signature and algorithm are checked by the library; the claims are checked below so
        // that each failure gets its own code and expiry is exact to the millisecond.
        let mut validation = Validation::new(Algorithm::HS256);
        validation.required_spec_claims.clear();
        validation.validate_exp = false;
        validation.validate_nbf = false;
        validation.validate_aud = false;
        validation.leeway = 0;
        TokenService {
            app_id: app_id.to_owned(),
            decoding: DecodingKey::from_secret(bytes),
            encoding: EncodingKey::from_secret(bytes),
            validation,
        }
    }

    pub fn app_id(&self) -> &str {
        &self.app_id
    }

    /// Checks `token` at time `now_ms`: shape, algorithm, signature, expiry, app, subject.
    pub fn verify(&self, token: &str, now_ms: i64) -> Result<VerifiedToken, TokenError> {
        check_algorithm(token)?;
        let data = jsonwebtoken::decode::<ReadClaims>(token, &self.decoding, &self.validation)
            .map_err(|err| match err.kind() {
                ErrorKind::InvalidSignature => TokenError::BadSignature,
                ErrorKind::InvalidAlgorithm
                | ErrorKind::InvalidAlgorithmName
                | ErrorKind::UnsupportedAlgorithm => TokenError::Algorithm,
                _ => TokenError::Malformed,
            })?;
        let claims = data.claims;
        let exp = claims.exp.ok_or(TokenError::Expired)?;
        let expires_at_ms = exp.checked_mul(1000).ok_or(TokenError::Malformed)?;
        if expires_at_ms <= now_ms {
            return Err(TokenError::Expired);
        }
        if claims.iss.as_deref() != Some(self.app_id.as_str()) {
            return Err(TokenError::WrongApp);
        }
        let user_id = match claims.sub {
            Some(sub) if !sub.is_empty() => sub,
            _ => return Err(TokenError::NoSubject),
        };
        if !ids::is_valid_id(&user_id) {
            return Err(TokenError::BadSubject);
        }
        Ok(VerifiedToken {
            user_id,
            expires_at_ms,
        })
    }

    /// Mints a token for `user_id` that expires `ttl_secs` seconds after `now_ms`.
    pub fn mint(&self, user_id: &str, ttl_secs: u64, now_ms: i64) -> Result<MintedToken, AppError> {
        let now_s = now_ms.div_euclid(1000);
        let ttl = i64::try_from(ttl_secs).map_err(|_| AppError::invalid("ttl is too large"))?;
        let exp = now_s.saturating_add(ttl);
        let claims = MintClaims {
            iss: &self.app_id,
            sub: user_id,
            iat: now_s,
            exp,
        };
        let token = jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .map_err(|err| AppError::Internal(format!("signing a token: {err}")))?;
        Ok(MintedToken {
            token,
            expires_at_ms: exp.saturating_mul(1000),
        })
    }
}

/// Reads the header's `alg` before anything else, so `none` and other algorithms get
/// `TOKEN_ALGORITHM` rather than a parse error.
fn check_algorithm(token: &str) -> Result<(), TokenError> {
    let mut parts = token.split('.');
    let (Some(header), Some(_), Some(_), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(TokenError::Malformed);
    };
    let bytes = URL_SAFE_NO_PAD
        .decode(header)
        .map_err(|_| TokenError::Malformed)?;
    let header: RawHeader = serde_json::from_slice(&bytes).map_err(|_| TokenError::Malformed)?;
    match header.alg.as_deref() {
        Some("HS256") => Ok(()),
        Some(_) => Err(TokenError::Algorithm),
        None => Err(TokenError::Malformed),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_800_000_000_000;

    fn service() -> TokenService {
        TokenService::new("app", &Secret::new("s3cret-s3cret-s3cret"))
    }

    /// A token with hand-made header and claims, signed HS256 with `key`.
    fn sign(header: &str, claims: &str, key: &[u8]) -> String {
        let input = format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(header),
            URL_SAFE_NO_PAD.encode(claims)
        );
        let sig = jsonwebtoken::crypto::sign(
            input.as_bytes(),
            &EncodingKey::from_secret(key),
            Algorithm::HS256,
        )
        .unwrap();
        format!("{input}.{sig}")
    }

    #[test]
    fn minted_tokens_verify() {
        let s = service();
        let minted = s.mint("alice", 60, NOW).unwrap();
        let verified = s.verify(&minted.token, NOW).unwrap();
        assert_eq!(verified.user_id, "alice");
        assert_eq!(verified.expires_at_ms, minted.expires_at_ms);
        assert_eq!(minted.expires_at_ms, NOW + 60_000);
    }

    #[test]
    fn expiry_is_exact() {
        let s = service();
        let minted = s.mint("alice", 60, NOW).unwrap();
        assert_eq!(
            s.verify(&minted.token, NOW + 60_000),
            Err(TokenError::Expired)
        );
        assert!(s.verify(&minted.token, NOW + 59_999).is_ok());
    }

    #[test]
    fn each_failure_has_its_code() {
        let s = service();
        let key = b"s3cret-s3cret-s3cret";
        let exp = NOW / 1000 + 60;
        let hs256 = r#"{"alg":"HS256","typ":"JWT"}"#;
        let good = format!(r#"{{"iss":"app","sub":"alice","exp":{exp}}}"#);
        assert!(s.verify(&sign(hs256, &good, key), NOW).is_ok());
        let cases = [
            (sign(hs256, &good, b"other"), TokenError::BadSignature),
            (sign(r#"{"alg":"none"}"#, &good, key), TokenError::Algorithm),
            (
                sign(r#"{"alg":"HS512"}"#, &good, key),
                TokenError::Algorithm,
            ),
            (
                sign(
                    hs256,
                    &format!(r#"{{"iss":"x","sub":"a","exp":{exp}}}"#),
                    key,
                ),
                TokenError::WrongApp,
            ),
            (
                sign(hs256, &format!(r#"{{"iss":"app","exp":{exp}}}"#), key),
                TokenError::NoSubject,
            ),
            (
                sign(hs256, r#"{"iss":"app","sub":"a"}"#, key),
                TokenError::Expired,
            ),
            ("garbage".to_owned(), TokenError::Malformed),
            ("a.b.c".to_owned(), TokenError::Malformed),
        ];
        for (token, expected) in cases {
            assert_eq!(s.verify(&token, NOW), Err(expected), "{token}");
        }
    }
}
