//! The token engine: parsing, keys, signing, verification and time claims.
//!
//! Nothing in here knows about egui, the keyring or the clipboard, so the command line, the
//! window and the tests all share exactly the same rules.

pub mod alg;
mod b64;
pub mod broken;
pub mod claims;
pub mod cpf;
mod crypto;
pub mod error;
pub mod json;
pub mod keys;
pub mod normalize;
pub mod secret;
pub mod sign;
pub mod timespec;
pub mod token;
pub use sign::sign_json;
pub mod verify;

pub use alg::Alg;
pub use claims::{Clock, TimeClaim, TimeReport, TimeStatus};
pub use error::{Error, Part};
pub use keys::{Key, KeySet};
pub use secret::Secret;
pub use sign::{SignRequest, Signed, sign};
pub use token::{Payload, Token};
pub use verify::{Decoded, Verification, decode};
