//! HTML-only mail still needs readable text for the thread view and search: tags are
//! dropped, block elements become line breaks, and the common entities are decoded.
//!
//! Mail is hostile input, so every step is one pass over the text: the end of a `<style>` or
//! `<script>` block is found by a case-insensitive scan that copies nothing, and blank lines
//! are collapsed as the lines are joined.

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
        let name: String =
            inner.trim_start_matches('/').chars().take_while(char::is_ascii_alphanumeric).collect::<String>();
        let name = name.to_ascii_lowercase();
        if matches!(name.as_str(), "br" | "p" | "div" | "li" | "tr" | "h1" | "h2" | "h3" | "h4" | "blockquote") {
            text.push('\n');
        }
        rest = &rest[start + end + 1..];
        if matches!(name.as_str(), "style" | "script") && !closing_tag {
            rest = closing_tag_at(rest, &name).map_or("", |at| &rest[at..]);
        }
    }
    text.push_str(&decode_entities(rest));
    tidy_lines(&text)
}

/// Where `</name` (any case) starts in `text`, without copying or lower-casing it.
fn closing_tag_at(text: &str, name: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(offset) = text[from..].find("</") {
        let at = from + offset;
        let after = &text.as_bytes()[at + 2..];
        if after.len() >= name.len() && after[..name.len()].eq_ignore_ascii_case(name.as_bytes()) {
            return Some(at);
        }
        from = at + 2;
    }
    None
}

/// Lines trimmed, at most one blank line in a row, none at either end.
fn tidy_lines(text: &str) -> String {
    let mut tidy = String::with_capacity(text.len());
    let mut blank_before = false;
    for line in text.lines().map(str::trim) {
        if line.is_empty() {
            blank_before = !tidy.is_empty();
            continue;
        }
        if !tidy.is_empty() {
            tidy.push_str(if blank_before { "\n\n" } else { "\n" });
        }
        tidy.push_str(line);
        blank_before = false;
    }
    tidy
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
        assert_eq!(html_to_text("a<SCRIPT>x</b>y</ScRiPt >b<style>never closed"), "ab");
    }

    /// Two megabytes of empty style blocks: a parser that copies the rest of the body at each
    /// one does about 10^11 byte operations here and never finishes; one pass is instant.
    #[test]
    fn many_style_blocks_are_one_pass() {
        let blocks = "<style></style>".repeat(2 * 1024 * 1024 / 15);
        let html = format!("<p>Before</p>{blocks}<STYLE>p{{}}</Style><p>After</p>");
        assert_eq!(html_to_text(&html), "Before\n\nAfter");
    }

    /// A megabyte of line breaks, which the blank-line tidy collapses.
    #[test]
    fn many_line_breaks_collapse_to_one_blank_line() {
        let html = format!("Top{}Bottom", "<br>".repeat(1024 * 1024 / 4));
        assert_eq!(html_to_text(&html), "Top\n\nBottom");
    }

    /// What the old repeated-replace tidy produced, to check the one-pass one against.
    fn tidy_by_repeated_replace(text: &str) -> String {
        let lines: Vec<&str> = text.lines().map(str::trim).collect();
        let mut tidy = lines.join("\n");
        while tidy.contains("\n\n\n") {
            tidy = tidy.replace("\n\n\n", "\n\n");
        }
        tidy.trim().to_owned()
    }

    proptest::proptest! {
        #[test]
        fn any_html_is_handled(html in ".{0,400}") {
            let _ = html_to_text(&html);
        }

        #[test]
        fn the_tidy_matches_the_old_one(text in "([ a\n]|\r\n){0,60}") {
            proptest::prop_assert_eq!(tidy_lines(&text), tidy_by_repeated_replace(&text));
        }
    }
}
