//! Fuzz target `cpf`: see [`harness::cpf`].
#![no_main]

#[path = "../harness.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::cpf(data));
