-- The initial schema. Every change in a conversation is a row in `events`, numbered by the
-- conversation's `last_seq`; `messages` holds the current state of each message for history
-- queries. Later kinds of change (edits, reactions, read state) add event kinds and columns or
-- tables beside these without reshaping them.

-- People, identified by the app's own user ids (a token's `sub`, or the admin API).
CREATE TABLE users (
    id         TEXT    NOT NULL PRIMARY KEY,
    name       TEXT    NOT NULL,
    photo_url  TEXT,
    created_at INTEGER NOT NULL, -- ms since the Unix epoch, like every time below
    updated_at INTEGER NOT NULL
);

CREATE TABLE conversations (
    id         TEXT    NOT NULL PRIMARY KEY,
    subject    TEXT,
    -- Sequence number of the latest event. The next change takes last_seq + 1 in the same
    -- transaction that stores it, so numbers are dense and never reused.
    last_seq   INTEGER NOT NULL DEFAULT 0 CHECK (last_seq >= 0),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

CREATE TABLE participants (
    conversation_id TEXT    NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    user_id         TEXT    NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    access          TEXT    NOT NULL CHECK (access IN ('ReadWrite', 'Read')),
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    PRIMARY KEY (conversation_id, user_id)
) WITHOUT ROWID;

CREATE INDEX participants_by_user ON participants (user_id);

-- The ordered log of every change in a conversation: replay and resume read it.
CREATE TABLE events (
    conversation_id TEXT    NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    seq             INTEGER NOT NULL CHECK (seq > 0),
    kind            TEXT    NOT NULL,              -- the protocol's event kind, e.g. 'messageCreated'
    actor_id        TEXT    REFERENCES users (id), -- who caused the change
    message_id      TEXT,                          -- the message it concerns, if any
    payload         TEXT    NOT NULL,              -- the protocol's Event as JSON
    created_at      INTEGER NOT NULL,
    PRIMARY KEY (conversation_id, seq)
) WITHOUT ROWID;

CREATE INDEX events_by_message ON events (message_id) WHERE message_id IS NOT NULL;

CREATE TABLE messages (
    id              TEXT    NOT NULL PRIMARY KEY,  -- msg_…
    conversation_id TEXT    NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    seq             INTEGER NOT NULL,              -- seq of the event that created it
    sender_id       TEXT    NOT NULL REFERENCES users (id),
    client_id       TEXT,                          -- the sender's idempotency key
    text            TEXT    NOT NULL,
    created_at      INTEGER NOT NULL
);

CREATE UNIQUE INDEX messages_by_seq ON messages (conversation_id, seq);

-- A retried send finds the original by (sender, clientId); NULL client ids never collide.
CREATE UNIQUE INDEX messages_by_client_id ON messages (sender_id, client_id);
