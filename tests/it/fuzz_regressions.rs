//! The fuzzers' findings, replayed under stable `cargo test`: every file in
//! tests/fuzz_regressions/<target>/ goes through the same function its fuzz target calls
//! (fuzz/harness.rs), which panics on a crash or a broken invariant.

#[path = "../../fuzz/harness.rs"]
mod harness;

use std::path::Path;

fn replay(target: &str, run: fn(&[u8])) -> usize {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz_regressions")
        .join(target);
    let mut count = 0;
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return 0;
    };
    let mut paths: Vec<_> = entries
        .map(|e| e.expect("a readable entry").path())
        .collect();
    paths.sort();
    for path in paths {
        let data = std::fs::read(&path).expect("a readable regression input");
        let outcome = std::panic::catch_unwind(|| run(&data));
        assert!(outcome.is_ok(), "{target}: {} fails again", path.display());
        count += 1;
    }
    count
}

#[test]
fn every_regression_input_runs_clean() {
    let mut total = 0;
    for (target, run) in harness::TARGETS {
        total += replay(target, run);
    }
    assert!(
        total > 0,
        "no regression inputs found under tests/fuzz_regressions"
    );
}

/// The harness itself rejects a wrong answer: a CPF mask that kept the CPF would fail.
#[test]
fn the_harness_runs_on_hand_written_inputs() {
    for (_, run) in harness::TARGETS {
        run(b"");
        run(b"Bearer eyJhbGciOiJIUzI1NiJ9.e30.c2ln");
        run(b"529.982.247-25");
        run(b"{\"a\":1,\n\"a\":");
    }
}
