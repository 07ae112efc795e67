//! The token engine: parsing, keys, signing, verification and time claims.
//!
//! Nothing in here knows about egui, the keyring or the clipboard, so the command line, the
//! window and the tests all share exactly the same rules. Errors, warnings and verdicts are
//! data with stable codes; their words come from `Display` when they are shown.

pub mod alg;
// Public only for the fuzz targets and property tests (fuzz/, tests/it/properties.rs).
#[doc(hidden)]
pub mod b64;
pub mod batch;
pub mod broken;
pub mod claims;
pub mod cpf;
mod crypto;
pub mod diff;
pub mod error;
pub mod extract;
pub mod hints;
pub mod json;
pub mod keys;
pub mod mask;
mod messages;
pub mod normalize;
pub mod secret;
pub mod sign;
pub mod suite;
pub mod template;
pub mod timespec;
pub mod token;
pub mod verify;
pub mod warning;
pub mod zone;

pub use alg::Alg;
pub use claims::{Clock, Standing, TimeClaim, TimeReport, TimeStatus};
pub use error::{Error, Part};
pub use hints::Hint;
pub use keys::{Key, KeyInfo, KeyOrigin, KeySet};
pub use secret::Secret;
pub use sign::{SignRequest, Signed, sign, sign_json};
pub use token::{Payload, Token};
pub use verify::{Decoded, FailReason, Verification, decode};
pub use warning::Warning;
pub use zone::Zone;
