//! Documents on a case: which kinds of file Steward keeps, decided from the bytes themselves
//! (never from the name or the type the browser claims), and the name a download is given.
//! Anything a browser could run (programs, scripts, HTML, SVG) is refused with a reason, and
//! so is anything not on the list. The magic-number tables are the `infer` crate's
//! (docs/decisions/0007-documents-and-letters.md); text and e-mail are recognised here.

use serde::Serialize;

/// The largest upload a union gets unless it configures another (10 MiB).
pub const DEFAULT_MAX_DOCUMENT_BYTES: usize = 10 * 1024 * 1024;
/// The longest file name kept, in characters.
pub const MAX_FILENAME_CHARS: usize = 120;

/// The kinds of file a case may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentType {
    Pdf,
    Docx,
    Odt,
    Xlsx,
    Png,
    Jpeg,
    Gif,
    Heic,
    Text,
    Email,
}

impl DocumentType {
    pub const ALL: [DocumentType; 10] = [
        Self::Pdf,
        Self::Docx,
        Self::Odt,
        Self::Xlsx,
        Self::Png,
        Self::Jpeg,
        Self::Gif,
        Self::Heic,
        Self::Text,
        Self::Email,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pdf => "pdf",
            Self::Docx => "docx",
            Self::Odt => "odt",
            Self::Xlsx => "xlsx",
            Self::Png => "png",
            Self::Jpeg => "jpeg",
            Self::Gif => "gif",
            Self::Heic => "heic",
            Self::Text => "text",
            Self::Email => "email",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == raw)
    }

    /// The media type a download is sent with.
    pub fn mime(self) -> &'static str {
        match self {
            Self::Pdf => "application/pdf",
            Self::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            Self::Odt => "application/vnd.oasis.opendocument.text",
            Self::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Self::Png => "image/png",
            Self::Jpeg => "image/jpeg",
            Self::Gif => "image/gif",
            Self::Heic => "image/heic",
            Self::Text => "text/plain; charset=utf-8",
            Self::Email => "message/rfc822",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Pdf => "PDF",
            Self::Docx => "Word document",
            Self::Odt => "OpenDocument text",
            Self::Xlsx => "Excel spreadsheet",
            Self::Png => "PNG image",
            Self::Jpeg => "JPEG photo",
            Self::Gif => "GIF image",
            Self::Heic => "HEIC photo",
            Self::Text => "Plain text",
            Self::Email => "E-mail message",
        }
    }

    /// The extension a download's name ends with, and others that mean the same kind.
    fn extensions(self) -> &'static [&'static str] {
        match self {
            Self::Pdf => &["pdf"],
            Self::Docx => &["docx"],
            Self::Odt => &["odt"],
            Self::Xlsx => &["xlsx"],
            Self::Png => &["png"],
            Self::Jpeg => &["jpg", "jpeg"],
            Self::Gif => &["gif"],
            Self::Heic => &["heic", "heif"],
            Self::Text => &["txt", "text", "log", "csv", "md"],
            Self::Email => &["eml"],
        }
    }
}

/// What the accepted kinds are, for messages and hints.
pub const ACCEPTED: &str =
    "PDF, Word (.docx), OpenDocument text (.odt), Excel (.xlsx), PNG, JPEG, GIF or HEIC images, plain text, or e-mails saved as .eml";

/// Decides what a file is from its bytes, or says why Steward will not keep it.
pub fn sniff(bytes: &[u8]) -> Result<DocumentType, String> {
    if bytes.is_empty() {
        return Err("The file is empty: choose the file again".into());
    }
    if let Some(found) = infer::get(bytes) {
        return from_magic(found, bytes);
    }
    sniff_text(bytes)
}

fn from_magic(found: infer::Type, bytes: &[u8]) -> Result<DocumentType, String> {
    let program = || {
        Err(format!(
            "This file is a program ({}), not a document, whatever its name says. Steward does not keep programs",
            found.extension()
        ))
    };
    match found.matcher_type() {
        infer::MatcherType::App => return program(),
        infer::MatcherType::Text if found.extension() == "sh" => return program(),
        _ => {}
    }
    match found.mime_type() {
        "application/pdf" => Ok(DocumentType::Pdf),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document" => Ok(DocumentType::Docx),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" => Ok(DocumentType::Xlsx),
        "application/vnd.oasis.opendocument.text" => Ok(DocumentType::Odt),
        "image/png" => Ok(DocumentType::Png),
        "image/jpeg" => Ok(DocumentType::Jpeg),
        "image/gif" => Ok(DocumentType::Gif),
        "image/heif" => Ok(DocumentType::Heic),
        "text/html" => Err(html_refusal()),
        "text/xml" if contains_ignoring_case(bytes, b"<svg") => Err(svg_refusal()),
        // Office files are zip archives; some writers order their parts so the magic
        // numbers miss them.
        "application/zip" if has_zip_entry(bytes, b"word/document.xml") => Ok(DocumentType::Docx),
        "application/zip" if has_zip_entry(bytes, b"xl/workbook.xml") => Ok(DocumentType::Xlsx),
        _ if found.matcher_type() == infer::MatcherType::Archive => Err(format!(
            "Archives ({}) are not kept: upload the documents inside it one at a time, as {ACCEPTED}",
            found.extension()
        )),
        other => Err(format!("Steward does not keep {other} files. Upload {ACCEPTED}")),
    }
}

fn html_refusal() -> String {
    "Web pages (HTML) are not kept, as they can run scripts when opened: save it as PDF and upload that".into()
}

fn svg_refusal() -> String {
    "SVG images are not kept, as they can run scripts when opened: save it as PNG or PDF and upload that".into()
}

/// Text, an e-mail (.eml), or something Steward cannot tell.
fn sniff_text(bytes: &[u8]) -> Result<DocumentType, String> {
    let unknown = || Err(format!("Steward could not tell what kind of file this is. Upload {ACCEPTED}"));
    if looks_like_email(bytes) {
        return Ok(DocumentType::Email);
    }
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let Ok(text) = std::str::from_utf8(body) else { return unknown() };
    if text.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}')) {
        return unknown();
    }
    if text.trim_start().starts_with("#!") {
        return Err("This file is a script (a program), not a document. Steward does not keep programs".into());
    }
    let head: String = text.chars().take(4096).collect::<String>().to_lowercase();
    if head.contains("<svg") {
        return Err(svg_refusal());
    }
    if ["<!doctype html", "<html", "<script", "<body", "<iframe"].iter().any(|tag| head.contains(tag)) {
        return Err(html_refusal());
    }
    Ok(DocumentType::Text)
}

/// An RFC 5322 message: a block of `Name: value` header lines (with folded continuations)
/// up to a blank line, with a From and at least one of Date, Subject, Message-ID, Received.
fn looks_like_email(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(64 * 1024)];
    let mut names = Vec::new();
    let mut ended = false;
    for line in head.split(|b| *b == b'\n') {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.is_empty() {
            ended = true;
            break;
        }
        if line[0] == b' ' || line[0] == b'\t' {
            if names.is_empty() {
                return false;
            }
            continue;
        }
        let Some(colon) = line.iter().position(|b| *b == b':') else { return false };
        let name = &line[..colon];
        if name.is_empty() || !name.iter().all(|b| b.is_ascii_graphic() && *b != b':') {
            return false;
        }
        names.push(name.to_ascii_lowercase());
    }
    let has = |wanted: &str| names.iter().any(|name| name == wanted.as_bytes());
    ended && has("from") && ["date", "subject", "message-id", "received"].iter().any(|name| has(name))
}

fn contains_ignoring_case(haystack: &[u8], needle: &[u8]) -> bool {
    let head = &haystack[..haystack.len().min(64 * 1024)];
    head.windows(needle.len()).any(|window| window.eq_ignore_ascii_case(needle))
}

/// Whether a zip archive names this entry in a local file header.
fn has_zip_entry(bytes: &[u8], name: &[u8]) -> bool {
    bytes.windows(30 + name.len()).any(|window| window.starts_with(b"PK\x03\x04") && &window[30..] == name)
}

/// The name a document is listed and downloaded under: the last part of what the browser
/// sent, with anything that is not a letter, digit, space or `.`, `-`, `_`, `(`, `)` made
/// `_`, at most [`MAX_FILENAME_CHARS`] characters, ending in an extension of the kind it
/// really is (one is added when it does not).
pub fn sanitise_filename(raw: &str, kind: DocumentType) -> String {
    let mut name = clean_name(raw);
    let extension = name.rsplit_once('.').map(|(_, ext)| ext.to_lowercase());
    let fits = extension.as_deref().is_some_and(|ext| kind.extensions().contains(&ext));
    let suffix = if fits { String::new() } else { format!(".{}", kind.extensions()[0]) };
    if name.is_empty() {
        name = "document".into();
    }
    let room = MAX_FILENAME_CHARS.saturating_sub(suffix.chars().count());
    if name.chars().count() > room {
        // Keep the end, where the extension is, when it already fits the kind.
        name = if fits {
            let ext_len = extension.as_deref().map_or(0, |ext| ext.chars().count() + 1);
            let stem: String = name.chars().take(room.saturating_sub(ext_len)).collect();
            let ext: String = name.chars().skip(name.chars().count() - ext_len).collect();
            format!("{}{ext}", stem.trim_end())
        } else {
            name.chars().take(room).collect::<String>().trim_end().to_owned()
        };
    }
    format!("{name}{suffix}")
}

/// The name a file Steward does not keep as a document (an e-mail attachment of another
/// kind) is downloaded under: cleaned as [`sanitise_filename`] cleans, its own extension
/// kept (it is sent as `application/octet-stream`, so no browser opens it), at most
/// [`MAX_FILENAME_CHARS`] characters, "attachment" when nothing is left.
pub fn sanitise_other_filename(raw: &str) -> String {
    let name: String = clean_name(raw).chars().take(MAX_FILENAME_CHARS).collect();
    let name = name.trim_end().to_owned();
    if name.is_empty() {
        "attachment".into()
    } else {
        name
    }
}

/// The last part of a path, with anything that is not a letter, digit, space or `.`, `-`,
/// `_`, `(`, `)` made `_`, runs of spaces made one, and no dots or spaces at either end.
fn clean_name(raw: &str) -> String {
    let last = raw.rsplit(['/', '\\']).next().unwrap_or_default();
    let mut name = String::new();
    for c in last.chars() {
        let keep = c.is_alphanumeric() || matches!(c, '.' | '-' | '_' | '(' | ')' | ' ');
        let c = if c.is_whitespace() {
            ' '
        } else if keep {
            c
        } else {
            '_'
        };
        if !(c == ' ' && name.ends_with(' ')) {
            name.push(c);
        }
    }
    name.trim_matches(|c: char| c == '.' || c == ' ').to_owned()
}

/// A size in words: "820 bytes", "14 KB", "2.3 MB".
pub fn size_label(bytes: u64) -> String {
    const KB: u64 = 1024;
    const MB: u64 = 1024 * 1024;
    match bytes {
        0..KB => format!("{bytes} bytes"),
        KB..MB => format!("{} KB", bytes.div_ceil(KB)),
        _ => format!("{}.{} MB", bytes / MB, (bytes % MB) * 10 / MB),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PDF: &[u8] = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n";
    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x02\0\0\0";
    const JPEG: &[u8] = b"\xFF\xD8\xFF\xE0\0\x10JFIF\0\x01";
    const GIF: &[u8] = b"GIF89a\x01\0\x01\0\0\0\0;";

    #[test]
    fn documents_and_images_are_known_by_their_bytes() {
        assert_eq!(sniff(PDF), Ok(DocumentType::Pdf));
        assert_eq!(sniff(PNG), Ok(DocumentType::Png));
        assert_eq!(sniff(JPEG), Ok(DocumentType::Jpeg));
        assert_eq!(sniff(GIF), Ok(DocumentType::Gif));
        assert_eq!(sniff(b"Notes from the call.\r\nShe will bring the rota.\n"), Ok(DocumentType::Text));
        assert_eq!(sniff("Caf\u{e9} rota, 3\u{2013}5 March\n".as_bytes()), Ok(DocumentType::Text));
        let eml = b"Received: from mx\r\nFrom: Ada <ada@example.org>\r\nSubject: Rota\r\n\tcontinued\r\n\r\nBody\r\n";
        assert_eq!(sniff(eml), Ok(DocumentType::Email));
        for kind in DocumentType::ALL {
            assert_eq!(DocumentType::parse(kind.as_str()), Some(kind));
        }
    }

    #[test]
    fn programs_scripts_and_pages_are_refused_whatever_they_are_called() {
        let exe = [b"MZ\x90\0\x03\0\0\0".as_slice(), &[0u8; 120]].concat();
        assert!(sniff(&exe).unwrap_err().contains("program"));
        let elf = [b"\x7FELF\x02\x01\x01".as_slice(), &[0u8; 80]].concat();
        assert!(sniff(&elf).unwrap_err().contains("program"));
        assert!(sniff(b"#!/bin/sh\nrm -rf /\n").unwrap_err().contains("program"));
        assert!(sniff(b"<!DOCTYPE html><html><body>hi</body></html>").unwrap_err().contains("HTML"));
        assert!(sniff(b"Hello <script>alert(1)</script>").unwrap_err().contains("HTML"));
        assert!(sniff(b"<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\"/>")
            .unwrap_err()
            .contains("SVG"));
        assert!(sniff(b"<svg onload=alert(1)>").unwrap_err().contains("SVG"));
        assert!(sniff(b"").unwrap_err().contains("empty"));
        assert!(sniff(&[0u8, 159, 146, 150, 1, 2, 3]).unwrap_err().contains("could not tell"));
        let zip = b"PK\x03\x04\x14\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\x05\0\0\0notes\0\0";
        assert!(sniff(zip).unwrap_err().contains("Archives"));
    }

    #[test]
    fn a_header_block_without_from_is_not_an_email() {
        assert_eq!(sniff(b"Subject: minutes\n\nWe met.\n"), Ok(DocumentType::Text));
        assert_eq!(sniff(b"From: Ada\nDate: today\nno blank line"), Ok(DocumentType::Text));
    }

    #[test]
    fn file_names_are_made_safe_and_end_as_what_they_are() {
        let pdf = DocumentType::Pdf;
        assert_eq!(sanitise_filename("Warning letter.pdf", pdf), "Warning letter.pdf");
        assert_eq!(sanitise_filename("C:\\Users\\ada\\Letter.PDF", pdf), "Letter.PDF");
        assert_eq!(sanitise_filename("../../etc/passwd", pdf), "passwd.pdf");
        assert_eq!(sanitise_filename("invoice.pdf.exe", pdf), "invoice.pdf.exe.pdf");
        assert_eq!(sanitise_filename("a\"b;c\r\nd<e>.pdf", pdf), "a_b_c d_e_.pdf");
        assert_eq!(sanitise_filename("   ", pdf), "document.pdf");
        assert_eq!(sanitise_filename("...", DocumentType::Jpeg), "document.jpg");
        assert_eq!(sanitise_filename("photo.jpeg", DocumentType::Jpeg), "photo.jpeg");
        assert_eq!(sanitise_filename("Zoë’s notes", DocumentType::Text), "Zoë_s notes.txt");
        let long = format!("{}.pdf", "x".repeat(300));
        let kept = sanitise_filename(&long, pdf);
        assert_eq!(kept.chars().count(), MAX_FILENAME_CHARS);
        assert!(kept.ends_with("x.pdf"));
        let long = "y".repeat(300);
        let kept = sanitise_filename(&long, pdf);
        assert_eq!(kept.chars().count(), MAX_FILENAME_CHARS);
        assert!(kept.ends_with("y.pdf"));
    }

    #[test]
    fn other_files_keep_their_own_extension_but_not_their_path_or_header_breaking_characters() {
        assert_eq!(sanitise_other_filename("../../invoice.pdf.html"), "invoice.pdf.html");
        assert_eq!(sanitise_other_filename("C:\\tmp\\old minutes.doc"), "old minutes.doc");
        assert_eq!(sanitise_other_filename("a\"b;c\r\nd.zip"), "a_b_c d.zip");
        assert_eq!(sanitise_other_filename(" .. "), "attachment");
        assert_eq!(sanitise_other_filename(&"z".repeat(300)).chars().count(), MAX_FILENAME_CHARS);
    }

    #[test]
    fn sizes_read_in_words() {
        assert_eq!(size_label(820), "820 bytes");
        assert_eq!(size_label(14 * 1024), "14 KB");
        assert_eq!(size_label(2_411_725), "2.3 MB");
    }
}
