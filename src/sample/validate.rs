//! Validators for sampled values: pure functions over one value each, no
//! allocation of copies that could outlive the call. A value is judged on
//! its shape and, where one exists, its checksum: a column of random ids
//! must not pass because one in ten numbers happens to satisfy Luhn.

/// What one sampled value looks like (the first kind that fits, in the
/// order of [`classify_value`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind {
    Email,
    Card,
    Iban,
    NationalId,
    /// `lat,lon` (or `lat lon`) in one value.
    CoordinatePair,
    Ipv4,
    Phone,
}

/// The kind of one text value, if any. IPv4 is checked before phone only
/// so that `10.0.0.12` is not counted as a phone number.
pub fn classify_value(value: &str) -> Option<ValueKind> {
    let v = value.trim();
    // 320: the longest e-mail address; read values are cut at 400 characters.
    if v.is_empty() || v.len() > 320 {
        return None;
    }
    if is_email(v) {
        Some(ValueKind::Email)
    } else if is_card_number(v) {
        Some(ValueKind::Card)
    } else if is_iban(v) {
        Some(ValueKind::Iban)
    } else if is_national_id(v) {
        Some(ValueKind::NationalId)
    } else if is_coordinate_pair(v) {
        Some(ValueKind::CoordinatePair)
    } else if is_ipv4(v) {
        Some(ValueKind::Ipv4)
    } else if is_phone(v) {
        Some(ValueKind::Phone)
    } else {
        None
    }
}

/// `local@domain.tld`: one `@`, a dot-separated domain of LDH labels with a
/// letter-only top-level label, no spaces.
pub fn is_email(v: &str) -> bool {
    let Some((local, domain)) = v.split_once('@') else {
        return false;
    };
    if local.is_empty() || local.len() > 64 || domain.contains('@') || domain.len() > 253 {
        return false;
    }
    let local_ok = local
        .chars()
        .all(|c| c.is_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.".contains(c))
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..");
    let labels: Vec<&str> = domain.split('.').collect();
    if !local_ok || labels.len() < 2 {
        return false;
    }
    let labels_ok = labels.iter().all(|l| {
        !l.is_empty()
            && l.len() <= 63
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.chars().all(|c| c.is_alphanumeric() || c == '-')
    });
    let tld = labels[labels.len() - 1];
    labels_ok && tld.chars().count() >= 2 && tld.chars().all(char::is_alphabetic)
}

/// The digits of `v` when it is only digits and single spaces or dashes
/// between groups; `None` otherwise.
fn grouped_digits(v: &str) -> Option<Vec<u8>> {
    let mut digits = Vec::with_capacity(v.len());
    let mut last_sep = true;
    for c in v.chars() {
        match c {
            '0'..='9' => {
                digits.push(c as u8 - b'0');
                last_sep = false;
            }
            ' ' | '-' if !last_sep => last_sep = true,
            _ => return None,
        }
    }
    (!last_sep).then_some(digits)
}

/// The Luhn checksum (ISO/IEC 7812) of a digit sequence.
pub fn luhn(digits: &[u8]) -> bool {
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| {
            let d = u32::from(d);
            if i % 2 == 1 {
                let x = d * 2;
                if x > 9 {
                    x - 9
                } else {
                    x
                }
            } else {
                d
            }
        })
        .sum();
    sum % 10 == 0
}

/// A payment card number: an issuer's prefix, a length that issuer uses,
/// and a valid Luhn digit.
pub fn is_card_number(v: &str) -> bool {
    if !(12..=23).contains(&v.len()) || !v.starts_with(|c: char| c.is_ascii_digit()) {
        return false;
    }
    let Some(d) = grouped_digits(v) else {
        return false;
    };
    let len = d.len();
    if !(12..=19).contains(&len) || !luhn(&d) {
        return false;
    }
    let prefix = |n: usize| d[..n].iter().fold(0u32, |a, &x| a * 10 + u32::from(x));
    let (p1, p2, p3, p4) = (prefix(1), prefix(2), prefix(3), prefix(4));
    match p1 {
        // Visa
        4 => matches!(len, 13 | 16 | 19),
        // Mastercard 51-55 and 2221-2720; Mir 2200-2204
        5 if (51..=55).contains(&p2) => len == 16,
        2 if (2221..=2720).contains(&p4) || (2200..=2204).contains(&p4) => len == 16,
        // American Express
        3 if p2 == 34 || p2 == 37 => len == 15,
        // JCB
        3 if (3528..=3589).contains(&p4) => (16..=19).contains(&len),
        // Diners Club
        3 if (300..=305).contains(&p3) || p2 == 36 || p2 == 38 || p2 == 39 => {
            (14..=19).contains(&len)
        }
        // Discover, UnionPay, RuPay, Maestro (50, 56-69)
        6 if p4 == 6011 || (644..=649).contains(&p3) || p2 == 65 => (16..=19).contains(&len),
        6 if p2 == 62 => (16..=19).contains(&len),
        5 | 6 if p2 == 50 || (56..=69).contains(&p2) => (12..=19).contains(&len),
        _ => false,
    }
}

/// IBAN lengths by country (SWIFT IBAN registry).
const IBAN_LENGTHS: &[(&str, usize)] = &[
    ("AD", 24),
    ("AE", 23),
    ("AL", 28),
    ("AT", 20),
    ("AZ", 28),
    ("BA", 20),
    ("BE", 16),
    ("BG", 22),
    ("BH", 22),
    ("BR", 29),
    ("BY", 28),
    ("CH", 21),
    ("CR", 22),
    ("CY", 28),
    ("CZ", 24),
    ("DE", 22),
    ("DK", 18),
    ("DO", 28),
    ("EE", 20),
    ("EG", 29),
    ("ES", 24),
    ("FI", 18),
    ("FO", 18),
    ("FR", 27),
    ("GB", 22),
    ("GE", 22),
    ("GI", 23),
    ("GL", 18),
    ("GR", 27),
    ("GT", 28),
    ("HR", 21),
    ("HU", 28),
    ("IE", 22),
    ("IL", 23),
    ("IQ", 23),
    ("IS", 26),
    ("IT", 27),
    ("JO", 30),
    ("KW", 30),
    ("KZ", 20),
    ("LB", 28),
    ("LC", 32),
    ("LI", 21),
    ("LT", 20),
    ("LU", 20),
    ("LV", 21),
    ("MC", 27),
    ("MD", 24),
    ("ME", 22),
    ("MK", 19),
    ("MR", 27),
    ("MT", 31),
    ("MU", 30),
    ("NL", 18),
    ("NO", 15),
    ("PK", 24),
    ("PL", 28),
    ("PS", 29),
    ("PT", 25),
    ("QA", 29),
    ("RO", 24),
    ("RS", 22),
    ("SA", 24),
    ("SC", 31),
    ("SE", 24),
    ("SI", 19),
    ("SK", 24),
    ("SM", 27),
    ("ST", 25),
    ("SV", 28),
    ("TL", 23),
    ("TN", 24),
    ("TR", 26),
    ("UA", 29),
    ("VA", 22),
    ("VG", 24),
    ("XK", 20),
];

/// An IBAN: a known country, that country's length, and mod-97 = 1
/// (ISO 13616). Spaces between groups are allowed.
pub fn is_iban(v: &str) -> bool {
    if !(15..=42).contains(&v.len()) || !v.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return false;
    }
    let compact: Vec<u8> = v
        .bytes()
        .filter(|b| *b != b' ')
        .map(|b| b.to_ascii_uppercase())
        .collect();
    if compact.len() < 15 || compact.len() > 34 || !compact.iter().all(u8::is_ascii_alphanumeric) {
        return false;
    }
    let country = std::str::from_utf8(&compact[..2]).unwrap_or("");
    let Some(&(_, len)) = IBAN_LENGTHS.iter().find(|(c, _)| *c == country) else {
        return false;
    };
    if compact.len() != len || !compact[2].is_ascii_digit() || !compact[3].is_ascii_digit() {
        return false;
    }
    let mut rem: u32 = 0;
    for &b in compact[4..].iter().chain(&compact[..4]) {
        let n = if b.is_ascii_digit() {
            u32::from(b - b'0')
        } else {
            u32::from(b - b'A') + 10
        };
        rem = if n >= 10 {
            (rem * 100 + n) % 97
        } else {
            (rem * 10 + n) % 97
        };
    }
    rem == 1
}

/// A national identity number with a structure or checksum: US SSN, Brazilian
/// CPF, Chinese resident identity number, Spanish DNI/NIE, Indian Aadhaar.
pub fn is_national_id(v: &str) -> bool {
    is_us_ssn(v) || is_cpf(v) || is_cn_resident_id(v) || is_es_dni_nie(v) || is_aadhaar(v)
}

/// `AAA-GG-SSSS` (dashes or spaces required: nine bare digits are any id):
/// area not 000, 666 or 9xx, group not 00, serial not 0000.
pub fn is_us_ssn(v: &str) -> bool {
    let b = v.as_bytes();
    if b.len() != 11 || b[3] != b[6] || !(b[3] == b'-' || b[3] == b' ') {
        return false;
    }
    let parts = [&v[..3], &v[4..6], &v[7..]];
    if !parts.iter().all(|p| p.bytes().all(|c| c.is_ascii_digit())) {
        return false;
    }
    let area: u32 = parts[0].parse().unwrap_or(0);
    area != 0 && area != 666 && area < 900 && parts[1] != "00" && parts[2] != "0000"
}

/// Brazilian CPF: 11 digits (`000.000.000-00` or bare), two mod-11 check
/// digits, not one repeated digit.
pub fn is_cpf(v: &str) -> bool {
    let b = v.as_bytes();
    let digits: Vec<u32> = if b.len() == 14 {
        if b[3] != b'.' || b[7] != b'.' || b[11] != b'-' {
            return false;
        }
        v.bytes()
            .filter(|c| *c != b'.' && *c != b'-')
            .map(|c| u32::from(c.wrapping_sub(b'0')))
            .collect()
    } else if b.len() == 11 {
        v.bytes().map(|c| u32::from(c.wrapping_sub(b'0'))).collect()
    } else {
        return false;
    };
    if digits.len() != 11 || digits.iter().any(|d| *d > 9) || digits.iter().all(|d| *d == digits[0])
    {
        return false;
    }
    let check = |n: usize| {
        let sum: u32 = (0..n).map(|i| digits[i] * (n as u32 + 1 - i as u32)).sum();
        let r = (sum * 10) % 11;
        if r == 10 {
            0
        } else {
            r
        }
    };
    check(9) == digits[9] && check(10) == digits[10]
}

/// Chinese resident identity number (GB 11643-1999): 17 digits with a
/// plausible birth date at 7-14, then an ISO 7064 MOD 11-2 check character.
pub fn is_cn_resident_id(v: &str) -> bool {
    let b = v.as_bytes();
    if b.len() != 18 || !b[..17].iter().all(u8::is_ascii_digit) {
        return false;
    }
    let year: u32 = v[6..10].parse().unwrap_or(0);
    let month: u32 = v[10..12].parse().unwrap_or(0);
    let day: u32 = v[12..14].parse().unwrap_or(0);
    if !(1800..=2100).contains(&year) || !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return false;
    }
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = b[..17]
        .iter()
        .zip(WEIGHTS)
        .map(|(d, w)| u32::from(d - b'0') * w)
        .sum();
    let expected = b"10X98765432"[(sum % 11) as usize];
    b[17].to_ascii_uppercase() == expected
}

/// Spanish DNI (8 digits + letter) or NIE (X/Y/Z + 7 digits + letter); the
/// letter is the number mod 23 in `TRWAGMYFPDXBNJZSQVHLCKE`.
pub fn is_es_dni_nie(v: &str) -> bool {
    if !(9..=11).contains(&v.len()) {
        return false;
    }
    let b: Vec<u8> = v
        .bytes()
        .filter(|c| *c != b'-' && *c != b' ')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if b.len() != 9 || !b[8].is_ascii_uppercase() {
        return false;
    }
    let lead = match b[0] {
        b'X' => 0,
        b'Y' => 1,
        b'Z' => 2,
        d if d.is_ascii_digit() => u32::from(d - b'0'),
        _ => return false,
    };
    if !b[1..8].iter().all(u8::is_ascii_digit) {
        return false;
    }
    let n = b[1..8]
        .iter()
        .fold(lead, |a, d| a * 10 + u32::from(d - b'0'));
    b"TRWAGMYFPDXBNJZSQVHLCKE"[(n % 23) as usize] == b[8]
}

/// Indian Aadhaar: 12 digits (bare or in groups of four), first digit 2-9,
/// Verhoeff check digit.
pub fn is_aadhaar(v: &str) -> bool {
    if !(12..=14).contains(&v.len()) {
        return false;
    }
    let Some(d) = grouped_digits(v) else {
        return false;
    };
    d.len() == 12 && d[0] >= 2 && verhoeff(&d)
}

/// The Verhoeff checksum (dihedral group D5).
pub fn verhoeff(digits: &[u8]) -> bool {
    // Position i permutes a digit by Verhoeff's base permutation applied
    // i mod 8 times (the rows of his table are its powers).
    const BASE: [u8; 10] = [1, 5, 7, 6, 2, 8, 3, 0, 9, 4];
    let permute = |i: usize, d: u8| (0..i % 8).fold(d, |x, _| BASE[x as usize]);
    let c = digits
        .iter()
        .rev()
        .enumerate()
        .fold(0u8, |c, (i, &d)| d5(c, permute(i, d)));
    c == 0
}

/// Multiplication in the dihedral group D5: 0-4 are the rotations, 5-9 the
/// reflections (Verhoeff's table, computed).
fn d5(j: u8, k: u8) -> u8 {
    match (j < 5, k < 5) {
        (true, true) => (j + k) % 5,
        (true, false) => 5 + (j + k) % 5,
        (false, true) => 5 + (j + 5 - k) % 5,
        (false, false) => (j + 5 - k) % 5,
    }
}

/// Dotted-quad IPv4 (`10.0.0.12`).
pub fn is_ipv4(v: &str) -> bool {
    let parts: Vec<&str> = v.split('.').collect();
    parts.len() == 4
        && parts.iter().all(|p| {
            !p.is_empty()
                && p.len() <= 3
                && p.bytes().all(|c| c.is_ascii_digit())
                && p.parse::<u16>().is_ok_and(|n| n <= 255)
        })
}

/// A phone number: E.164 (`+` or `00`, then 8-15 digits, separators
/// allowed), or a national format of 7-15 digits that is either one run
/// after a trunk `0` (`0612345678`) or written in groups (`(555) 123-4567`,
/// `030 1234567`). Bare digit runs without a trunk 0 are any number;
/// dates, thousands-grouped amounts and IP addresses are not phones.
pub fn is_phone(v: &str) -> bool {
    if looks_like_date(v) {
        return false;
    }
    let (international, rest) = match v.strip_prefix('+') {
        Some(r) => (true, r),
        None => match v.strip_prefix("00") {
            Some(r) => (true, r),
            None => (false, v),
        },
    };
    // Lengths of the digit groups between separators.
    let mut groups: Vec<usize> = Vec::new();
    let mut current = 0usize;
    let mut parens = 0;
    let mut last = ' ';
    let mut dotted = false;
    for c in rest.chars() {
        match c {
            '0'..='9' => current += 1,
            ' ' | '-' | '.' | '(' | ')' => {
                if matches!(c, '-' | '.') && matches!(last, '-' | '.') {
                    return false;
                }
                match c {
                    '(' if parens == 0 => parens = 1,
                    ')' if parens == 1 => parens = 2,
                    '(' | ')' => return false,
                    '.' => dotted = true,
                    _ => {}
                }
                if current > 0 {
                    groups.push(current);
                    current = 0;
                }
            }
            _ => return false,
        }
        last = c;
    }
    if parens == 1 || matches!(last, '-' | '.') {
        return false;
    }
    if current > 0 {
        groups.push(current);
    }
    let digits: usize = groups.iter().sum();
    if international {
        return (8..=15).contains(&digits);
    }
    if !(7..=15).contains(&digits) {
        return false;
    }
    if groups.len() == 1 {
        return v.starts_with('0') && (9..=12).contains(&digits);
    }
    let thousands = groups[1..].iter().all(|g| *g == 3);
    groups[0] >= 2 && !thousands && (!dotted || groups.len() >= 3)
}

/// `2024-01-31`, `31.01.2024`, `01/31/2024`, `31.01.24`: three numeric
/// groups, the year first or last.
fn looks_like_date(v: &str) -> bool {
    let groups: Vec<&str> = v
        .split(['-', '.', '/', ' '])
        .filter(|g| !g.is_empty())
        .collect();
    if groups.len() != 3 || !groups.iter().all(|g| g.bytes().all(|c| c.is_ascii_digit())) {
        return false;
    }
    let lens: Vec<usize> = groups.iter().map(|g| g.len()).collect();
    matches!(
        lens.as_slice(),
        [4, 1..=2, 1..=2] | [1..=2, 1..=2, 4] | [1..=2, 1..=2, 2]
    )
}

/// `48.8566, 2.3522` or `48.8566 2.3522`: two decimal numbers, the first a
/// latitude and the second a longitude, each with at least three decimals.
pub fn is_coordinate_pair(v: &str) -> bool {
    let v = v
        .trim_start_matches(['(', '[', '{'])
        .trim_end_matches([')', ']', '}']);
    let mut parts = v.split([',', ';', ' ']).filter(|p| !p.is_empty());
    let (Some(a), Some(b), None) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    match (Coordinate::parse(a), Coordinate::parse(b)) {
        (Some(lat), Some(lon)) => {
            lat.decimals >= 3
                && lon.decimals >= 3
                && lat.value.abs() <= 90.0
                && lon.value.abs() <= 180.0
        }
        _ => false,
    }
}

/// A decimal number as a coordinate might be written.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Coordinate {
    pub value: f64,
    /// Digits after the decimal point as written.
    pub decimals: usize,
}

impl Coordinate {
    /// `-48.8566`, `2.35`; no exponents, no thousands separators.
    pub fn parse(v: &str) -> Option<Coordinate> {
        let v = v.trim();
        let body = v.strip_prefix(['-', '+']).unwrap_or(v);
        let (int, frac) = body.split_once('.').unwrap_or((body, ""));
        if int.is_empty()
            || int.len() > 3
            || !int.bytes().all(|c| c.is_ascii_digit())
            || !frac.bytes().all(|c| c.is_ascii_digit())
        {
            return None;
        }
        let value: f64 = v.parse().ok()?;
        value.is_finite().then_some(Coordinate {
            value,
            decimals: frac.len(),
        })
    }
}

/// The geohash alphabet (base 32 without a, i, l, o), 5-12 characters,
/// lower case, with at least one letter (digit runs are ids).
pub fn is_geohash(v: &str) -> bool {
    (5..=12).contains(&v.len())
        && v.bytes()
            .all(|c| b"0123456789bcdefghjkmnpqrstuvwxyz".contains(&c))
        && v.bytes().any(|c| c.is_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        for ok in [
            "ana.silva@example.com",
            "o'brien+tag@mail.example.co.uk",
            "x@b.io",
        ] {
            assert!(is_email(ok), "{ok}");
        }
        for bad in [
            "ana.silva@example",
            "@example.com",
            "ana@@example.com",
            "ana silva@example.com",
            ".ana@example.com",
            "ana@-x.com",
            "ana@example.c0m",
            "see ana@example.com",
            "user@localhost",
        ] {
            assert!(!is_email(bad), "{bad}");
        }
    }

    #[test]
    fn cards() {
        // Issuers' published test numbers.
        for ok in [
            "4111111111111111",
            "4111 1111 1111 1111",
            "5555-5555-5555-4444",
            "2223003122003222",
            "378282246310005",
            "6011111111111117",
            "3530111333300000",
            "30569309025904",
            "6200000000000005",
        ] {
            assert!(is_card_number(ok), "{ok}");
        }
        for bad in [
            "4111111111111112",    // Luhn
            "1234567812345670",    // Luhn fits, no issuer
            "411111111111111",     // Visa with 15 digits
            "3782-8224-6310-005-", // a dangling separator
            "41111111111111x1",
        ] {
            assert!(!is_card_number(bad), "{bad}");
        }
        assert!(luhn(&[7, 9, 9, 2, 7, 3, 9, 8, 7, 1, 3]));
    }

    #[test]
    fn ibans() {
        for ok in [
            "DE89370400440532013000",
            "DE89 3704 0044 0532 0130 00",
            "GB82WEST12345698765432",
            "fr1420041010050500013m02606",
            "NO9386011117947",
        ] {
            assert!(is_iban(ok), "{ok}");
        }
        for bad in [
            "DE89370400440532013001", // check digits
            "DE8937040044053201300",  // length for DE
            "QQ89370400440532013000", // no such country
            "GB82-WEST-1234-5698-7654-32",
        ] {
            assert!(!is_iban(bad), "{bad}");
        }
    }

    #[test]
    fn national_ids() {
        assert!(is_us_ssn("123-45-6789") && is_us_ssn("123 45 6789"));
        for bad in [
            "000-12-3456",
            "666-12-3456",
            "912-12-3456",
            "123-00-4567",
            "123456789",
            "123-45 6789",
        ] {
            assert!(!is_us_ssn(bad), "{bad}");
        }
        // CPF: a generator's valid numbers, formatted and bare.
        assert!(is_cpf("529.982.247-25") && is_cpf("52998224725") && is_cpf("111.444.777-35"));
        assert!(!is_cpf("529.982.247-26") && !is_cpf("111.111.111-11") && !is_cpf("5299822472"));
        // GB 11643 sample numbers.
        assert!(is_cn_resident_id("11010519491231002X") && is_cn_resident_id("440524188001010014"));
        assert!(
            !is_cn_resident_id("110105194912310021") && !is_cn_resident_id("110105194913310028")
        );
        assert!(
            is_es_dni_nie("12345678Z") && is_es_dni_nie("X1234567L") && is_es_dni_nie("Y1234567X")
        );
        assert!(!is_es_dni_nie("12345678A") && !is_es_dni_nie("W1234567L"));
        // Verhoeff: 236 + check digit 3.
        assert!(verhoeff(&[2, 3, 6, 3]) && !verhoeff(&[2, 3, 6, 4]));
        // Long numbers use every row of the permutation table: UIDAI's
        // published test Aadhaar numbers are valid, a changed digit is not.
        let digits = |s: &str| s.bytes().map(|b| b - b'0').collect::<Vec<u8>>();
        for valid in ["999941057058", "499118665246", "234123412346"] {
            assert!(verhoeff(&digits(valid)), "{valid}");
        }
        assert!(!verhoeff(&digits("999941057059")));
        assert!(is_aadhaar("2345 6789 0124") && is_aadhaar("234567890124"));
        assert!(!is_aadhaar("2345 6789 0128"));
        assert!(!is_aadhaar("1234 5678 9012"));
        let valid_aadhaar = (0..10)
            .map(|d| format!("49990001234{d}"))
            .filter(|v| is_aadhaar(v))
            .count();
        assert_eq!(valid_aadhaar, 1, "exactly one check digit fits");
    }

    #[test]
    fn phones() {
        for ok in [
            "+14155552671",
            "+1 415 555 2671",
            "+44 20 7946 0958",
            "+49 (0)30 1234567",
            "0049 30 1234567",
            "(555) 123-4567",
            "555-123-4567",
            "030 1234567",
            "06 12 34 56 78",
            "0612345678",
            "555.123.4567",
        ] {
            assert!(is_phone(ok), "{ok}");
        }
        for bad in [
            "1234567890", // a bare number: any id
            "2024-01-31", // a date
            "31.01.2024",
            "12:30",
            "+123", // too short
            "+1234567890123456",
            "555--1234567",
            "1.5",
            "v1.2.3",
            "42",
        ] {
            assert!(!is_phone(bad), "{bad}");
        }
        assert_eq!(classify_value("10.0.0.12"), Some(ValueKind::Ipv4));
        assert_eq!(classify_value("192.168.100.200"), Some(ValueKind::Ipv4));
    }

    #[test]
    fn coordinates_and_geohash() {
        assert!(is_coordinate_pair("48.8566, 2.3522"));
        assert!(is_coordinate_pair("(-33.8688,151.2093)"));
        assert!(
            !is_coordinate_pair("95.1234, 2.3522"),
            "latitude out of range"
        );
        assert!(
            !is_coordinate_pair("48.8, 2.3"),
            "too coarse to be a position"
        );
        assert!(!is_coordinate_pair("1.234 5.678 9.012"));
        assert_eq!(Coordinate::parse("-48.856600").map(|c| c.decimals), Some(6));
        assert!(Coordinate::parse("1e5").is_none() && Coordinate::parse("1234.5").is_none());
        assert!(is_geohash("u09tvw0") && is_geohash("9q8yyk8ytpxr"));
        assert!(!is_geohash("u09") && !is_geohash("hello") && !is_geohash("U09TVW0"));
        assert!(!is_geohash("5000000012"), "digits only: an id");
    }

    #[test]
    fn one_kind_per_value() {
        assert_eq!(classify_value(" ana@example.com "), Some(ValueKind::Email));
        assert_eq!(classify_value("4111111111111111"), Some(ValueKind::Card));
        assert_eq!(classify_value("123-45-6789"), Some(ValueKind::NationalId));
        assert_eq!(classify_value("+1 415 555 2671"), Some(ValueKind::Phone));
        assert_eq!(classify_value("Called the customer back"), None);
        assert_eq!(classify_value(""), None);
    }
}
