//! Rebuild when a locale file changes: rust-i18n's macro reads assets/locales untracked by cargo.
fn main() {
    println!("cargo:rerun-if-changed=assets/locales");
}
