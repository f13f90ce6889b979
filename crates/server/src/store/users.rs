//! Users.

use chat_elements_protocol::User;
use sqlx::Row;

use super::Store;
use crate::ids::now_ms;

fn user_from_row(row: &sqlx::sqlite::SqliteRow) -> Result<User, sqlx::Error> {
    Ok(User {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        photo_url: row.try_get("photo_url")?,
    })
}

impl Store {
    pub async fn get_user(&self, id: &str) -> Result<Option<User>, sqlx::Error> {
        let row = sqlx::query("SELECT id, name, photo_url FROM users WHERE id = ?")
            .bind(id)
            .fetch_optional(self.pool())
            .await?;
        row.as_ref().map(user_from_row).transpose()
    }

    /// Creates or updates a user. `photo_url`: `None` keeps the current photo, `Some(None)`
    /// clears it.
    pub async fn upsert_user(
        &self,
        id: &str,
        name: &str,
        photo_url: Option<Option<&str>>,
    ) -> Result<User, sqlx::Error> {
        let now = now_ms();
        let row = sqlx::query(
            "INSERT INTO users (id, name, photo_url, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?4)
             ON CONFLICT (id) DO UPDATE SET
                name = excluded.name,
                photo_url = CASE WHEN ?5 THEN excluded.photo_url ELSE users.photo_url END,
                updated_at = excluded.updated_at
             RETURNING id, name, photo_url",
        )
        .bind(id)
        .bind(name)
        .bind(photo_url.flatten())
        .bind(now)
        .bind(photo_url.is_some())
        .fetch_one(self.pool())
        .await?;
        user_from_row(&row)
    }

    /// Creates the user with `name` unless it exists; returns the stored user either way.
    pub async fn ensure_user(&self, id: &str, name: &str) -> Result<User, sqlx::Error> {
        let now = now_ms();
        sqlx::query(
            "INSERT INTO users (id, name, photo_url, created_at, updated_at)
             VALUES (?1, ?2, NULL, ?3, ?3)
             ON CONFLICT (id) DO NOTHING",
        )
        .bind(id)
        .bind(name)
        .bind(now)
        .execute(self.pool())
        .await?;
        let user = self.get_user(id).await?;
        user.ok_or(sqlx::Error::RowNotFound)
    }
}
