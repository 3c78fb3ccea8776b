//! Column-name tokenisation: snake_case, camelCase, PascalCase, CONSTANT_CASE,
//! acronym boundaries and letter/digit boundaries, lower-cased.

/// Split an identifier into lower-case word tokens.
pub fn tokenize(name: &str) -> Vec<String> {
    let mut tokens = Vec::new();
    let chars: Vec<char> = name.chars().collect();
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
                    && next.is_some_and(|n| n.is_lowercase()))
                || (prev.is_alphabetic() && c.is_ascii_digit() && !is_versioned(&current))
                || (prev.is_ascii_digit() && c.is_alphabetic());
            if boundary {
                tokens.push(std::mem::take(&mut current));
            }
        }
        current.extend(c.to_lowercase());
    }
    if !current.is_empty() {
        tokens.push(current);
    }
    tokens
}

/// Tokens whose trailing digits are part of the word (`ipv4`, `ipv6`).
fn is_versioned(current: &str) -> bool {
    matches!(
        current.to_lowercase().as_str(),
        "ipv" | "sha" | "md" | "utf" | "base" | "int" | "float" | "x" | "s"
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
        assert_eq!(tokenize("ipv4"), ["ipv4"]);
    }
}
