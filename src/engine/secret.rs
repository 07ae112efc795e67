//! Secret bytes that cannot leak through `Debug`, `Display` or a forgotten buffer.

use std::fmt;
use zeroize::Zeroizing;

/// Key material held in memory: zeroed on drop, printed as `********`.
///
/// The bytes are reachable only through [`Secret::expose`], so every use is easy to find.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(Zeroizing<Vec<u8>>);

impl Secret {
    /// Wraps bytes; the caller's copy should be zeroized or dropped by the caller.
    pub fn new(bytes: Vec<u8>) -> Self {
        Secret(Zeroizing::new(bytes))
    }

    /// The secret bytes. Call only where the bytes are consumed (signing, verifying, storing).
    pub fn expose(&self) -> &[u8] {
        &self.0
    }

    /// Number of bytes, safe to show.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// True when there are no bytes.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("********")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("********")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_and_display_never_show_the_bytes() {
        let s = Secret::new(b"hunter2".to_vec());
        assert_eq!(format!("{s:?}"), "********");
        assert_eq!(format!("{s}"), "********");
        assert_eq!(format!("{:?}", Some(s.clone())), "Some(********)");
        assert_eq!(s.expose(), b"hunter2");
        assert_eq!(s.len(), 7);
    }
}
