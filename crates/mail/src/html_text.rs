//! HTML-only mail still needs readable text for the thread view and search: tags are
//! dropped, block elements become line breaks, and the common entities are decoded.

pub(crate) fn html_to_text(html: &str) -> String {
    let mut text = String::with_capacity(html.len() / 2);
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        text.push_str(&decode_entities(&rest[..start]));
        let Some(end) = rest[start..].find('>') else {
            rest = "";
            break;
        };
        let inner = &rest[start + 1..start + end];
        let closing_tag = inner.starts_with('/');
        let tag = inner.trim_start_matches('/').to_ascii_lowercase();
        let name: String = tag.chars().take_while(char::is_ascii_alphanumeric).collect();
        if matches!(name.as_str(), "br" | "p" | "div" | "li" | "tr" | "h1" | "h2" | "h3" | "h4" | "blockquote") {
            text.push('\n');
        }
        rest = &rest[start + end + 1..];
        if matches!(name.as_str(), "style" | "script") && !closing_tag {
            let closing = format!("</{name}");
            rest = rest.to_ascii_lowercase().find(&closing).map_or("", |at| &rest[at..]);
        }
    }
    text.push_str(&decode_entities(rest));
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    let mut tidy = lines.join("\n");
    while tidy.contains("\n\n\n") {
        tidy = tidy.replace("\n\n\n", "\n\n");
    }
    tidy.trim().to_owned()
}

fn decode_entities(text: &str) -> String {
    text.replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_becomes_readable_text() {
        let html = "<html><head><style>p{color:red}</style></head><body><p>Hello&nbsp;there,</p><p>My rota &amp; pay.<br>Thanks</p></body></html>";
        assert_eq!(html_to_text(html), "Hello there,\n\nMy rota & pay.\nThanks");
        assert_eq!(html_to_text("unclosed <b"), "unclosed");
    }

    proptest::proptest! {
        #[test]
        fn any_html_is_handled(html in ".{0,400}") {
            let _ = html_to_text(&html);
        }
    }
}
