-- Uploaded files and the messages they were sent in. The bytes live in a file store (on local
-- disk under the data directory by default); this is what the server knows about them.

CREATE TABLE files (
    id           TEXT    NOT NULL PRIMARY KEY,  -- file_…
    uploader_id  TEXT    NOT NULL,              -- the user who uploaded it
    kind         TEXT    NOT NULL CHECK (kind IN ('file', 'image', 'video', 'audio', 'voice')),
    content_type TEXT    NOT NULL,              -- what downloads are served as
    filename     TEXT    NOT NULL,
    size         INTEGER NOT NULL CHECK (size >= 0),
    width        INTEGER,
    height       INTEGER,
    duration     REAL,                          -- seconds
    created_at   INTEGER NOT NULL
);

-- Which message carries which file: a file may be downloaded by the participants of every
-- conversation it was sent in. Rows go with their message.
CREATE TABLE message_files (
    message_id      TEXT NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
    file_id         TEXT NOT NULL REFERENCES files (id),
    conversation_id TEXT NOT NULL,
    PRIMARY KEY (message_id, file_id)
) WITHOUT ROWID;

CREATE INDEX message_files_by_file ON message_files (file_id, conversation_id);
