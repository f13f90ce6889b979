//! A small map from string ids to values, kept as a sorted `Vec`.
//!
//! The SDK's maps (the timeline's edit versions and deleted ids, an element's rows) need only
//! lookup, insert, remove, retain and iteration. A sorted vector does that with binary search and,
//! compiled to WebAssembly, costs a fraction of `BTreeMap`'s or `HashMap`'s code (which is
//! generated again for every value type). Sizes here are small: a conversation's edited or
//! deleted messages, the rows of a list on screen.

/// String keys, sorted and unique, each with a value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyedVec<V> {
    entries: Vec<(String, V)>,
}

impl<V> Default for KeyedVec<V> {
    fn default() -> Self {
        KeyedVec {
            entries: Vec::new(),
        }
    }
}

impl<V> KeyedVec<V> {
    fn find(&self, key: &str) -> Result<usize, usize> {
        self.entries.binary_search_by(|(k, _)| k.as_str().cmp(key))
    }

    /// The value of `key`.
    pub fn get(&self, key: &str) -> Option<&V> {
        self.find(key).ok().map(|i| &self.entries[i].1)
    }

    /// True when `key` is present.
    pub fn contains_key(&self, key: &str) -> bool {
        self.find(key).is_ok()
    }

    /// Sets `key` to `value`, returning the value it replaced.
    pub fn insert(&mut self, key: String, value: V) -> Option<V> {
        match self.find(&key) {
            Ok(i) => Some(std::mem::replace(&mut self.entries[i].1, value)),
            Err(i) => {
                self.entries.insert(i, (key, value));
                None
            }
        }
    }

    /// The value of `key`, mutable.
    pub fn get_mut(&mut self, key: &str) -> Option<&mut V> {
        self.find(key).ok().map(|i| &mut self.entries[i].1)
    }

    /// The value of `key`, inserting `make()` first when there is none.
    pub fn get_or_insert_with(&mut self, key: &str, make: impl FnOnce() -> V) -> &mut V {
        let i = match self.find(key) {
            Ok(i) => i,
            Err(i) => {
                self.entries.insert(i, (key.to_owned(), make()));
                i
            }
        };
        &mut self.entries[i].1
    }

    /// The entries, in key order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &V)> {
        self.entries.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// The values, in key order.
    pub fn values(&self) -> impl Iterator<Item = &V> {
        self.entries.iter().map(|(_, v)| v)
    }

    /// True when there are no entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Removes `key`, returning its value.
    pub fn remove(&mut self, key: &str) -> Option<V> {
        self.find(key).ok().map(|i| self.entries.remove(i).1)
    }

    /// Keeps the entries for which `keep` is true.
    pub fn retain(&mut self, mut keep: impl FnMut(&str, &V) -> bool) {
        self.entries.retain(|(k, v)| keep(k, v));
    }

    /// Removes everything.
    pub fn clear(&mut self) {
        self.entries.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::KeyedVec;

    #[test]
    fn behaves_like_a_map_whatever_the_insertion_order() {
        let mut map = KeyedVec::default();
        for (i, key) in ["m5", "m1", "m9", "m3", "m7"].iter().enumerate() {
            assert_eq!(map.insert((*key).to_owned(), i), None);
        }
        assert_eq!(map.get("m9"), Some(&2));
        assert_eq!(map.insert("m9".to_owned(), 20), Some(2));
        assert_eq!(map.get("m9"), Some(&20));
        assert!(map.contains_key("m1"));
        assert!(!map.contains_key("m2"));
        assert_eq!(map.remove("m1"), Some(1));
        assert_eq!(map.remove("m1"), None);
        map.retain(|key, _| key != "m3");
        assert!(!map.contains_key("m3"));
        assert_eq!(map.get("m5"), Some(&0));
        assert_eq!(map.get("m7"), Some(&4));
        *map.get_or_insert_with("m4", || 40) += 1;
        *map.get_or_insert_with("m4", || 0) += 1;
        assert_eq!(map.get("m4"), Some(&42));
        if let Some(v) = map.get_mut("m5") {
            *v = 50;
        }
        assert_eq!(map.values().copied().collect::<Vec<_>>(), [42, 50, 4, 20]);
        map.clear();
        assert!(map.is_empty());
    }
}
