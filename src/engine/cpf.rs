//! Brazilian CPF numbers (the vendor's `personId`): check-digit validation and generation of
//! valid test numbers, so QA never needs a real person's CPF.
//!
//! A CPF is 9 base digits and 2 check digits, each a weighted sum modulo 11 (weights 10..2,
//! then 11..2); a remainder below 2 gives 0. Numbers of one repeated digit pass that check
//! but are not issued, so they are refused too.

/// Why a text is not a valid CPF.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CpfProblem {
    /// Not 11 digits (after removing the usual `.` and `-`).
    Length(usize),
    /// A character other than a digit, `.`, `-` or a space, at this 1-based position.
    Character(char, usize),
    /// All digits the same, like 111.111.111-11.
    Repeated,
    /// The check digits do not match; the expected ones are given.
    CheckDigits {
        /// The two digits the first nine call for.
        expected: String,
        /// The two digits found.
        found: String,
    },
}

impl CpfProblem {
    /// The stable machine code.
    pub fn code(&self) -> &'static str {
        match self {
            CpfProblem::Length(_) => "cpf-length",
            CpfProblem::Character(..) => "cpf-character",
            CpfProblem::Repeated => "cpf-repeated",
            CpfProblem::CheckDigits { .. } => "cpf-check-digits",
        }
    }
}

impl std::error::Error for CpfProblem {}

/// The vendor's `personId` claim as written, and whether it is a valid CPF.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonId {
    /// The claim as text: a string as it is, a number as its digits.
    pub shown: String,
    /// The check.
    pub verdict: Result<(), CpfProblem>,
}

/// The claim that carries the CPF.
pub const CLAIM: &str = "personId";

/// Checks the `personId` claim, a string or a number; `None` when there is none (or it is
/// neither). The window and the command line judge it here, the same way.
pub fn person_id(claims: &serde_json::Map<String, serde_json::Value>) -> Option<PersonId> {
    let shown = match claims.get(CLAIM)? {
        serde_json::Value::String(s) => s.clone(),
        // A number has lost any leading zeros: it is judged as written.
        serde_json::Value::Number(n) => n.to_string(),
        _ => return None,
    };
    let verdict = validate(&shown);
    Some(PersonId { shown, verdict })
}

/// Checks `text`, written as `52998224725` or `529.982.247-25`.
pub fn validate(text: &str) -> Result<(), CpfProblem> {
    let mut digits = Vec::with_capacity(11);
    for (i, c) in text.trim().chars().enumerate() {
        match c {
            '0'..='9' => digits.push(c as u8 - b'0'),
            '.' | '-' | ' ' => {}
            other => return Err(CpfProblem::Character(other, i + 1)),
        }
    }
    if digits.len() != 11 {
        return Err(CpfProblem::Length(digits.len()));
    }
    if digits.iter().all(|&d| d == digits[0]) {
        return Err(CpfProblem::Repeated);
    }
    let base: [u8; 9] = digits[..9].try_into().expect("11 digits");
    let expected = check_digits(&base);
    if digits[9..] != expected {
        let show = |d: &[u8]| d.iter().map(|d| char::from(b'0' + d)).collect::<String>();
        return Err(CpfProblem::CheckDigits {
            expected: show(&expected),
            found: show(&digits[9..]),
        });
    }
    Ok(())
}

/// Whether `text` is a valid CPF.
pub fn is_valid(text: &str) -> bool {
    validate(text).is_ok()
}

/// The two check digits for nine base digits.
fn check_digits(base: &[u8; 9]) -> [u8; 2] {
    let digit = |digits: &[u8]| {
        let weight_start = digits.len() as u32 + 1;
        let sum: u32 = digits
            .iter()
            .enumerate()
            .map(|(i, &d)| u32::from(d) * (weight_start - i as u32))
            .sum();
        match sum % 11 {
            r if r < 2 => 0,
            r => (11 - r) as u8,
        }
    };
    let first = digit(base);
    let mut ten = [0u8; 10];
    ten[..9].copy_from_slice(base);
    ten[9] = first;
    [first, digit(&ten)]
}

/// The valid CPF with these nine base digits (each 0..=9), unformatted.
pub fn from_base(base: [u8; 9]) -> String {
    let check = check_digits(&base);
    base.iter()
        .chain(check.iter())
        .map(|d| char::from(b'0' + d % 10))
        .collect()
}

/// A random valid CPF, unformatted (`52998224725`), as test data.
pub fn generate() -> String {
    loop {
        let mut bytes = [0u8; 9];
        // Without OS randomness, fall back to the clock: test data needs variety, not secrecy.
        if getrandom::getrandom(&mut bytes).is_err() {
            let nanos = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or_default();
            for (i, b) in bytes.iter_mut().enumerate() {
                *b = (nanos >> (i * 7)) as u8;
            }
        }
        let base = bytes.map(|b| b % 10);
        if base.iter().any(|&d| d != base[0]) {
            return from_base(base);
        }
    }
}

/// `52998224725` as `529.982.247-25`; any other text is returned unchanged.
pub fn format(cpf: &str) -> String {
    let digits: String = cpf.chars().filter(char::is_ascii_digit).collect();
    if digits.len() != 11 {
        return cpf.to_owned();
    }
    format!(
        "{}.{}.{}-{}",
        &digits[..3],
        &digits[3..6],
        &digits[6..9],
        &digits[9..]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_numbers() {
        // Published examples and numbers checked by hand with the mod-11 rule.
        for good in [
            "52998224725",
            "529.982.247-25",
            "11144477735",
            "000.000.001-91",
        ] {
            assert_eq!(validate(good), Ok(()), "{good}");
        }
        assert_eq!(
            validate("52998224724"),
            Err(CpfProblem::CheckDigits {
                expected: "25".into(),
                found: "24".into()
            })
        );
        assert_eq!(validate("111.111.111-11"), Err(CpfProblem::Repeated));
        assert_eq!(validate("5299822472"), Err(CpfProblem::Length(10)));
        assert_eq!(validate("529x8224725"), Err(CpfProblem::Character('x', 4)));
        assert_eq!(validate(""), Err(CpfProblem::Length(0)));
    }

    #[test]
    fn remainders_below_two_give_zero() {
        // 000000118: sums 23 and 33, remainders 1 and 0, so both check digits are 0.
        assert_eq!(from_base([0, 0, 0, 0, 0, 0, 1, 1, 8]), "00000011800");
        // 000000001: first sum 2 gives 11 - 2 = 9; 100000000: first sum 10 gives 1.
        assert_eq!(from_base([0, 0, 0, 0, 0, 0, 0, 0, 1]), "00000000191");
        assert_eq!(from_base([1, 0, 0, 0, 0, 0, 0, 0, 0]), "10000000019");
    }

    #[test]
    fn generated_numbers_are_valid_and_vary() {
        let many: Vec<String> = (0..500).map(|_| generate()).collect();
        for cpf in &many {
            assert_eq!(validate(cpf), Ok(()), "{cpf}");
            assert_eq!(cpf.len(), 11);
        }
        let distinct: std::collections::HashSet<_> = many.iter().collect();
        assert!(distinct.len() > 490, "{} distinct of 500", distinct.len());
    }

    #[test]
    fn person_id_is_judged_as_a_string_or_a_number() {
        let claims = |v: serde_json::Value| v.as_object().unwrap().clone();
        let good = person_id(&claims(serde_json::json!({"personId": "529.982.247-25"})));
        assert_eq!(good.unwrap().verdict, Ok(()));
        let number = person_id(&claims(serde_json::json!({"personId": 52998224724u64}))).unwrap();
        assert_eq!(number.shown, "52998224724");
        assert_eq!(number.verdict.unwrap_err().code(), "cpf-check-digits");
        // Leading zeros are gone from a number, so it is too short.
        let short = person_id(&claims(serde_json::json!({"personId": 191}))).unwrap();
        assert_eq!(short.verdict, Err(CpfProblem::Length(3)));
        assert_eq!(
            person_id(&claims(serde_json::json!({"personId": true}))),
            None
        );
        assert_eq!(person_id(&claims(serde_json::json!({}))), None);
    }

    #[test]
    fn formatting() {
        assert_eq!(format("52998224725"), "529.982.247-25");
        assert_eq!(format("529.982.247-25"), "529.982.247-25");
        assert_eq!(format("123"), "123");
    }
}
