//! Users: their public profile, created and changed by the admin API, `setUser`/`createUser`,
//! and a first token for an unknown id.

use chat_elements_protocol::{User, UserFields};
use sqlx::sqlite::SqliteRow;
use sqlx::{Row, Sqlite, Transaction};

use super::fields::{apply, apply_custom, custom_from_db, custom_to_db};
use super::Store;
use crate::ids::now_ms;

/// How a write treats an existing or missing user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UserWriteMode<'a> {
    /// Create when missing (named `default_name` unless the fields name them), else update.
    Upsert { default_name: &'a str },
    /// Create when missing; an existing user is left as it is.
    CreateOnly,
}

/// What a user write did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UserWrite {
    Created(User),
    Updated(User),
    /// Nothing changed (the fields matched, or the user existed for [`UserWriteMode::CreateOnly`]).
    Unchanged(User),
}

impl UserWrite {
    pub fn user(&self) -> &User {
        match self {
            UserWrite::Created(user) | UserWrite::Updated(user) | UserWrite::Unchanged(user) => {
                user
            }
        }
    }

    pub fn into_user(self) -> User {
        match self {
            UserWrite::Created(user) | UserWrite::Updated(user) | UserWrite::Unchanged(user) => {
                user
            }
        }
    }

    pub fn changed(&self) -> bool {
        !matches!(self, UserWrite::Unchanged(_))
    }
}

/// The user columns of table alias `alias`, each renamed `{prefix}column`, for joins that read a
/// user beside something else (read back with [`user_from_prefixed_row`]).
pub(crate) fn user_columns(alias: &str, prefix: &str) -> String {
    [
        "id",
        "name",
        "photo_url",
        "custom",
        "locale",
        "role",
        "welcome_message",
    ]
    .iter()
    .map(|column| format!("{alias}.{column} AS {prefix}{column}"))
    .collect::<Vec<_>>()
    .join(", ")
}

/// A user read with [`user_columns`].
pub(crate) fn user_from_prefixed_row(row: &SqliteRow, prefix: &str) -> Result<User, sqlx::Error> {
    let column = |name: &str| format!("{prefix}{name}");
    let custom: String = row.try_get(column("custom").as_str())?;
    Ok(User {
        id: row.try_get(column("id").as_str())?,
        name: row.try_get(column("name").as_str())?,
        custom: custom_from_db(&custom)?,
        locale: row.try_get(column("locale").as_str())?,
        photo_url: row.try_get(column("photo_url").as_str())?,
        role: row.try_get(column("role").as_str())?,
        welcome_message: row.try_get(column("welcome_message").as_str())?,
    })
}

/// `user` with `fields` applied.
fn applied(mut user: User, fields: &UserFields) -> User {
    if let Some(name) = &fields.name {
        user.name.clone_from(name);
    }
    apply_custom(&mut user.custom, &fields.custom);
    apply(&mut user.locale, &fields.locale);
    apply(&mut user.photo_url, &fields.photo_url);
    if let Some(role) = &fields.role {
        user.role = role.clone().unwrap_or_else(|| "default".to_owned());
    }
    apply(&mut user.welcome_message, &fields.welcome_message);
    user
}

async fn read_user(
    tx: &mut Transaction<'_, Sqlite>,
    id: &str,
) -> Result<Option<User>, sqlx::Error> {
    let sql = format!(
        "SELECT {} FROM users u WHERE u.id = ?",
        user_columns("u", "")
    );
    let row = sqlx::query(&sql).bind(id).fetch_optional(&mut **tx).await?;
    row.as_ref()
        .map(|row| user_from_prefixed_row(row, ""))
        .transpose()
}

async fn write(tx: &mut Transaction<'_, Sqlite>, user: &User, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO users (id, name, photo_url, custom, locale, role, welcome_message, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)
         ON CONFLICT (id) DO UPDATE SET
            name = excluded.name, photo_url = excluded.photo_url, custom = excluded.custom,
            locale = excluded.locale, role = excluded.role,
            welcome_message = excluded.welcome_message, updated_at = excluded.updated_at",
    )
    .bind(&user.id)
    .bind(&user.name)
    .bind(&user.photo_url)
    .bind(custom_to_db(&user.custom))
    .bind(&user.locale)
    .bind(&user.role)
    .bind(&user.welcome_message)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

impl Store {
    pub async fn get_user(&self, id: &str) -> Result<Option<User>, sqlx::Error> {
        let sql = format!(
            "SELECT {} FROM users u WHERE u.id = ?",
            user_columns("u", "")
        );
        let row = sqlx::query(&sql)
            .bind(id)
            .fetch_optional(self.pool())
            .await?;
        row.as_ref()
            .map(|row| user_from_prefixed_row(row, ""))
            .transpose()
    }

    /// The users with these ids that exist, in the order asked for.
    pub async fn users_by_ids(&self, ids: &[String]) -> Result<Vec<User>, sqlx::Error> {
        let mut users = Vec::with_capacity(ids.len());
        for id in ids {
            if let Some(user) = self.get_user(id).await? {
                users.push(user);
            }
        }
        Ok(users)
    }

    /// Applies `fields` to user `id` (creating them as `mode` says), in one transaction.
    pub async fn write_user(
        &self,
        id: &str,
        fields: &UserFields,
        mode: UserWriteMode<'_>,
    ) -> Result<UserWrite, sqlx::Error> {
        let now = now_ms();
        let mut tx = self.pool().begin_with("BEGIN IMMEDIATE").await?;
        let outcome = match (read_user(&mut tx, id).await?, mode) {
            (Some(existing), UserWriteMode::CreateOnly) => UserWrite::Unchanged(existing),
            (Some(existing), UserWriteMode::Upsert { .. }) => {
                let updated = applied(existing.clone(), fields);
                if updated == existing {
                    UserWrite::Unchanged(existing)
                } else {
                    write(&mut tx, &updated, now).await?;
                    UserWrite::Updated(updated)
                }
            }
            (None, mode) => {
                let default_name = match mode {
                    UserWriteMode::Upsert { default_name } => default_name,
                    UserWriteMode::CreateOnly => id,
                };
                let user = applied(User::named(id, default_name), fields);
                write(&mut tx, &user, now).await?;
                UserWrite::Created(user)
            }
        };
        tx.commit().await?;
        Ok(outcome)
    }

    /// Creates the user with `name` unless it exists; returns the stored user either way, and
    /// whether it was created just now.
    pub async fn ensure_user(&self, id: &str, name: &str) -> Result<(User, bool), sqlx::Error> {
        let now = now_ms();
        let inserted = sqlx::query(
            "INSERT INTO users (id, name, created_at, updated_at) VALUES (?1, ?2, ?3, ?3)
             ON CONFLICT (id) DO NOTHING",
        )
        .bind(id)
        .bind(name)
        .bind(now)
        .execute(self.pool())
        .await?;
        let user = self.get_user(id).await?;
        let user = user.ok_or(sqlx::Error::RowNotFound)?;
        Ok((user, inserted.rows_affected() > 0))
    }
}
