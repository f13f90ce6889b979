//! The kinds of upload (`file`, `image`, `video`, `audio`, `voice`) and how each appears in a
//! message's file block.

use chat_elements_protocol::FileSubtype;

/// What an upload was declared as; decides which types it may have and its block's subtype.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FileKind {
    /// Any file (TalkJS's generic file block, without a subtype).
    File,
    Image,
    Video,
    Audio,
    Voice,
}

impl FileKind {
    /// The `kind` query parameter's value (also how the database stores it).
    pub fn as_str(self) -> &'static str {
        match self {
            FileKind::File => "file",
            FileKind::Image => "image",
            FileKind::Video => "video",
            FileKind::Audio => "audio",
            FileKind::Voice => "voice",
        }
    }

    pub fn parse(value: &str) -> Option<FileKind> {
        match value {
            "file" => Some(FileKind::File),
            "image" => Some(FileKind::Image),
            "video" => Some(FileKind::Video),
            "audio" => Some(FileKind::Audio),
            "voice" => Some(FileKind::Voice),
            _ => None,
        }
    }

    /// The block's `subtype` (none for a generic file).
    pub fn subtype(self) -> Option<FileSubtype> {
        match self {
            FileKind::File => None,
            FileKind::Image => Some(FileSubtype::Image),
            FileKind::Video => Some(FileSubtype::Video),
            FileKind::Audio => Some(FileSubtype::Audio),
            FileKind::Voice => Some(FileSubtype::Voice),
        }
    }

    /// Images and videos may say their size in pixels.
    pub fn has_dimensions(self) -> bool {
        matches!(self, FileKind::Image | FileKind::Video)
    }

    /// Videos and sound may say how long they last.
    pub fn has_duration(self) -> bool {
        matches!(self, FileKind::Video | FileKind::Audio | FileKind::Voice)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_roundtrip_through_their_names() {
        for kind in [
            FileKind::File,
            FileKind::Image,
            FileKind::Video,
            FileKind::Audio,
            FileKind::Voice,
        ] {
            assert_eq!(FileKind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(FileKind::parse("Image"), None);
        assert_eq!(FileKind::File.subtype(), None);
        assert_eq!(FileKind::Voice.subtype(), Some(FileSubtype::Voice));
    }
}
