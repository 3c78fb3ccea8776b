//! Column-name tokenisation: snake_case, camelCase, PascalCase, CONSTANT_CASE,
//! acronym boundaries and letter/digit boundaries, lower-cased, with
//! diacritics removed (`prénom` → `prenom`, `straße` → `strasse`) and
//! Cyrillic transliterated (`телефон` → `telefon`).

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Split an identifier into lower-case ASCII-folded word tokens.
pub fn tokenize(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    tokenize_into(name, &mut out);
    out
}

/// Like [`tokenize`], appending to `tokens` (which is cleared first).
pub fn tokenize_into(name: &str, tokens: &mut Vec<String>) {
    tokens.clear();
    // Fast path for plain ASCII names, the overwhelming majority.
    let folded;
    let chars: Vec<char> = if name.is_ascii() {
        name.chars().collect()
    } else {
        folded = fold(name);
        folded.chars().collect()
    };
    let mut current = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_alphanumeric() {
            if !current.is_empty() {
                tokens.push(std::mem::take(&mut current));
            }
            continue;
        }
        if !current.is_empty() {
            let prev = chars[i - 1];
            let next = chars.get(i + 1).copied();
            let boundary = (prev.is_lowercase() && c.is_uppercase())
                || (prev.is_uppercase()
                    && c.is_uppercase()
                    && next.is_some_and(|n| n.is_lowercase())
                    && !is_plural_acronym(&chars, i))
                || (prev.is_alphabetic() && c.is_numeric() && !is_versioned(&current))
                || (prev.is_numeric() && c.is_alphabetic() && !digit_glued(&current, &chars[i..]));
            if boundary {
                tokens.push(std::mem::take(&mut current));
            }
        }
        current.extend(c.to_lowercase());
    }
    if !current.is_empty() {
        tokens.push(current);
    }
}

/// `IPs`, `URLs`: an upper-case run followed by a lone `s` at the end of a word.
fn is_plural_acronym(chars: &[char], i: usize) -> bool {
    chars.get(i + 1) == Some(&'s') && chars.get(i + 2).is_none_or(|c| !c.is_lowercase())
}

/// Remove diacritics, fold `ß`/`æ`/`ø`/… and transliterate Cyrillic.
fn fold(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 8);
    for c0 in name.chars() {
        if let Some(t) = cyrillic(c0) {
            // Keep the case of the original so camelCase still splits.
            if c0.is_uppercase() {
                let mut it = t.chars();
                if let Some(f) = it.next() {
                    out.push(f.to_ascii_uppercase());
                    out.push_str(it.as_str());
                }
            } else {
                out.push_str(t);
            }
            continue;
        }
        for c in std::iter::once(c0).nfkd() {
            if is_combining_mark(c) {
                continue;
            }
            fold_char(c, &mut out);
        }
    }
    out
}

fn fold_char(c: char, out: &mut String) {
    {
        match c {
            'ß' => out.push_str("ss"),
            'ẞ' => out.push_str("SS"),
            'æ' => out.push_str("ae"),
            'Æ' => out.push_str("AE"),
            'œ' => out.push_str("oe"),
            'Œ' => out.push_str("OE"),
            'ø' => out.push('o'),
            'Ø' => out.push('O'),
            'ł' => out.push('l'),
            'Ł' => out.push('L'),
            'đ' => out.push('d'),
            'Đ' => out.push('D'),
            'ı' => out.push('i'),
            'þ' => out.push_str("th"),
            _ => out.push(c),
        }
    }
}

/// Transliteration of Russian/Ukrainian letters.
fn cyrillic(c: char) -> Option<&'static str> {
    let lower = c.to_lowercase().next().unwrap_or(c);
    Some(match lower {
        'а' => "a",
        'б' => "b",
        'в' => "v",
        'г' => "g",
        'ґ' => "g",
        'д' => "d",
        'е' | 'ё' => "e",
        'є' => "ye",
        'ж' => "zh",
        'з' => "z",
        'и' => "i",
        'і' => "i",
        'ї' => "yi",
        'й' => "y",
        'к' => "k",
        'л' => "l",
        'м' => "m",
        'н' => "n",
        'о' => "o",
        'п' => "p",
        'р' => "r",
        'с' => "s",
        'т' => "t",
        'у' => "u",
        'ф' => "f",
        'х' => "kh",
        'ц' => "ts",
        'ч' => "ch",
        'ш' => "sh",
        'щ' => "shch",
        'ъ' | 'ь' => "",
        'ы' => "y",
        'э' => "e",
        'ю' => "yu",
        'я' => "ya",
        _ => return None,
    })
}

/// Tokens whose trailing digits are part of the word (`ipv4`, `sha256`, `cvv2`).
fn is_versioned(current: &str) -> bool {
    matches!(
        current,
        "ipv"
            | "sha"
            | "md"
            | "utf"
            | "base"
            | "int"
            | "float"
            | "cvv"
            | "cvc"
            | "s"
            | "h"
            | "x"
            | "o"
    )
}

/// `4` in `last4`-style tokens stays split, but `2fa`, `3ds`, `11y` keep their
/// digit prefix (they are words of their own).
fn digit_glued(current: &str, rest: &[char]) -> bool {
    let word: String = rest.iter().take_while(|c| c.is_alphabetic()).collect();
    matches!(
        (current, word.to_lowercase().as_str()),
        ("2", "fa") | ("3", "ds") | ("11", "y") | ("1", "0n") | ("18", "n")
    )
}

#[cfg(test)]
mod tests {
    use super::tokenize;

    #[test]
    fn splits_every_style() {
        assert_eq!(tokenize("first_name"), ["first", "name"]);
        assert_eq!(tokenize("firstName"), ["first", "name"]);
        assert_eq!(tokenize("FirstName"), ["first", "name"]);
        assert_eq!(tokenize("FIRST_NAME"), ["first", "name"]);
        assert_eq!(tokenize("SSNNumber"), ["ssn", "number"]);
        assert_eq!(tokenize("address2"), ["address", "2"]);
        assert_eq!(tokenize("addr_line1"), ["addr", "line", "1"]);
        assert_eq!(tokenize("ipv4"), ["ipv4"]);
        assert_eq!(tokenize("cvv2"), ["cvv2"]);
        assert_eq!(tokenize("birthDt"), ["birth", "dt"]);
        assert_eq!(tokenize("userIPs"), ["user", "ips"]);
        assert_eq!(tokenize("XMLHttpRequest"), ["xml", "http", "request"]);
        assert_eq!(tokenize("customer-email"), ["customer", "email"]);
    }

    #[test]
    fn folds_diacritics_and_scripts() {
        assert_eq!(tokenize("prénom"), ["prenom"]);
        assert_eq!(tokenize("straße"), ["strasse"]);
        assert_eq!(tokenize("Straße_Nr"), ["strasse", "nr"]);
        assert_eq!(tokenize("código_postal"), ["codigo", "postal"]);
        assert_eq!(tokenize("doğum_tarihi"), ["dogum", "tarihi"]);
        assert_eq!(tokenize("Müller"), ["muller"]);
        assert_eq!(tokenize("фамилия"), ["familiya"]);
        assert_eq!(tokenize("дата_рождения"), ["data", "rozhdeniya"]);
        assert_eq!(tokenize("имяПользователя"), ["imya", "polzovatelya"]);
        assert_eq!(tokenize("e_mail"), ["e", "mail"]);
    }
}
