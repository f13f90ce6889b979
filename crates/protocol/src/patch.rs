//! Fields that distinguish "absent" (leave as it is) from `null` (clear it).
//!
//! `Option<Option<T>>` with [`present`]: a missing field is `None`, `null` is `Some(None)` and a
//! value is `Some(Some(v))`.

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer};

/// A field that may be absent, `null` or a value.
pub type Patch<T> = Option<Option<T>>;

/// `custom` in a write: `null` clears every key; a key set to `null` removes that key.
pub type CustomPatch = Patch<BTreeMap<String, Option<String>>>;

/// Deserialize a present field (even `null`) as `Some(_)`; use with `#[serde(default)]`.
pub fn present<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}
