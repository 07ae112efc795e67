//! The behaviour every [`SecretStore`] must have. Run against the in-memory store in unit
//! tests and against the real Secret Service in `tests/it/secret_service.rs`.

use super::SecretStore;
use crate::engine::Secret;

/// Exercises `store` and panics on the first broken promise. Uses accounts that start with
/// `jwtpad-contract-` and removes them again.
pub fn run(store: &dyn SecretStore) {
    let nonce = {
        let mut bytes = [0u8; 6];
        getrandom::getrandom(&mut bytes).expect("random bytes");
        bytes.iter().map(|b| format!("{b:02x}")).collect::<String>()
    };
    let a = format!("jwtpad-contract-{nonce}-a");
    let b = format!("jwtpad-contract-{nonce}-b");

    assert_eq!(
        store.get(&a).expect("get of a missing account"),
        None,
        "missing is Ok(None)"
    );
    assert!(
        !store.delete(&a).expect("delete of a missing account"),
        "nothing to delete"
    );

    let text = Secret::new(b"a-string-secret-at-least-256-bits-long".to_vec());
    store.set(&a, "jwtpad contract a", &text).expect("set");
    assert_eq!(
        store.get(&a).expect("get").as_ref().map(Secret::expose),
        Some(text.expose())
    );

    // Binary secrets (base64-decoded HMAC keys) survive byte for byte.
    let binary = Secret::new((0u8..=255).rev().collect());
    store
        .set(&b, "jwtpad contract b", &binary)
        .expect("set binary");
    assert_eq!(
        store
            .get(&b)
            .expect("get binary")
            .as_ref()
            .map(Secret::expose),
        Some(binary.expose())
    );
    assert_eq!(
        store
            .get(&a)
            .expect("get a again")
            .as_ref()
            .map(Secret::expose),
        Some(text.expose()),
        "accounts are separate"
    );

    // Replacing keeps one entry with the new value.
    let replaced = Secret::new(b"replaced".to_vec());
    store
        .set(&a, "jwtpad contract a", &replaced)
        .expect("replace");
    assert_eq!(
        store
            .get(&a)
            .expect("get replaced")
            .as_ref()
            .map(Secret::expose),
        Some(&b"replaced"[..])
    );

    assert!(
        store
            .relabel(&a, "jwtpad contract a, renamed")
            .expect("relabel")
    );
    assert_eq!(
        store
            .get(&a)
            .expect("get relabelled")
            .as_ref()
            .map(Secret::expose),
        Some(&b"replaced"[..]),
        "relabel keeps the secret"
    );
    assert!(
        !store
            .relabel(&format!("{a}-missing"), "x")
            .expect("relabel of a missing account")
    );

    assert!(
        store.delete(&a).expect("delete a"),
        "delete reports an existing entry"
    );
    assert_eq!(store.get(&a).expect("get deleted"), None);
    assert!(!store.delete(&a).expect("delete twice"));
    assert!(store.delete(&b).expect("delete b"));
    assert_eq!(store.get(&b).expect("get deleted b"), None);
}
