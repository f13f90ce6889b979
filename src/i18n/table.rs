//! The names of the UI strings ([`Text`]) and the table of every locale's strings. Each locale's
//! strings are written by name in `locales/<tag>.rs` (the `row!` macro places them in [`Text`]'s
//! order at compile time). `{}` marks where a value goes (a name, a count, an emoji); each
//! translation has every string, with the same number of `{}` as the English one (checked by a
//! test).

/// A UI string, an index into each locale's row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Text {
    Messages,
    LoadingMessages,
    CancelReply,
    Seen,
    MessageInput,
    WriteMessage,
    Send,
    NoMessagesYet,
    StartConversation,
    MessageActions,
    Reply,
    ReactWith,
    Edit,
    Delete,
    EditMessageHint,
    DeleteMessage,
    DeleteQuestion,
    Cancel,
    ReplyingTo,
    TypingOne,
    TypingTwo,
    TypingMany,
    Reconnecting,
    Offline,
    NoAccess,
    NotFound,
    Edited,
    ProfileOf,
    NotSent,
    Retry,
    NewMessages,
    Conversations,
    LoadingConversations,
    NoConversations,
    NoConversationsDescription,
    Attachment,
    YouSaid,
    UnreadOne,
    UnreadMany,
    SearchMessages,
    CloseSearch,
    SearchPlaceholder,
    SearchResults,
    NoResults,
    NoResultsDescription,
    LoadMoreResults,
    System,
    Searching,
    ResultOne,
    ResultMany,
    SearchFailed,
    Mute,
    Unmute,
    Ban,
    Unban,
    MuteForHowLong,
    OneHour,
    OneDay,
    OneWeek,
    UntilUnmuted,
    BanQuestion,
    IsMuted,
    IsUnmuted,
    IsBanned,
    IsUnbanned,
    ModerationFailed,
    OnlyAdmins,
    MutedUntil,
    MutedIndefinitely,
    AttachFiles,
    UploadProgressOf,
    RemoveFile,
    FileTooLarge,
    UploadFailed,
    MentionParticipant,
    AttachmentPreview,
    ClosePreview,
    ListComma,
}

/// How many strings there are.
pub const COUNT: usize = Text::ListComma as usize + 1;

/// One locale's strings, in [`Text`]'s order.
pub type Row = [&'static str; COUNT];

/// A [`Row`] from `Name: "text",` pairs (a name left out stays empty, which the tests refuse).
macro_rules! row {
    ($($name:ident: $text:literal,)*) => {{
        let mut row: $crate::i18n::table::Row = [""; $crate::i18n::table::COUNT];
        $(row[$crate::i18n::Text::$name as usize] = $text;)*
        row
    }};
}
pub(crate) use row;

use super::locales::{
    de::DE, en::EN, es::ES, fr::FR, it::IT, ja::JA, nl::NL, pl::PL, pt::PT, tr::TR, zh::ZH,
};

/// The rows in the order of `LOCALES`.
pub const TABLE: [&Row; 11] = [&EN, &ES, &ZH, &NL, &PT, &DE, &IT, &FR, &JA, &PL, &TR];
