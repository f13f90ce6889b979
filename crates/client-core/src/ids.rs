//! Client-generated ids for sends.
//!
//! How the SDK uses this: each `send` gets [`client_id`] from `Date.now()` and two random words;
//! the id stays with the send through retries and resends ([`crate::Outbox`]).

/// A client id for a send: `c` followed by the time and two random words in base 36.
///
/// Unique per sender is all the server needs; the time part keeps ids from different page loads
/// apart even with a weak random source.
pub fn client_id(now_ms: u64, random_a: u32, random_b: u32) -> String {
    let mut out = String::with_capacity(28);
    out.push('c');
    push_base36(&mut out, now_ms);
    out.push('-');
    push_base36(&mut out, (u64::from(random_a) << 32) | u64::from(random_b));
    out
}

fn push_base36(out: &mut String, mut n: u64) {
    const DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut buf = [0u8; 13];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = DIGITS[(n % 36) as usize];
        n /= 36;
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
        push_base36(&mut s, 0);
        s.push(',');
        push_base36(&mut s, 35);
        s.push(',');
        push_base36(&mut s, 36);
        assert_eq!(s, "0,z,10");
    }
}
