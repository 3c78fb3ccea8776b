//! Versions: how the tools compare them (as unbounded numbers, Flyway's
//! dotted parts, natural file-name order) and the version after the last
//! one, which `fix --write` gives the migration it writes.

use std::cmp::Ordering;

/// Compare two digit strings as unbounded numbers.
pub fn cmp_digits(a: &str, b: &str) -> Ordering {
    let a = a.trim_start_matches('0');
    let b = b.trim_start_matches('0');
    a.len().cmp(&b.len()).then_with(|| a.cmp(b))
}

/// Flyway versions: parts split on `.` / `_`, compared numerically, missing
/// parts count as 0 (Flyway treats 1 and 1.0 as the same version).
pub fn cmp_flyway_version(a: &str, b: &str) -> Ordering {
    let pa: Vec<&str> = a.split(['.', '_']).filter(|p| !p.is_empty()).collect();
    let pb: Vec<&str> = b.split(['.', '_']).filter(|p| !p.is_empty()).collect();
    for i in 0..pa.len().max(pb.len()) {
        let x = pa.get(i).copied().unwrap_or("0");
        let y = pb.get(i).copied().unwrap_or("0");
        match cmp_digits(x, y) {
            Ordering::Equal => {}
            o => return o,
        }
    }
    Ordering::Equal
}

/// Natural order: digit runs compare as numbers (`2.sql` < `10.sql`).
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    let (ab, bb) = (a.as_bytes(), b.as_bytes());
    let (mut i, mut j) = (0, 0);
    while i < ab.len() && j < bb.len() {
        if ab[i].is_ascii_digit() && bb[j].is_ascii_digit() {
            let si = i;
            while i < ab.len() && ab[i].is_ascii_digit() {
                i += 1;
            }
            let sj = j;
            while j < bb.len() && bb[j].is_ascii_digit() {
                j += 1;
            }
            match cmp_digits(&a[si..i], &b[sj..j]) {
                Ordering::Equal => {}
                o => return o,
            }
        } else {
            match ab[i].cmp(&bb[j]) {
                Ordering::Equal => {
                    i += 1;
                    j += 1;
                }
                o => return o,
            }
        }
    }
    (ab.len() - i).cmp(&(bb.len() - j)).then_with(|| a.cmp(b))
}

/// Paths (their components) in natural order, component by component.
pub fn natural_path_cmp(a: &[String], b: &[String]) -> Ordering {
    for (x, y) in a.iter().zip(b) {
        match natural_cmp(x, y) {
            Ordering::Equal => {}
            o => return o,
        }
    }
    a.len().cmp(&b.len())
}

/// Versions by their digit runs, compared as numbers one by one; the one
/// with more runs is later when the others agree (`1_1` after `1`).
pub fn cmp_versions(a: &str, b: &str) -> Ordering {
    let parts = |v: &str| -> Vec<String> {
        v.split(|c: char| !c.is_ascii_digit())
            .filter(|p| !p.is_empty())
            .map(String::from)
            .collect()
    };
    let (pa, pb) = (parts(a), parts(b));
    for (x, y) in pa.iter().zip(&pb) {
        let o = cmp_digits(x, y);
        if o.is_ne() {
            return o;
        }
    }
    pa.len().cmp(&pb.len())
}

/// Digits of a version, without separators (`2024-01-01-000000` → `20240101000000`).
fn digits(v: &str) -> String {
    v.chars().filter(char::is_ascii_digit).collect()
}

/// Put `new_digits` into the shape of `like` (same separators at the same places).
fn shaped(like: &str, new_digits: &str) -> String {
    let mut it = new_digits.chars();
    let mut out: String = like
        .chars()
        .map(|c| {
            if c.is_ascii_digit() {
                it.next().unwrap_or('0')
            } else {
                c
            }
        })
        .collect();
    out.extend(it);
    out
}

/// `digits + 1`, keeping the width.
fn increment(d: &str) -> String {
    let mut bytes: Vec<u8> = d.bytes().collect();
    let mut i = bytes.len();
    loop {
        if i == 0 {
            bytes.insert(0, b'1');
            break;
        }
        i -= 1;
        if bytes[i] == b'9' {
            bytes[i] = b'0';
        } else {
            bytes[i] += 1;
            break;
        }
    }
    // Only ASCII digits were written into `bytes`.
    bytes.into_iter().map(char::from).collect()
}

/// The version after `max` in its own shape: a timestamp (14 digits) becomes
/// `now` (`YYYYMMDDHHMMSS`) when that is later, anything else `max + 1`.
pub fn next_version(max: &str, now: &str) -> String {
    let d = digits(max);
    if d.len() == 14 && cmp_digits(now, &d).is_gt() {
        return shaped(max, now);
    }
    shaped(max, &increment(&d))
}

/// Flyway: the major part after the highest version (`V10` → `11`,
/// `V1_1` → `2`); timestamp-like versions get `now` when later.
pub fn next_flyway(max: &str, now: &str) -> String {
    let major: String = max.chars().take_while(char::is_ascii_digit).collect();
    if major.len() >= 12 && cmp_digits(now, &major).is_gt() {
        return now.to_string();
    }
    increment(&major)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_comparisons() {
        assert_eq!(cmp_flyway_version("1.10", "1.9"), Ordering::Greater);
        assert_eq!(
            cmp_flyway_version("10", "7.0_2021.03.18"),
            Ordering::Greater
        );
        assert_eq!(cmp_flyway_version("1", "1.0"), Ordering::Equal);
        assert_eq!(cmp_digits("00012", "9"), Ordering::Greater);
        assert_eq!(
            cmp_digits("123456789012345678901234", "99999999999999999999"),
            Ordering::Greater
        );
        assert_eq!(natural_cmp("2.sql", "10.sql"), Ordering::Less);
        assert_eq!(natural_cmp("a2b", "a02b"), Ordering::Greater);
    }

    #[test]
    fn next_versions_keep_their_shape() {
        let now = "20250102030405";
        assert_eq!(next_version("000004", now), "000005");
        assert_eq!(next_version("0009", now), "0010");
        assert_eq!(next_version("20240101000000", now), now);
        assert_eq!(next_version("2024-01-01-000000", now), "2025-01-02-030405");
        // A version from the future: one after it.
        assert_eq!(next_version("29990101000000", now), "29990101000001");
        assert_eq!(next_flyway("10", now), "11");
        assert_eq!(next_flyway("1_1", now), "2");
        assert_eq!(next_flyway("2.3.4", now), "3");
        assert_eq!(next_flyway("202401010000", now), now);
    }

    #[test]
    fn versions_compare_numerically() {
        assert!(cmp_versions("10", "2_1").is_gt());
        assert!(cmp_versions("1_1", "1").is_gt());
        assert!(cmp_versions("000010", "000009").is_gt());
    }
}
