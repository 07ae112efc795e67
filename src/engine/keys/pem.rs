//! PEM text: one or more `-----BEGIN …-----` blocks, each read as the DER structure its
//! label names.

use zeroize::Zeroizing;

use super::der;
use super::{Key, KeyOrigin};
use crate::engine::error::{KeyError, KeyPlace, KeyProblem};

/// Every key in `text`, in order. `EC PARAMETERS` blocks are skipped.
pub(super) fn keys(text: &str) -> Result<Vec<Key>, KeyError> {
    let mut keys = Vec::new();
    let mut rest = text;
    let mut index = 0;
    while let Some(start) = rest.find("-----BEGIN ") {
        index += 1;
        let block = &rest[start..];
        let label_end = block[11..].find("-----").ok_or(KeyError {
            at: Some(KeyPlace::PemBlock { index, label: None }),
            problem: KeyProblem::PemUnclosed,
        })?;
        let label = &block[11..11 + label_end];
        let at = KeyPlace::PemBlock {
            index,
            label: Some(label.to_owned()),
        };
        let end_marker = format!("-----END {label}-----");
        let end = block.find(&end_marker).ok_or_else(|| {
            KeyError::at(at.clone())(KeyProblem::PemNoEnd {
                end_marker: end_marker.clone(),
            })
        })?;
        let pem_text = &block[..end + end_marker.len()];
        rest = &block[end + end_marker.len()..];
        if label == "EC PARAMETERS" {
            continue;
        }
        let (_, der) = ::der::pem::decode_vec(pem_text.as_bytes())
            .map_err(|e| KeyError::at(at.clone())(KeyProblem::PemInvalid(e.to_string())))?;
        let der = Zeroizing::new(der);
        let key = der::labelled(label, &der, KeyOrigin::Pem(label.to_owned()))
            .map_err(KeyError::at(at))?;
        keys.push(key);
    }
    if keys.is_empty() {
        return Err(KeyError {
            at: None,
            problem: KeyProblem::PemNoKey,
        });
    }
    Ok(keys)
}
