//! Letters from a case: a printable page (its own print stylesheet, no script), the same
//! letter as an editable Word file, and saving that file to the case as a document. The
//! wording is in the `letters/*.txt` templates, filled with the merge fields the use case
//! gathered; a letter the case cannot fill yet answers 422 with what to add first.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use steward_app::cases::{DocumentUpload, Letter, LetterInputs};
use steward_app::ports::CaseId;
use steward_app::AppError;
use steward_domain::case::letter::{LetterFields, LetterKind};
use steward_domain::field_errors::FieldErrors;

use super::case_documents::file_response;
use super::cases::parse_case_id;
use super::{render_with_status, CsrfForm, HtmlError, Layout};
use crate::auth::Auth;
use crate::state::AppState;

const DOCX_MIME: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/// What the appeal letter asks for, from the case page's form (in the query, or the save
/// form's body).
#[derive(Deserialize, Default, Clone)]
pub struct LetterValues {
    #[serde(default)]
    pub decision: String,
    #[serde(default)]
    pub decision_date: String,
}

impl LetterValues {
    fn inputs(&self) -> LetterInputs {
        LetterInputs { decision: self.decision.clone(), decision_date: self.decision_date.clone() }
    }

    /// The same values as a query string, for the Word link.
    fn query(&self) -> String {
        if self.decision.is_empty() && self.decision_date.is_empty() {
            return String::new();
        }
        let pairs = [("decision", self.decision.as_str()), ("decision_date", self.decision_date.as_str())];
        serde_urlencoded::to_string(pairs).map(|query| format!("?{query}")).unwrap_or_default()
    }
}

#[derive(Template)]
#[template(path = "letters/postpone_hearing.txt")]
struct PostponeText<'a> {
    f: &'a LetterFields,
}

#[derive(Template)]
#[template(path = "letters/appeal.txt")]
struct AppealText<'a> {
    f: &'a LetterFields,
}

/// A paragraph of a letter: its lines, and whether it is the letter's heading (a line that
/// starts with `## ` in the template).
pub struct LetterParagraph {
    pub lines: Vec<String>,
    pub heading: bool,
}

fn paragraphs(letter: &Letter) -> Result<Vec<LetterParagraph>, AppError> {
    let text = match letter.kind {
        LetterKind::PostponeHearing => PostponeText { f: &letter.fields }.render(),
        LetterKind::Appeal => AppealText { f: &letter.fields }.render(),
    }
    .map_err(|error| AppError::Storage(format!("the letter could not be written: {error}")))?;
    let text = text.replace("\r\n", "\n");
    Ok(text
        .split("\n\n")
        .map(|block| block.lines().map(str::trim_end).filter(|line| !line.is_empty()).collect::<Vec<_>>())
        .filter(|lines| !lines.is_empty())
        .map(|lines| {
            let heading = lines[0].starts_with("## ");
            let lines = lines.iter().map(|line| line.trim_start_matches("## ").to_owned()).collect();
            LetterParagraph { lines, heading }
        })
        .collect())
}

/// The letter as a Word document: one paragraph per paragraph, lines kept, the heading bold.
fn docx(paragraphs: &[LetterParagraph]) -> Result<Vec<u8>, AppError> {
    use docx_rs::{BreakType, Docx, LineSpacing, Paragraph, Run, RunFonts};
    let mut document =
        Docx::new().default_fonts(RunFonts::new().ascii("Arial").hi_ansi("Arial").cs("Arial")).default_size(22);
    for paragraph in paragraphs {
        let mut out = Paragraph::new().line_spacing(LineSpacing::new().after(200));
        for (index, line) in paragraph.lines.iter().enumerate() {
            let mut run = Run::new();
            if index > 0 {
                run = run.add_break(BreakType::TextWrapping);
            }
            run = run.add_text(line.as_str());
            if paragraph.heading {
                run = run.bold();
            }
            out = out.add_run(run);
        }
        document = document.add_paragraph(out);
    }
    let mut bytes = std::io::Cursor::new(Vec::new());
    document
        .build()
        .pack(&mut bytes)
        .map_err(|error| AppError::Storage(format!("the Word file could not be made: {error}")))?;
    Ok(bytes.into_inner())
}

#[derive(Template)]
#[template(path = "letters/letter.html")]
struct LetterPage {
    title: String,
    case_id: CaseId,
    kind: &'static str,
    csrf_token: String,
    values: LetterValues,
    docx_href: String,
    paragraphs: Vec<LetterParagraph>,
}

#[derive(Template)]
#[template(path = "letters/missing.html")]
struct MissingPage {
    layout: Layout,
    case_id: CaseId,
    kind: &'static str,
    label: &'static str,
    is_appeal: bool,
    values: LetterValues,
    errors: FieldErrors,
}

impl MissingPage {
    fn err(&self, field: &str) -> Option<&str> {
        self.errors.get(field)
    }
}

fn parse_target(id: &str, kind: &str) -> Option<(CaseId, LetterKind)> {
    Some((parse_case_id(id)?, LetterKind::parse(kind)?))
}

/// The letter, or the page that says what to add before it can be written.
async fn prepare(
    state: &AppState,
    auth: &Auth,
    id: CaseId,
    kind: LetterKind,
    values: &LetterValues,
) -> Result<(Letter, Vec<LetterParagraph>), Response> {
    let ctx = auth.context();
    match steward_app::cases::prepare_letter(state.store.as_ref(), &ctx, id, kind, &values.inputs()).await {
        Ok(letter) => match paragraphs(&letter) {
            Ok(paragraphs) => Ok((letter, paragraphs)),
            Err(error) => Err(HtmlError(error).into_response()),
        },
        Err(AppError::Invalid(errors)) => {
            let page = MissingPage {
                layout: Layout::new(auth, format!("Error: {}", kind.label()), "/cases"),
                case_id: id,
                kind: kind.as_str(),
                label: kind.label(),
                is_appeal: kind == LetterKind::Appeal,
                values: values.clone(),
                errors,
            };
            Err(render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page))
        }
        Err(error) => Err(HtmlError(error).into_response()),
    }
}

pub async fn letter_page(
    State(state): State<AppState>,
    auth: Auth,
    Path((id, kind)): Path<(String, String)>,
    Query(values): Query<LetterValues>,
) -> Response {
    let Some((id, kind)) = parse_target(&id, &kind) else { return HtmlError(AppError::NotFound).into_response() };
    let (letter, paragraphs) = match prepare(&state, &auth, id, kind, &values).await {
        Ok(ready) => ready,
        Err(response) => return response,
    };
    let page = LetterPage {
        title: format!("{} – {}", kind.label(), letter.fields.case_reference),
        case_id: id,
        kind: kind.as_str(),
        csrf_token: auth.csrf_token().to_owned(),
        docx_href: format!("/cases/{id}/letters/{}/docx{}", kind.as_str(), values.query()),
        values,
        paragraphs,
    };
    render_with_status(StatusCode::OK, &page)
}

fn docx_name(letter: &Letter) -> String {
    format!("{} {}.docx", letter.kind.label(), letter.fields.case_reference)
}

pub async fn letter_docx(
    State(state): State<AppState>,
    auth: Auth,
    Path((id, kind)): Path<(String, String)>,
    Query(values): Query<LetterValues>,
) -> Response {
    let Some((id, kind)) = parse_target(&id, &kind) else { return HtmlError(AppError::NotFound).into_response() };
    let (letter, paragraphs) = match prepare(&state, &auth, id, kind, &values).await {
        Ok(ready) => ready,
        Err(response) => return response,
    };
    match docx(&paragraphs) {
        Ok(bytes) => file_response(DOCX_MIME, &docx_name(&letter), bytes),
        Err(error) => HtmlError(error).into_response(),
    }
}

/// Keeps the letter on the case as a Word document, through the same upload as any file.
pub async fn save_letter(
    State(state): State<AppState>,
    auth: Auth,
    Path((id, kind)): Path<(String, String)>,
    CsrfForm(values): CsrfForm<LetterValues>,
) -> Response {
    let Some((id, kind)) = parse_target(&id, &kind) else { return HtmlError(AppError::NotFound).into_response() };
    let (letter, paragraphs) = match prepare(&state, &auth, id, kind, &values).await {
        Ok(ready) => ready,
        Err(response) => return response,
    };
    let bytes = match docx(&paragraphs) {
        Ok(bytes) => bytes,
        Err(error) => return HtmlError(error).into_response(),
    };
    let upload = DocumentUpload { filename: docx_name(&letter), bytes };
    let ctx = auth.context();
    let saved = steward_app::cases::upload_document(
        state.store.as_ref(),
        state.files.as_ref(),
        &ctx,
        id,
        &upload,
        state.config.max_document_bytes,
    )
    .await;
    match saved {
        Ok(_) => Redirect::to(&format!("/cases/{id}?done=document#documents")).into_response(),
        Err(error) => HtmlError(error).into_response(),
    }
}
