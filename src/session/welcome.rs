//! The welcome: the server accepted a token (the first `auth` or a re-auth on the live socket).
//! A server this SDK cannot speak to, or a token for another app or user of a Data API session,
//! ends the session; otherwise the welcome says who the user is, the server's limits, and when
//! to refresh the token.

use chat_elements_core::ids::decimal;
use chat_elements_core::{Author, RefreshPlan};
use chat_elements_protocol::{ErrorCode, PROTOCOL_VERSION};
use wasm_bindgen::JsValue;

use crate::errors::Error;
use crate::js;
use crate::session::effects::Fx;
use crate::session::state::Core;
use crate::wire::Welcome;

impl Core {
    /// The server welcomed a token (first auth or re-auth).
    pub fn on_welcome(&mut self, generation: u64, welcome: Welcome, fx: &mut Fx) {
        if let Some(error) =
            unsupported_protocol(&welcome).or_else(|| self.wrong_identity(&welcome))
        {
            self.terminate(error, true, fx);
            return;
        }
        let now = js::now_ms();
        let first = self.conn.link.welcomed(generation);
        self.conn.backoff.reset();
        self.token.stale = false;
        self.token.failures = 0;
        self.token.plan = Some(RefreshPlan::new(
            welcome.server_time,
            welcome.token_expires_at,
            now,
            self.token.last_refresh,
        ));
        self.id.app_id = Some(welcome.app_id);
        self.id.user_id = Some(welcome.user_id.clone());
        self.id.user = Some(Author {
            id: welcome.user_id,
            name: welcome.user_name,
        });
        self.id.limits = welcome.limits;
        self.schedule_refresh();
        self.start_health_check(generation);
        if first {
            fx.emit("ready", JsValue::UNDEFINED);
        }
        fx.changed_all();
        self.sync(fx);
    }

    /// A Data API session whose token is for another app or user cannot go on.
    fn wrong_identity(&self, welcome: &Welcome) -> Option<Error> {
        let app = self.id.app_id.as_deref().filter(|_| self.id.lazy);
        let user = self.id.user_id.as_deref().filter(|_| self.id.lazy);
        if app.is_some_and(|app| app != welcome.app_id) {
            return Some(Error::server(
                ErrorCode::TokenWrongApp,
                ["the token is for app \"", &welcome.app_id, "\""].concat(),
            ));
        }
        if user.is_some_and(|user| user != welcome.user_id) {
            return Some(Error::server(
                ErrorCode::TokenWrongUser,
                ["the token is for user \"", &welcome.user_id, "\""].concat(),
            ));
        }
        None
    }
}

/// A server whose protocol version is not this SDK's cannot be spoken to: the session ends with
/// UNSUPPORTED_SERVER rather than misreading its frames.
fn unsupported_protocol(welcome: &Welcome) -> Option<Error> {
    let spoken = u64::from(PROTOCOL_VERSION);
    if welcome.protocol_version == Some(spoken) {
        return None;
    }
    let theirs = welcome.protocol_version.map(decimal);
    Some(Error::UnsupportedServer(
        [
            "the server speaks protocol version ",
            theirs.as_deref().unwrap_or("(none given)"),
            "; this SDK speaks version ",
            &decimal(spoken),
        ]
        .concat(),
    ))
}
