//! The words a member can be found by. Search is prefix matching on these, done as an index
//! range scan (`term >= 'smi' AND term < 'smi\u{10FFFF}'`), which works the same on SQLite
//! and on PostgreSQL (where the column is declared COLLATE "C" so ordering is byte-wise).

use steward_domain::member::MemberDetails;

/// Upper bound for a prefix range: larger than any string that starts with the prefix.
pub(crate) const PREFIX_END: char = '\u{10FFFF}';

/// Lower-cased words from the names, the membership number and the email address.
pub(crate) fn terms_for(details: &MemberDetails) -> Vec<String> {
    let mut terms: Vec<String> = Vec::new();
    let mut add = |text: &str| {
        for word in words(text) {
            if !terms.contains(&word) {
                terms.push(word);
            }
        }
    };
    add(details.first_name.as_str());
    add(details.last_name.as_str());
    add(details.membership_number.as_str());
    if let Some(email) = &details.email {
        let email = email.as_str();
        if !terms.iter().any(|t| t == email) {
            terms.push(email.to_owned());
        }
    }
    terms
}

/// Splits typed text the same way stored names were split, so "o'neil" finds "O'Neil".
pub(crate) fn words(text: &str) -> Vec<String> {
    text.split(|c: char| c.is_whitespace() || c == ',' || c == ';')
        .map(|word| word.trim_matches(|c: char| !c.is_alphanumeric() && c != '@').to_lowercase())
        .filter(|word| !word.is_empty())
        .take(8)
        .collect()
}

/// How list pages are ordered: surname, then first name, then number (unique), byte-wise.
pub(crate) fn sort_key(details: &MemberDetails) -> String {
    format!(
        "{} {} {}",
        details.last_name.as_str().to_lowercase(),
        details.first_name.as_str().to_lowercase(),
        details.membership_number.as_str()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_text_splits_like_stored_names() {
        assert_eq!(words("  O'Neil,  Mary-Jane "), vec!["o'neil", "mary-jane"]);
        assert_eq!(words("..."), Vec::<String>::new());
    }
}
