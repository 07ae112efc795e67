//! Helpers for both integration-test binaries: `tests/it/` (everything that can share a
//! process) and `tests/ui_pt_br.rs` (the window in Portuguese, alone in its process).

pub mod binary;
pub mod desktop;
pub mod fixtures;
pub mod proof;
pub mod rng;
pub mod stress_kit;
pub mod window_kit;

/// The example token of jwt.io: HS256, signed with the secret `your-256-bit-secret`.
pub const JWTIO: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";
