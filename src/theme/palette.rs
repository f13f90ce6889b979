//! The named colours of `appearance.theme` (Whop's names, Radix Colors values) and the
//! `--ce-*` properties they set.

/// Whop's accent colour names; [`ACCENTS`] has their colours in the same order.
pub const ACCENT_NAMES: [&str; 28] = [
    "ruby", "blue", "red", "yellow", "green", "gray", "tomato", "crimson", "pink", "plum",
    "purple", "violet", "iris", "cyan", "teal", "jade", "grass", "brown", "orange", "indigo",
    "sky", "mint", "amber", "lime", "lemon", "magenta", "gold", "bronze",
];
/// Per accent: solid colour, dark text on it (else white), the gray for `grayColor: "auto"` (an
/// index into [`GRAYS`]). Radix step 9, or step 11 where white on step 9 is under 4.5:1 (bright
/// ones keep step 9 with dark text); magenta and lemon are Whop's own.
pub const ACCENTS: [(&str, bool, u8); 28] = [
    ("#ca244d", false, 1), // ruby
    ("#0d74ce", false, 2), // blue
    ("#ce2c31", false, 1), // red
    ("#ffe629", true, 5),  // yellow
    ("#218358", false, 3), // green
    ("#646464", false, 0), // gray
    ("#d13415", false, 1), // tomato
    ("#cb1d63", false, 1), // crimson
    ("#c2298a", false, 1), // pink
    ("#ab4aba", false, 1), // plum
    ("#8e4ec6", false, 1), // purple
    ("#6e56cf", false, 1), // violet
    ("#5b5bd6", false, 2), // iris
    ("#107d98", false, 2), // cyan
    ("#008573", false, 3), // teal
    ("#208368", false, 3), // jade
    ("#2a7e3b", false, 4), // grass
    ("#815e46", false, 5), // brown
    ("#cc4e00", false, 5), // orange
    ("#3e63dd", false, 2), // indigo
    ("#7ce2fe", true, 2),  // sky
    ("#86ead4", true, 3),  // mint
    ("#ffc53d", true, 5),  // amber
    ("#bdee63", true, 4),  // lime
    ("#e6e360", true, 4),  // lemon
    ("#c21ab2", false, 1), // magenta
    ("#71624b", false, 5), // gold
    ("#7d5e54", false, 5), // bronze
];

/// Gray scales (Radix), in the order of [`GRAY_NAMES`]: light `[bubble, border, muted, fg]` (on
/// white), dark `[bg, bubble, border, muted, fg]`.
pub type Gray = ([&'static str; 4], [&'static str; 5]);
pub const GRAYS: [Gray; 6] = [
    // gray
    (
        ["#f0f0f0", "#e0e0e0", "#646464", "#202020"],
        ["#111111", "#222222", "#3a3a3a", "#b4b4b4", "#eeeeee"],
    ),
    // mauve
    (
        ["#f2eff3", "#e3dfe6", "#65636d", "#211f26"],
        ["#121113", "#232225", "#3c393f", "#b5b2bc", "#eeeef0"],
    ),
    // slate
    (
        ["#f0f0f3", "#e0e1e6", "#60646c", "#1c2024"],
        ["#111113", "#212225", "#363a3f", "#b0b4ba", "#edeef0"],
    ),
    // sage
    (
        ["#eef1f0", "#dfe2e0", "#5f6563", "#1a211e"],
        ["#101211", "#202221", "#373b39", "#adb5b2", "#eceeed"],
    ),
    // olive
    (
        ["#eff1ef", "#dfe2df", "#60655f", "#1d211c"],
        ["#111210", "#212220", "#383a36", "#afb5ad", "#eceeec"],
    ),
    // sand
    (
        ["#f1f0ef", "#e2e1de", "#63635e", "#21201c"],
        ["#111110", "#222221", "#3b3a37", "#b5b3ad", "#eeeeec"],
    ),
];
pub const GRAY_NAMES: [&str; 7] = ["gray", "mauve", "slate", "sage", "olive", "sand", "auto"];
pub const GRAY_VARS: [&str; 5] = [
    "--ce-bg",
    "--ce-bubble",
    "--ce-border",
    "--ce-muted",
    "--ce-fg",
];

/// Danger colours (Radix step 11), in the order of `dangerColor`'s names: light, dark.
pub const DANGERS: [(&str, &str); 3] = [
    ("#ca244d", "#ff949d"),
    ("#ce2c31", "#ff9592"),
    ("#d13415", "#ff977d"),
];

pub const DARK_TEXT: &str = "#1c2024";
