-- Moderation: who is banned from a conversation (kept out until unbanned) and who is muted in
-- one (may read, not write, until `muted_until` or until unmuted). Both outlive participation:
-- leaving and being added again does not end a mute, and a ban is what keeps a user out.

CREATE TABLE conversation_bans (
    conversation_id TEXT    NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    user_id         TEXT    NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    banned_by       TEXT    REFERENCES users (id) ON DELETE SET NULL, -- NULL: the app's backend
    created_at      INTEGER NOT NULL,
    PRIMARY KEY (conversation_id, user_id)
) WITHOUT ROWID;

CREATE TABLE conversation_mutes (
    conversation_id TEXT    NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    user_id         TEXT    NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    muted_until     INTEGER,                                          -- NULL: until unmuted
    muted_by        TEXT    REFERENCES users (id) ON DELETE SET NULL, -- NULL: the app's backend
    created_at      INTEGER NOT NULL,
    PRIMARY KEY (conversation_id, user_id)
) WITHOUT ROWID;
