-- The Data API's fields on users, conversations and participants, and each participant's read
-- cursor. `custom` columns hold a JSON object of string values; `welcome_messages` a JSON array
-- of strings.

ALTER TABLE users ADD COLUMN custom TEXT NOT NULL DEFAULT '{}';
ALTER TABLE users ADD COLUMN locale TEXT;
ALTER TABLE users ADD COLUMN role TEXT NOT NULL DEFAULT 'default';
ALTER TABLE users ADD COLUMN welcome_message TEXT;

ALTER TABLE conversations ADD COLUMN photo_url TEXT;
ALTER TABLE conversations ADD COLUMN custom TEXT NOT NULL DEFAULT '{}';
ALTER TABLE conversations ADD COLUMN welcome_messages TEXT NOT NULL DEFAULT '[]';

-- notify: 'true', 'false' or 'MentionsOnly'.
ALTER TABLE participants ADD COLUMN notify TEXT NOT NULL DEFAULT 'true'
    CHECK (notify IN ('true', 'false', 'MentionsOnly'));
-- When the user joined: what conversation lists order by (with the last message's time).
ALTER TABLE participants ADD COLUMN joined_at INTEGER NOT NULL DEFAULT 0;
UPDATE participants SET joined_at = created_at;
-- The seq up to which the participant has read: messages by others after it are unread.
ALTER TABLE participants ADD COLUMN read_until_seq INTEGER NOT NULL DEFAULT 0
    CHECK (read_until_seq >= 0);

CREATE INDEX participants_by_conversation_joined ON participants (conversation_id, joined_at);
