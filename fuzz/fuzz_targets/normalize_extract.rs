//! Fuzz target `normalize_extract`: see [`harness::normalize_extract`].
#![no_main]

#[path = "../harness.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::normalize_extract(data));
