//! `jwtpad batch`: valid tokens by the thousand, each with its own CPF, reproducible with a
//! seed, streamed as CSV or JSON Lines.

use crate::shared::binary::{self, Run, run};
use jwtpad::engine::{Clock, Key, KeySet, Secret, cpf, decode};
use std::collections::HashSet;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::Stdio;

const SECRET: &str = "batch-it-secret-0123456789abcdef0123";
const NOW: i64 = 1_764_590_400;

fn batch(home: &Path, extra: &[&str]) -> Run {
    let mut cmd = binary::jwtpad();
    cmd.env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("BATCH_SECRET", SECRET)
        .args([
            "batch",
            "--template",
            "caf-smart-auth",
            "--secret-env",
            "BATCH_SECRET",
            "--client-id",
            "client-123",
        ])
        .args(extra);
    run(cmd, None)
}

fn ok(run: &Run, what: &str) {
    assert_eq!(
        run.code, 0,
        "{what} failed:\nstdout: {}\nstderr: {}",
        run.stdout, run.stderr
    );
}

#[test]
fn every_token_of_ten_thousand_verifies_with_its_own_valid_cpf() {
    let home = tempfile::tempdir().unwrap();
    let now = NOW.to_string();
    let out = batch(home.path(), &["-n", "10000", "--seed", "11", "--now", &now]);
    ok(&out, "batch -n 10000");
    let mut lines = out.stdout.lines();
    assert_eq!(lines.next(), Some("seq,cpf,token"));
    let keys = KeySet::from(Key::hmac(Secret::new(SECRET.as_bytes().to_vec())));
    let clock = Clock::at(NOW + 60, 0);
    let mut cpfs = HashSet::new();
    let mut n = 0;
    for (i, line) in lines.enumerate() {
        let fields: Vec<&str> = line.split(',').collect();
        assert_eq!(fields.len(), 3, "{line}");
        assert_eq!(fields[0], (i + 1).to_string());
        let decoded = decode(fields[2], Some(&keys), &clock).unwrap();
        assert_eq!(
            decoded.verification.verified(),
            Some(true),
            "token {}",
            i + 1
        );
        assert_eq!(decoded.time.valid(), Some(true), "token {}", i + 1);
        let claims = decoded.token.payload.claims().unwrap();
        assert_eq!(claims["iss"], "client-123");
        assert_eq!(claims["exp"], NOW + 15 * 60);
        assert_eq!(
            claims["personId"], fields[1],
            "the CPF column is the token's"
        );
        assert!(cpf::is_valid(fields[1]), "{}", fields[1]);
        assert!(
            cpfs.insert(fields[1].to_owned()),
            "CPF {} repeated",
            fields[1]
        );
        n += 1;
    }
    assert_eq!(n, 10_000);
}

#[test]
fn a_seed_reproduces_a_batch_and_another_seed_does_not() {
    let home = tempfile::tempdir().unwrap();
    let now = NOW.to_string();
    let args = [
        "-n", "300", "--seed", "5", "--now", &now, "--format", "jsonl",
    ];
    let a = batch(home.path(), &args);
    let b = batch(home.path(), &args);
    ok(&a, "batch --seed 5");
    assert_eq!(a.stdout, b.stdout);
    assert!(
        a.stderr.is_empty(),
        "a given seed is not announced: {}",
        a.stderr
    );
    let c = batch(
        home.path(),
        &[
            "-n", "300", "--seed", "6", "--now", &now, "--format", "jsonl",
        ],
    );
    ok(&c, "batch --seed 6");
    assert_ne!(a.stdout, c.stdout);
    // Without a seed, one is chosen and said, so the batch can be made again.
    let d = batch(home.path(), &["-n", "3", "--now", &now]);
    ok(&d, "batch without --seed");
    let seed = d
        .stderr
        .split_whitespace()
        .nth(2)
        .expect("the seed on stderr")
        .to_owned();
    let again = batch(home.path(), &["-n", "3", "--now", &now, "--seed", &seed]);
    assert_eq!(again.stdout, d.stdout, "{}", d.stderr);
}

#[test]
fn jsonl_lines_are_objects_with_seq_cpf_and_token() {
    let home = tempfile::tempdir().unwrap();
    let out = batch(
        home.path(),
        &["-n", "20", "--seed", "1", "--format", "jsonl"],
    );
    ok(&out, "batch --format jsonl");
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines.len(), 20);
    for (i, line) in lines.iter().enumerate() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let object = v.as_object().unwrap();
        assert_eq!(object.len(), 3, "{line}");
        assert_eq!(v["seq"], i as u64 + 1);
        assert!(cpf::is_valid(v["cpf"].as_str().unwrap()));
        assert_eq!(v["token"].as_str().unwrap().split('.').count(), 3);
    }
}

#[test]
fn bad_requests_say_what_is_wrong() {
    let home = tempfile::tempdir().unwrap();
    let zero = batch(home.path(), &["-n", "0"]);
    assert_eq!(zero.code, 2, "{}", zero.stderr);
    let unknown = {
        let mut cmd = binary::jwtpad();
        cmd.env("HOME", home.path())
            .env("XDG_CONFIG_HOME", home.path().join("config"))
            .env("BATCH_SECRET", SECRET)
            .args([
                "batch",
                "--template",
                "no-such",
                "--secret-env",
                "BATCH_SECRET",
                "-n",
                "1",
            ]);
        run(cmd, None)
    };
    assert_eq!(unknown.code, 2);
    assert!(
        unknown.stderr.contains("no template named \"no-such\""),
        "{}",
        unknown.stderr
    );
    // caf-smart-auth needs a clientId for iss: the error names the placeholder's place.
    let mut cmd = binary::jwtpad();
    cmd.env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .env("BATCH_SECRET", SECRET)
        .args([
            "batch",
            "--template",
            "caf-smart-auth",
            "--secret-env",
            "BATCH_SECRET",
            "-n",
            "5",
        ]);
    let no_client = run(cmd, None);
    assert_eq!(no_client.code, 2, "{}", no_client.stderr);
    assert!(
        no_client.stderr.contains("token 1:"),
        "{}",
        no_client.stderr
    );
    assert_eq!(
        no_client.stdout.lines().count(),
        1,
        "only the CSV header: {}",
        no_client.stdout
    );
    let no_key = {
        let mut cmd = binary::jwtpad();
        cmd.env("HOME", home.path())
            .env("XDG_CONFIG_HOME", home.path().join("config"))
            .args(["batch", "--template", "caf-smart-auth", "-n", "1"]);
        run(cmd, None)
    };
    assert_eq!(no_key.code, 2);
    assert!(no_key.stderr.contains("needs a key"), "{}", no_key.stderr);
}

#[test]
fn a_reader_that_stops_early_ends_the_batch_quietly() {
    let home = tempfile::tempdir().unwrap();
    let mut cmd = binary::jwtpad();
    cmd.env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .env("BATCH_SECRET", SECRET)
        .args([
            "batch",
            "--template",
            "caf-smart-auth",
            "--secret-env",
            "BATCH_SECRET",
            "--client-id",
            "c",
            "-n",
            "1000000",
            "--seed",
            "2",
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut reader = BufReader::new(stdout);
    let mut first = String::new();
    reader.read_line(&mut first).unwrap();
    assert_eq!(first.trim(), "seq,cpf,token");
    let mut second = String::new();
    reader.read_line(&mut second).unwrap();
    assert!(second.starts_with("1,"), "{second}");
    // Like `| head -2`: the reader goes away long before a million tokens.
    drop(reader);
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(
        out.stderr.is_empty(),
        "quiet: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// PyJWT as the vendor's strict server: HS256 only, `iss` the clientId, `exp` required and
/// in the future, `personId` a valid CPF string.
const STRICT_SERVER: &str = r#"
import sys, jwt
def cpf_ok(s):
    if not isinstance(s, str) or len(s) != 11 or not s.isdigit() or len(set(s)) == 1:
        return False
    d = [int(c) for c in s]
    for n in (9, 10):
        r = sum(d[i] * (n + 1 - i) for i in range(n)) * 10 % 11 % 10
        if r != d[n]:
            return False
    return True
secret = sys.argv[1].encode()
bad = 0
lines = sys.stdin.read().splitlines()[1:]
for line in lines:
    seq, cpf, token = line.split(",")
    try:
        claims = jwt.decode(token, secret, algorithms=["HS256"], issuer="client-123",
                            options={"require": ["exp", "iss"]})
        assert cpf_ok(claims["personId"]) and claims["personId"] == cpf
    except Exception as e:
        bad += 1
        print("refused", seq, type(e).__name__, e)
print("checked", len(lines), "refused", bad)
"#;

#[test]
fn a_strict_server_in_pyjwt_accepts_every_token_of_a_batch() {
    let Some(python) = crate::keygen::python() else {
        return;
    };
    let home = tempfile::tempdir().unwrap();
    let out = batch(home.path(), &["-n", "500", "--seed", "9"]);
    ok(&out, "batch -n 500");
    let mut child = std::process::Command::new(python)
        .args(["-c", STRICT_SERVER, SECRET])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Write as _;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(out.stdout.as_bytes())
            .unwrap();
    }
    let verdict = child.wait_with_output().unwrap();
    let text = String::from_utf8_lossy(&verdict.stdout);
    assert!(
        verdict.status.success(),
        "{}",
        String::from_utf8_lossy(&verdict.stderr)
    );
    assert_eq!(text.trim(), "checked 500 refused 0", "{text}");
    // The same server refuses a batch signed with another secret.
    let mut cmd = binary::jwtpad();
    cmd.env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .env("OTHER", "another-secret-0123456789abcdef0123")
        .args([
            "batch",
            "--template",
            "caf-smart-auth",
            "--secret-env",
            "OTHER",
            "--client-id",
            "client-123",
            "-n",
            "3",
            "--seed",
            "1",
        ]);
    let other = run(cmd, None);
    ok(&other, "batch with another secret");
    let mut child = std::process::Command::new(crate::keygen::python().unwrap())
        .args(["-c", STRICT_SERVER, SECRET])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Write as _;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(other.stdout.as_bytes())
            .unwrap();
    }
    let refused = child.wait_with_output().unwrap();
    assert!(
        String::from_utf8_lossy(&refused.stdout).contains("checked 3 refused 3"),
        "{}",
        String::from_utf8_lossy(&refused.stdout)
    );
}

#[test]
fn a_saved_template_gets_seq_uuid_and_the_formatted_cpf_reproducibly() {
    let home = tempfile::tempdir().unwrap();
    let mut add = binary::jwtpad();
    add.env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .args([
            "template",
            "add",
            "load",
            "--payload",
            r#"{"sub":"user-{{seq}}","n":"{{seq}}","jti":"{{uuid}}","cpf":"{{cpf.formatted}}","exp":"{{now+1h}}"}"#,
        ]);
    ok(&run(add, None), "template add");
    let make = |seed: &str| {
        let mut cmd = binary::jwtpad();
        cmd.env("HOME", home.path())
            .env("XDG_CONFIG_HOME", home.path().join("config"))
            .env("BATCH_SECRET", SECRET)
            .args([
                "batch",
                "--template",
                "load",
                "--secret-env",
                "BATCH_SECRET",
                "-n",
                "50",
                "--seed",
                seed,
                "--now",
                "1700000000",
                "--format",
                "jsonl",
            ]);
        run(cmd, None)
    };
    let a = make("4");
    ok(&a, "batch --template load");
    assert_eq!(make("4").stdout, a.stdout, "the seed fixes the UUIDs too");
    let keys = KeySet::from(Key::hmac(Secret::new(SECRET.as_bytes().to_vec())));
    let mut jtis = HashSet::new();
    for (i, line) in a.stdout.lines().enumerate() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let decoded = decode(
            v["token"].as_str().unwrap(),
            Some(&keys),
            &Clock::at(1_700_000_000, 0),
        )
        .unwrap();
        assert_eq!(decoded.verification.verified(), Some(true));
        let claims = decoded.token.payload.claims().unwrap();
        let seq = i as u64 + 1;
        assert_eq!(claims["sub"], format!("user-{seq}"));
        assert_eq!(claims["n"], seq, "{{{{seq}}}} alone is a number");
        assert_eq!(claims["exp"], 1_700_003_600);
        assert_eq!(claims["cpf"], cpf::format(v["cpf"].as_str().unwrap()));
        assert!(jtis.insert(claims["jti"].as_str().unwrap().to_owned()));
    }
}
