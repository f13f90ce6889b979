//! Which types an upload may declare, whether its bytes really are that type, and what a
//! download is served as.
//!
//! Only a short allow-list of image, video and audio types is ever served as itself (inline);
//! for each, the file must start with that format's magic number. Everything else is served as
//! `application/octet-stream` and as an attachment. SVG is never an image here: it can carry
//! script.

use super::FileKind;

/// How many leading bytes [`matches_magic`] needs at most.
pub const SNIFF_BYTES: usize = 16;

/// What every file that is not an allow-listed media type is served as.
pub const OCTET_STREAM: &str = "application/octet-stream";

/// Allow-listed media types: `(type, kind family)`. The family is the kind that may declare it
/// (voice recordings use the audio types).
const MEDIA_TYPES: [(&str, FileKind); 15] = [
    ("image/png", FileKind::Image),
    ("image/jpeg", FileKind::Image),
    ("image/gif", FileKind::Image),
    ("image/webp", FileKind::Image),
    ("image/avif", FileKind::Image),
    ("video/mp4", FileKind::Video),
    ("video/webm", FileKind::Video),
    ("video/ogg", FileKind::Video),
    ("video/quicktime", FileKind::Video),
    ("audio/mpeg", FileKind::Audio),
    ("audio/ogg", FileKind::Audio),
    ("audio/webm", FileKind::Audio),
    ("audio/wav", FileKind::Audio),
    ("audio/mp4", FileKind::Audio),
    ("audio/flac", FileKind::Audio),
];

/// Why an upload's type was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TypeError {
    #[error(
        "SVG images are not accepted as images (they can contain script); upload them as files"
    )]
    Svg,
    #[error("{kind} uploads must have one of the types {allowed}; got {declared:?}")]
    NotAllowed {
        kind: &'static str,
        declared: String,
        allowed: String,
    },
    #[error("the file's contents are not {0}")]
    Mismatch(String),
}

/// A declared `Content-Type` in its plain form: lowercase, without parameters, with common
/// aliases folded (`image/jpg` → `image/jpeg`, `audio/x-wav` → `audio/wav`, …).
pub fn normalize(declared: &str) -> String {
    let essence = declared
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let folded = match essence.as_str() {
        "image/jpg" | "image/pjpeg" => "image/jpeg",
        "audio/x-wav" | "audio/wave" | "audio/vnd.wave" => "audio/wav",
        "audio/mp3" | "audio/mpeg3" | "audio/x-mpeg" => "audio/mpeg",
        "audio/x-m4a" | "audio/m4a" | "audio/aac-mp4" => "audio/mp4",
        "audio/x-flac" => "audio/flac",
        "audio/opus" => "audio/ogg",
        "" => OCTET_STREAM,
        other => other,
    };
    folded.to_owned()
}

fn family_of(media_type: &str) -> Option<FileKind> {
    MEDIA_TYPES
        .iter()
        .find(|(known, _)| *known == media_type)
        .map(|(_, family)| *family)
}

/// Checks that `kind` may declare `media_type` (normalised). Generic files may declare anything.
pub fn check_declared(kind: FileKind, media_type: &str) -> Result<(), TypeError> {
    let family = match kind {
        FileKind::File => return Ok(()),
        FileKind::Voice => FileKind::Audio,
        other => other,
    };
    if media_type == "image/svg+xml" {
        return Err(TypeError::Svg);
    }
    if family_of(media_type) == Some(family) {
        return Ok(());
    }
    let allowed: Vec<&str> = MEDIA_TYPES
        .iter()
        .filter(|(_, f)| *f == family)
        .map(|(t, _)| *t)
        .collect();
    Err(TypeError::NotAllowed {
        kind: kind.as_str(),
        declared: media_type.to_owned(),
        allowed: allowed.join(", "),
    })
}

/// What a file is served as: its declared type when that is an allow-listed media type whose
/// magic number the file starts with; `application/octet-stream` for anything else. A declared
/// media type the bytes do not match is refused.
pub fn served_type(media_type: &str, head: &[u8]) -> Result<String, TypeError> {
    if family_of(media_type).is_none() {
        return Ok(OCTET_STREAM.to_owned());
    }
    if matches_magic(media_type, head) {
        Ok(media_type.to_owned())
    } else {
        Err(TypeError::Mismatch(media_type.to_owned()))
    }
}

/// True when a download of this type may be shown inline.
pub fn is_inline(served_type: &str) -> bool {
    family_of(served_type).is_some()
}

fn at(head: &[u8], offset: usize, magic: &[u8]) -> bool {
    head.get(offset..offset + magic.len()) == Some(magic)
}

/// True when `head` (the first bytes of the file) starts like `media_type`.
pub fn matches_magic(media_type: &str, head: &[u8]) -> bool {
    let ftyp = at(head, 4, b"ftyp");
    let brand = head.get(8..12).unwrap_or_default();
    let image_brand = matches!(brand, b"avif" | b"avis" | b"heic" | b"heix" | b"mif1");
    match media_type {
        "image/png" => at(head, 0, b"\x89PNG\r\n\x1a\n"),
        "image/jpeg" => at(head, 0, b"\xFF\xD8\xFF"),
        "image/gif" => at(head, 0, b"GIF87a") || at(head, 0, b"GIF89a"),
        "image/webp" => at(head, 0, b"RIFF") && at(head, 8, b"WEBP"),
        "image/avif" => ftyp && matches!(brand, b"avif" | b"avis"),
        "video/mp4" | "audio/mp4" => ftyp && !image_brand,
        "video/quicktime" => {
            (ftyp && !image_brand)
                || [b"moov", b"mdat", b"wide", b"free"]
                    .iter()
                    .any(|atom| at(head, 4, *atom))
        }
        "video/webm" | "audio/webm" => at(head, 0, b"\x1A\x45\xDF\xA3"),
        "video/ogg" | "audio/ogg" => at(head, 0, b"OggS"),
        "audio/mpeg" => {
            at(head, 0, b"ID3")
                || matches!(head, [0xFF, second, ..] if second & 0xE0 == 0xE0 && second & 0x06 != 0)
        }
        "audio/wav" => at(head, 0, b"RIFF") && at(head, 8, b"WAVE"),
        "audio/flac" => at(head, 0, b"fLaC"),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
    const HTML: &[u8] = b"<!doctype html><script>alert(1)</script>";

    #[test]
    fn declared_types_are_normalised() {
        assert_eq!(normalize("Image/JPG; charset=x"), "image/jpeg");
        assert_eq!(normalize("audio/webm;codecs=opus"), "audio/webm");
        assert_eq!(normalize(""), OCTET_STREAM);
        assert_eq!(normalize("text/html"), "text/html");
    }

    #[test]
    fn kinds_accept_only_their_media_types() {
        assert!(check_declared(FileKind::Image, "image/png").is_ok());
        assert_eq!(
            check_declared(FileKind::Image, "image/svg+xml"),
            Err(TypeError::Svg)
        );
        assert!(check_declared(FileKind::Image, "video/mp4").is_err());
        assert!(check_declared(FileKind::Image, "text/html").is_err());
        assert!(check_declared(FileKind::Voice, "audio/webm").is_ok());
        assert!(check_declared(FileKind::Video, "audio/mpeg").is_err());
        assert!(check_declared(FileKind::File, "image/svg+xml").is_ok());
        assert!(check_declared(FileKind::File, "text/html").is_ok());
    }

    #[test]
    fn only_matching_media_is_served_as_itself() {
        assert_eq!(served_type("image/png", PNG).unwrap(), "image/png");
        assert_eq!(
            served_type("image/png", HTML),
            Err(TypeError::Mismatch("image/png".into()))
        );
        assert!(served_type("image/jpeg", PNG).is_err());
        assert_eq!(served_type("text/html", HTML).unwrap(), OCTET_STREAM);
        assert_eq!(
            served_type("image/svg+xml", b"<svg>").unwrap(),
            OCTET_STREAM
        );
        assert!(is_inline("image/png"));
        assert!(!is_inline(OCTET_STREAM));
    }

    #[test]
    fn magic_numbers_of_each_format() {
        let cases: [(&str, &[u8]); 12] = [
            ("image/jpeg", b"\xFF\xD8\xFF\xE0\0\x10JFIF"),
            ("image/gif", b"GIF89a\x01\0"),
            ("image/webp", b"RIFF\x24\0\0\0WEBPVP8 "),
            ("image/avif", b"\0\0\0\x1cftypavif"),
            ("video/mp4", b"\0\0\0\x18ftypmp42"),
            ("video/quicktime", b"\0\0\0\x14ftypqt  "),
            ("video/webm", b"\x1A\x45\xDF\xA3\x9f"),
            ("audio/ogg", b"OggS\0\x02"),
            ("audio/mpeg", b"ID3\x04\0"),
            ("audio/mpeg", b"\xFF\xFB\x90\x64"),
            ("audio/wav", b"RIFF\x24\0\0\0WAVEfmt "),
            ("audio/flac", b"fLaC\0\0\0\x22"),
        ];
        for (media_type, head) in cases {
            assert!(matches_magic(media_type, head), "{media_type}");
            assert!(!matches_magic(media_type, HTML), "{media_type} vs html");
        }
        assert!(!matches_magic("video/mp4", b"\0\0\0\x1cftypavif"));
        assert!(!matches_magic("image/png", b""));
    }
}
