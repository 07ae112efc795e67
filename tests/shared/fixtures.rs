//! The files under `tests/fixtures/`: keys in `keys/`, standard token vectors in `vectors/`.

use std::path::{Path, PathBuf};

/// The path of `tests/fixtures/<relative>`.
pub fn path(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(relative)
}

/// The bytes of `tests/fixtures/<relative>`; panics naming the file if it cannot be read.
pub fn read(relative: &str) -> Vec<u8> {
    let path = path(relative);
    std::fs::read(&path).unwrap_or_else(|e| panic!("fixture {}: {e}", path.display()))
}

/// The text of `tests/fixtures/<relative>`.
pub fn read_to_string(relative: &str) -> String {
    String::from_utf8(read(relative)).unwrap_or_else(|e| panic!("fixture {relative}: {e}"))
}

/// The key file `tests/fixtures/keys/<name>`, as a command-line argument.
pub fn key_path(name: &str) -> String {
    path("keys").join(name).to_string_lossy().into_owned()
}
