//! Users: anyone may read any profile; a user changes only themselves; `createUser` never
//! changes an existing user. Over the socket nobody gives a user the `admin` role (it
//! moderates): only the app's backend does, through the admin API.

use chat_elements_protocol::{ErrorCode, User, UserFields};

use super::validate;
use crate::error::AppError;
use crate::hub::Touch;
use crate::ids::check_id;
use crate::state::AppState;
use crate::store::{UserWrite, UserWriteMode, ADMIN_ROLE};

/// `getUser`: the profile, or `None` when there is no such user.
pub async fn get(state: &AppState, user_id: &str) -> Result<Option<User>, AppError> {
    check_id("userId", user_id)?;
    Ok(state.store.get_user(user_id).await?)
}

/// `setUser`: only the current user, who is created (named by their id) when missing.
pub async fn set(
    state: &AppState,
    viewer: &str,
    user_id: &str,
    fields: &UserFields,
) -> Result<(), AppError> {
    check_id("userId", user_id)?;
    if user_id != viewer {
        return Err(AppError::new(
            ErrorCode::Forbidden,
            "you can only change your own user",
        ));
    }
    validate::user_fields(fields)?;
    if gives_admin(fields) {
        let current = state.store.get_user(user_id).await?;
        if current.is_none_or(|user| user.role != ADMIN_ROLE) {
            return Err(admin_role_refused());
        }
    }
    let mode = UserWriteMode::Upsert {
        default_name: user_id,
    };
    let written = state.store.write_user(user_id, fields, mode).await?;
    announce(state, &written);
    Ok(())
}

/// True when `fields` set the role that moderates.
fn gives_admin(fields: &UserFields) -> bool {
    matches!(&fields.role, Some(Some(role)) if role == ADMIN_ROLE)
}

fn admin_role_refused() -> AppError {
    AppError::new(
        ErrorCode::Forbidden,
        "the admin role is given only by the app's backend (admin API)",
    )
}

/// `createUser`: creates a free id (`name` required); an existing user is left as it is.
pub async fn create(state: &AppState, user_id: &str, fields: &UserFields) -> Result<(), AppError> {
    check_id("userId", user_id)?;
    if fields.name.is_none() {
        return Err(AppError::invalid("createUser needs a name"));
    }
    validate::user_fields(fields)?;
    if gives_admin(fields) {
        return Err(admin_role_refused());
    }
    let written = state
        .store
        .write_user(user_id, fields, UserWriteMode::CreateOnly)
        .await?;
    announce(state, &written);
    Ok(())
}

/// `PUT /v1/admin/users/{id}`: creates or updates; `name` is required.
pub async fn admin_put(
    state: &AppState,
    user_id: &str,
    fields: &UserFields,
) -> Result<User, AppError> {
    check_id("user id", user_id)?;
    if fields.name.is_none() {
        return Err(AppError::invalid("name is required"));
    }
    validate::user_fields(fields)?;
    let mode = UserWriteMode::Upsert {
        default_name: user_id,
    };
    let written = state.store.write_user(user_id, fields, mode).await?;
    announce(state, &written);
    Ok(written.into_user())
}

fn announce(state: &AppState, written: &UserWrite) {
    if written.changed() {
        state.hub.touch(Touch::User(written.user().id.clone()));
    }
}
