-- Full-text search over message text and conversation subjects (SQLite FTS5).
--
-- Both indexes are contentless: they hold only the index, not a second copy of the text, and
-- `contentless_delete` lets a row be removed or replaced by its rowid. A row's rowid is a key
-- from the `*_search_keys` tables, not the rowid of the message or conversation itself (those
-- have text ids, and VACUUM may renumber their implicit rowids). Keys only grow
-- (AUTOINCREMENT), so for messages the highest key is the newest message: results come
-- newest first straight from the index, and a page's cursor is the last key it returned.
--
-- The tokenizer folds case and removes diacritics ("Café" is found by "cafe" and "CAFÉ");
-- `prefix` keeps extra indexes of 2- and 3-character prefixes so short prefix queries are fast.
-- Text in scripts without spaces (CJK) is indexed in runs: a query finds whole runs and
-- their beginnings.

-- One key per message, created with it. Messages are indexed by the server in the same
-- transaction as each insert, edit and delete (see store/search_index.rs).
CREATE TABLE message_search_keys (
    key             INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    message_id      TEXT    NOT NULL UNIQUE REFERENCES messages (id) ON DELETE CASCADE,
    conversation_id TEXT    NOT NULL
);

-- `conv` holds one token naming the message's conversation (the hex of its id), so a search
-- in one conversation, or in a user's few conversations, is an intersection inside the index
-- rather than a scan of every match. Whether the user may see a message is still decided by
-- the participants table in each query, never by this token.
CREATE VIRTUAL TABLE message_search USING fts5 (
    body,
    conv,
    content = '',
    contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3'
);

INSERT INTO message_search_keys (message_id, conversation_id)
SELECT id, conversation_id FROM messages ORDER BY created_at, conversation_id, seq;

INSERT INTO message_search (rowid, body, conv)
SELECT k.key, m.plaintext, hex(k.conversation_id)
FROM message_search_keys k JOIN messages m ON m.id = k.message_id
WHERE trim(m.plaintext) != '';

-- Conversations: the subject and `custom.search` (TalkJS searches both, each on its own).
-- Kept in step by triggers, so every way of writing a conversation updates the index in the
-- same statement.
CREATE TABLE conversation_search_keys (
    key             INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    conversation_id TEXT    NOT NULL UNIQUE REFERENCES conversations (id) ON DELETE CASCADE
);

CREATE VIRTUAL TABLE conversation_search USING fts5 (
    subject,
    custom_search,
    content = '',
    contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3'
);

CREATE TRIGGER conversation_search_insert AFTER INSERT ON conversations
BEGIN
    INSERT INTO conversation_search_keys (conversation_id) VALUES (new.id);
    INSERT INTO conversation_search (rowid, subject, custom_search)
    VALUES (
        (SELECT key FROM conversation_search_keys WHERE conversation_id = new.id),
        COALESCE(new.subject, ''),
        CASE WHEN json_valid(new.custom)
             THEN COALESCE(json_extract(new.custom, '$.search'), '') ELSE '' END
    );
END;

CREATE TRIGGER conversation_search_update AFTER UPDATE OF subject, custom ON conversations
WHEN old.subject IS NOT new.subject OR old.custom IS NOT new.custom
BEGIN
    DELETE FROM conversation_search
    WHERE rowid = (SELECT key FROM conversation_search_keys WHERE conversation_id = new.id);
    INSERT INTO conversation_search (rowid, subject, custom_search)
    VALUES (
        (SELECT key FROM conversation_search_keys WHERE conversation_id = new.id),
        COALESCE(new.subject, ''),
        CASE WHEN json_valid(new.custom)
             THEN COALESCE(json_extract(new.custom, '$.search'), '') ELSE '' END
    );
END;

CREATE TRIGGER conversation_search_delete BEFORE DELETE ON conversations
BEGIN
    DELETE FROM conversation_search
    WHERE rowid = (SELECT key FROM conversation_search_keys WHERE conversation_id = old.id);
END;

INSERT INTO conversation_search_keys (conversation_id)
SELECT id FROM conversations ORDER BY created_at, id;

INSERT INTO conversation_search (rowid, subject, custom_search)
SELECT k.key, COALESCE(c.subject, ''),
       CASE WHEN json_valid(c.custom) THEN COALESCE(json_extract(c.custom, '$.search'), '')
            ELSE '' END
FROM conversation_search_keys k JOIN conversations c ON c.id = k.conversation_id;
