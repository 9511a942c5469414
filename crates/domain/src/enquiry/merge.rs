//! Merge fields in reply templates: `{{member_name}}` and friends, filled in when a reply is
//! written. An unknown field is an error rather than text sent to a member as typed.

/// The fields a reply can use, with what each stands for (shown beside the template editor).
pub const FIELDS: [(&str, &str); 5] = [
    ("member_name", "the member's full name, or the sender's name if they are not matched"),
    ("first_name", "the member's first name"),
    ("reference", "the enquiry reference, e.g. ENQ-2026-000042"),
    ("rep_name", "the name of the person replying"),
    ("subject", "the enquiry's subject"),
];

/// Values for one reply, in the order of [`FIELDS`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MergeValues {
    pub member_name: String,
    pub first_name: String,
    pub reference: String,
    pub rep_name: String,
    pub subject: String,
}

impl MergeValues {
    fn value(&self, field: &str) -> Option<&str> {
        Some(match field {
            "member_name" => &self.member_name,
            "first_name" => &self.first_name,
            "reference" => &self.reference,
            "rep_name" => &self.rep_name,
            "subject" => &self.subject,
            _ => return None,
        })
    }

    /// Placeholder values, for checking a template before any enquiry uses it.
    pub fn sample() -> Self {
        Self {
            member_name: "Member Name".into(),
            first_name: "Member".into(),
            reference: "ENQ-2026-000001".into(),
            rep_name: "Rep Name".into(),
            subject: "Subject".into(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownField(pub String);

impl std::fmt::Display for UnknownField {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let known: Vec<String> = FIELDS.iter().map(|(name, _)| format!("{{{{{name}}}}}")).collect();
        write!(f, "{{{{{}}}}} is not a merge field; use {}", self.0, known.join(", "))
    }
}

/// Replaces every `{{field}}` (spaces inside the braces allowed). Braces that do not form a
/// field name (`{{` with no closing `}}` on the same line, or other text inside) stay as typed.
pub fn render(text: &str, values: &MergeValues) -> Result<String, UnknownField> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let field = after.find("}}").map(|end| (&after[..end], end)).filter(|(inner, _)| {
            let name = inner.trim();
            !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        });
        match field {
            Some((inner, end)) => {
                let name = inner.trim();
                out.push_str(values.value(name).ok_or_else(|| UnknownField(name.to_owned()))?);
                rest = &after[end + 2..];
            }
            None => {
                out.push_str("{{");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values() -> MergeValues {
        MergeValues {
            member_name: "Ada Quill".into(),
            first_name: "Ada".into(),
            reference: "ENQ-2026-000007".into(),
            rep_name: "Sam Rep".into(),
            subject: "Overtime".into(),
        }
    }

    #[test]
    fn fields_are_filled_wherever_they_appear() {
        let text = "Dear {{first_name}},\nAbout {{ subject }} ({{reference}}).\n{{rep_name}} for {{member_name}}";
        assert_eq!(
            render(text, &values()).unwrap(),
            "Dear Ada,\nAbout Overtime (ENQ-2026-000007).\nSam Rep for Ada Quill"
        );
    }

    #[test]
    fn an_unknown_field_is_named_in_the_error() {
        let error = render("Hello {{surname}}", &values()).unwrap_err();
        assert_eq!(error, UnknownField("surname".into()));
        assert!(error.to_string().contains("{{member_name}}"), "{error}");
    }

    #[test]
    fn braces_that_are_not_fields_stay_as_typed() {
        for text in ["a {{ b", "{{}}", "{{two words}}", "{single}", "x }} y", "{{{{reference}}"] {
            let rendered = render(text, &values());
            assert!(rendered.is_ok(), "{text}: {rendered:?}");
        }
        assert_eq!(render("a {{ b", &values()).unwrap(), "a {{ b");
        assert_eq!(render("{{{{reference}}", &values()).unwrap(), "{{ENQ-2026-000007");
    }

    #[test]
    fn filled_values_are_not_read_again_as_fields() {
        let mut tricky = values();
        tricky.member_name = "{{reference}}".into();
        assert_eq!(render("{{member_name}}", &tricky).unwrap(), "{{reference}}");
    }
}
