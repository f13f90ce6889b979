-- Messages as the Data API sees them: a type (system messages have no sender), where they came
-- from, parsed content with its plain text, custom fields, a reply reference and an edit time.
-- A deleted message's row is removed (with its reactions); its events are rewritten to say
-- it was deleted, so its text is gone from replays too.

CREATE TABLE messages_v2 (
    id                    TEXT    NOT NULL PRIMARY KEY,  -- msg_…
    conversation_id       TEXT    NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    seq                   INTEGER NOT NULL,              -- seq of the event that created it
    type                  TEXT    NOT NULL DEFAULT 'UserMessage'
                                  CHECK (type IN ('UserMessage', 'SystemMessage')),
    sender_id             TEXT    REFERENCES users (id), -- NULL for system messages
    client_id             TEXT,                          -- the sender's idempotency key
    origin                TEXT    NOT NULL DEFAULT 'web'
                                  CHECK (origin IN ('web', 'rest', 'import', 'email')),
    plaintext             TEXT    NOT NULL,
    content               TEXT    NOT NULL,              -- the protocol's content blocks as JSON
    custom                TEXT    NOT NULL DEFAULT '{}', -- JSON object of strings
    referenced_message_id TEXT,                          -- may outlive the message it names
    created_at            INTEGER NOT NULL,
    edited_at             INTEGER,
    CHECK ((type = 'UserMessage') = (sender_id IS NOT NULL))
);

INSERT INTO messages_v2 (id, conversation_id, seq, sender_id, client_id, plaintext, content,
                         created_at)
SELECT id, conversation_id, seq, sender_id, client_id, text,
       json_array(json_object('type', 'text', 'children', json_array(text))), created_at
FROM messages;

DROP TABLE messages;
ALTER TABLE messages_v2 RENAME TO messages;

CREATE UNIQUE INDEX messages_by_seq ON messages (conversation_id, seq);
-- A retried send finds the original by (sender, clientId); NULL client ids never collide.
CREATE UNIQUE INDEX messages_by_client_id ON messages (sender_id, client_id);
CREATE INDEX messages_by_reference ON messages (referenced_message_id)
    WHERE referenced_message_id IS NOT NULL;

-- Who reacted to which message with which emoji. `id` orders reactions by when they were added.
CREATE TABLE reactions (
    id         INTEGER NOT NULL PRIMARY KEY,
    message_id TEXT    NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
    emoji      TEXT    NOT NULL,
    user_id    TEXT    NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    UNIQUE (message_id, emoji, user_id)
);

-- Who had reacted with what to the messages an event carries (JSON: message id → emoji → user
-- ids), so each viewer can be told whether they reacted.
ALTER TABLE events ADD COLUMN reactors TEXT;
