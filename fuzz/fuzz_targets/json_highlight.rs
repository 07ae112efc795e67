//! Fuzz target `json_highlight`: see [`harness::json_highlight`].
#![no_main]

#[path = "../harness.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::json_highlight(data));
