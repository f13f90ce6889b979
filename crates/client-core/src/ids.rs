//! Client-generated ids for sends, and numbers written as text.
//!
//! How the SDK uses this: each `send` gets [`client_id`] from `Date.now()` and two random words;
//! the id stays with the send through retries and resends ([`crate::Outbox`]). Numbers become
//! text through [`decimal`] rather than `to_string()`, which would bring the formatting machinery
//! into the wasm.

/// A client id for a send: `c` followed by the time and two random words in base 36.
///
/// Unique per sender is all the server needs; the time part keeps ids from different page loads
/// apart even with a weak random source.
pub fn client_id(now_ms: u64, random_a: u32, random_b: u32) -> String {
    let mut out = String::with_capacity(28);
    out.push('c');
    push_digits(&mut out, now_ms, 36);
    out.push('-');
    push_digits(
        &mut out,
        (u64::from(random_a) << 32) | u64::from(random_b),
        36,
    );
    out
}

/// `n` in base 10 (`"42"`).
pub fn decimal(n: u64) -> String {
    let mut out = String::with_capacity(20);
    push_digits(&mut out, n, 10);
    out
}

/// Appends `n` in `radix` (2 to 36) with lower-case letters.
fn push_digits(out: &mut String, mut n: u64, radix: u64) {
    const DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut buf = [0u8; 64];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = DIGITS[(n % radix) as usize];
        n /= radix;
        if n == 0 {
            break;
        }
    }
    for &b in &buf[i..] {
        out.push(char::from(b));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_short_ascii_and_distinct() {
        let a = client_id(1_700_000_000_000, 1, 2);
        let b = client_id(1_700_000_000_000, 1, 3);
        let c = client_id(1_700_000_000_001, 1, 2);
        assert_ne!(a, b);
        assert_ne!(a, c);
        assert!(a.starts_with('c'));
        assert!(a.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '-'));
        assert!(client_id(u64::MAX, u32::MAX, u32::MAX).len() <= 28);
    }

    #[test]
    fn base36_is_exact() {
        let mut s = String::new();
        push_digits(&mut s, 0, 36);
        s.push(',');
        push_digits(&mut s, 35, 36);
        s.push(',');
        push_digits(&mut s, 36, 36);
        assert_eq!(s, "0,z,10");
    }

    #[test]
    fn decimal_matches_to_string() {
        for n in [0, 7, 10, 99, 1_000_007, u64::MAX] {
            assert_eq!(decimal(n), n.to_string());
        }
    }
}
