//! Authentication of a connection: the first `auth`, in-band re-auth (same user only), and the
//! deadline that closes a connection without a valid token.

use std::time::Duration;

use chat_elements_protocol::{ErrorCode, Limits, Reply, User, Welcome, PROTOCOL_VERSION};
use tokio::time::Instant;

use super::connection::Connection;
use super::ending::{error_frame, Ending, CLOSE_UNAUTHORIZED};
use crate::error::AppError;
use crate::hub::Touch;
use crate::ids::now_ms;
use crate::state::AppState;

/// Counts a socket as its user's while it lives: the user is online while any is alive. When
/// the last one goes, the user also stops typing everywhere.
pub(super) struct OnlineGuard {
    state: AppState,
    user_id: String,
}

impl OnlineGuard {
    fn new(state: &AppState, user_id: &str) -> OnlineGuard {
        state.presence.connected(user_id);
        OnlineGuard {
            state: state.clone(),
            user_id: user_id.to_owned(),
        }
    }
}

impl Drop for OnlineGuard {
    fn drop(&mut self) {
        if self.state.presence.disconnected(&self.user_id) {
            self.state.typing.clear_user(&self.user_id);
        }
    }
}

/// Who the connection is, once authenticated.
pub(super) struct Authed {
    pub user: User,
    pub expires_at_ms: i64,
}

impl Connection {
    /// `auth`: the first one decides who the connection is (a refusal closes it); a later one
    /// replaces the token for the same user (a refusal leaves the old token in force).
    pub(super) async fn authenticate(&mut self, id: u64, token: &str) -> Option<Ending> {
        let verified = match self.state.tokens.verify(token, now_ms()) {
            Ok(verified) => verified,
            Err(err) => {
                tracing::debug!(code = %err.code(), "token refused");
                let first = self.auth.is_none();
                let code = err.code();
                if let Some(ending) = self.answer(id, Err(err.into())).await {
                    return Some(ending);
                }
                return first.then(|| Ending::close(CLOSE_UNAUTHORIZED, code.as_str()));
            }
        };
        if let Some(current) = &self.auth {
            if current.user.id != verified.user_id {
                let err = AppError::new(
                    ErrorCode::TokenWrongUser,
                    "the new token is for another user; the current one stays in force",
                );
                return self.answer(id, Err(err)).await;
            }
        }
        let user = match self
            .state
            .store
            .ensure_user(&verified.user_id, &verified.user_id)
            .await
        {
            Ok((user, created)) => {
                if created {
                    // Watchers of this id saw `null` until now.
                    self.state.hub.touch(Touch::User(user.id.clone()));
                }
                user
            }
            Err(err) => return self.answer(id, Err(err.into())).await,
        };
        let now = now_ms();
        let until_expiry =
            Duration::from_millis(u64::try_from(verified.expires_at_ms - now).unwrap_or(0));
        self.deadline = Instant::now() + until_expiry + self.state.config.ws.expiry_grace;
        if self.auth.is_none() {
            tracing::debug!(user = %user.id, "WebSocket authenticated");
            self.online = Some(OnlineGuard::new(&self.state, &user.id));
        }
        self.auth = Some(Authed {
            user: user.clone(),
            expires_at_ms: verified.expires_at_ms,
        });
        let welcome = Welcome {
            app_id: self.state.config.app_id.clone(),
            user,
            server_time: now,
            token_expires_at: verified.expires_at_ms,
            protocol_version: PROTOCOL_VERSION,
            limits: Limits {
                max_upload_bytes: self.state.config.files.max_upload_bytes,
                ..self.state.config.limits.clone()
            },
        };
        self.answer(id, Ok(Reply::Welcome(welcome))).await
    }

    /// TOKEN_EXPIRED while the token is past its `exp` (until a new `auth`).
    pub(super) fn check_token_fresh(&self) -> Result<(), AppError> {
        match &self.auth {
            Some(auth) if now_ms() < auth.expires_at_ms => Ok(()),
            _ => Err(AppError::new(
                ErrorCode::TokenExpired,
                "the token has expired; send auth with a new one",
            )),
        }
    }

    /// Any request but `auth` before authentication: refused, and the connection closed.
    pub(super) async fn refuse_unauthenticated(&mut self, id: Option<u64>) -> Option<Ending> {
        let frame = error_frame(
            id,
            ErrorCode::AuthRequired,
            "the first frame must be auth",
            None,
        );
        if self.outbox.send(&frame).await.is_err() {
            return Some(Ending::quiet());
        }
        Some(Ending::close(CLOSE_UNAUTHORIZED, "AUTH_REQUIRED"))
    }

    /// The deadline passed: no `auth` in time, or the token expired and the grace period ran
    /// out without a new one.
    pub(super) fn deadline_passed(&self) -> Ending {
        match &self.auth {
            None => Ending::with_notice(
                ErrorCode::AuthRequired,
                "no auth frame arrived in time",
                CLOSE_UNAUTHORIZED,
                "AUTH_REQUIRED",
            ),
            Some(_) => Ending::with_notice(
                ErrorCode::TokenExpired,
                "the token expired and no new one arrived",
                CLOSE_UNAUTHORIZED,
                "TOKEN_EXPIRED",
            ),
        }
    }
}
