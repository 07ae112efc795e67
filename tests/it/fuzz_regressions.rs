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

/// The regression inputs and the fixture keys, as starting points for mutation.
fn seeds() -> Vec<Vec<u8>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    for dir in ["tests/fixtures/keys"]
        .into_iter()
        .map(|d| root.join(d))
        .chain(
            harness::TARGETS
                .iter()
                .map(|(t, _)| root.join("tests/fuzz_regressions").join(t)),
        )
    {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            if let Ok(data) = std::fs::read(entry.path()) {
                out.push(data);
            }
        }
    }
    out
}

/// A stable-toolchain stand-in for the fuzzers, for a machine without nightly: random
/// edits of the seeds (and random text) through every target. Ignored by default;
/// `JWTPAD_SMOKE_CASES` sets how many inputs per target (default 2,000).
#[test]
#[ignore = "slow; run with --ignored"]
fn random_inputs_through_every_target() {
    use proptest::prelude::*;
    use proptest::test_runner::{Config, TestRunner};
    let cases = std::env::var("JWTPAD_SMOKE_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2_000);
    let seeds = seeds();
    let edits = prop::collection::vec((any::<usize>(), any::<u8>(), 0u8..4), 0..12);
    let input = prop_oneof![
        (prop::sample::select(seeds), edits).prop_map(|(mut data, edits)| {
            for (at, byte, kind) in edits {
                let at = if data.is_empty() { 0 } else { at % data.len() };
                match kind {
                    0 if !data.is_empty() => data[at] = byte,
                    1 => data.insert(at, byte),
                    2 if !data.is_empty() => {
                        data.remove(at);
                    }
                    _ => data.truncate(at),
                }
            }
            data
        }),
        any::<String>().prop_map(String::into_bytes),
        prop::collection::vec(any::<u8>(), 0..64),
    ];
    for (target, run) in harness::TARGETS {
        let mut runner = TestRunner::new(Config {
            cases,
            failure_persistence: None,
            ..Config::default()
        });
        let started = std::time::Instant::now();
        let result = runner.run(&input, |data| {
            run(&data);
            Ok(())
        });
        eprintln!("{target}: {cases} inputs in {:?}", started.elapsed());
        if let Err(e) = result {
            panic!("{target}: {e}");
        }
    }
}
