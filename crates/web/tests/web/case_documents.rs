//! Documents and letters on a case, through the pages and the API: an upload is kept and
//! listed with a Document entry on the timeline, an oversized or disguised file is refused
//! with nothing written, downloads carry the headers that keep a browser from running or
//! caching them, a rep not on the team finds nothing, and letters are filled from the case
//! (or refused with what to add first).

use std::io::Read;

use axum::body::Body;
use axum::http::{header, HeaderMap, Method, Request, StatusCode};
use chrono::{Days, Utc};
use serde_json::{json, Value};
use steward_app::ports::{CaseDocumentStore, CaseId};
use steward_domain::role::Role;
use tower::ServiceExt;

use crate::helpers::{spawn_app, TestApp};

const PDF: &[u8] = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n";
const BOUNDARY: &str = "steward-test-boundary-7d1f";

struct Raw {
    status: StatusCode,
    headers: HeaderMap,
    bytes: Vec<u8>,
}

impl Raw {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.bytes).into_owned()
    }

    fn json(&self) -> Value {
        serde_json::from_slice(&self.bytes).unwrap_or_else(|_| panic!("not JSON: {}", self.text()))
    }
}

async fn send(app: &TestApp, request: Request<Body>) -> Raw {
    let response = app.router.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = axum::body::to_bytes(response.into_body(), 64 * 1024 * 1024).await.unwrap().to_vec();
    Raw { status, headers, bytes }
}

fn multipart(fields: &[(&str, &str)], file: Option<(&str, &[u8])>) -> Vec<u8> {
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend_from_slice(
            format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").as_bytes(),
        );
    }
    if let Some((filename, bytes)) = file {
        body.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{filename}\"\r\n\
                 Content-Type: application/pdf\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    body
}

/// Uploads through the case page's form, as a browser does.
async fn upload_page(app: &TestApp, role: Role, case: CaseId, filename: &str, bytes: &[u8]) -> Raw {
    let creds = &app.users[&role];
    let body = multipart(&[("csrf_token", &creds.csrf)], Some((filename, bytes)));
    let request = Request::post(format!("/cases/{case}/documents"))
        .header(header::COOKIE, &creds.cookie)
        .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={BOUNDARY}"))
        .body(Body::from(body))
        .unwrap();
    send(app, request).await
}

async fn upload_api(app: &TestApp, role: Role, case: CaseId, filename: &str, bytes: &[u8]) -> Raw {
    let body = multipart(&[], Some((filename, bytes)));
    let request = Request::post(format!("/api/v1/cases/{case}/documents"))
        .header(header::AUTHORIZATION, format!("Bearer {}", app.users[&role].token))
        .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={BOUNDARY}"))
        .body(Body::from(body))
        .unwrap();
    send(app, request).await
}

async fn get_page(app: &TestApp, role: Role, path: &str) -> Raw {
    let request = Request::get(path).header(header::COOKIE, &app.users[&role].cookie).body(Body::empty()).unwrap();
    send(app, request).await
}

async fn get_api(app: &TestApp, role: Role, path: &str) -> Raw {
    let request = Request::get(path)
        .header(header::AUTHORIZATION, format!("Bearer {}", app.users[&role].token))
        .body(Body::empty())
        .unwrap();
    send(app, request).await
}

async fn documents_on(app: &TestApp, case: CaseId) -> usize {
    app.db().case_documents(case).await.unwrap().len()
}

/// Files in the app's file store (none may be left behind by a refused upload).
fn stored_files(app: &TestApp) -> usize {
    fn count(dir: &std::path::Path) -> usize {
        std::fs::read_dir(dir)
            .map_or(0, |entries| entries.flatten().map(|e| if e.path().is_dir() { count(&e.path()) } else { 1 }).sum())
    }
    count(app.files_dir())
}

#[tokio::test]
async fn an_upload_is_kept_listed_and_downloaded_with_safe_headers() {
    let app = spawn_app().await;
    let case = app.case_here;
    let reply = upload_page(&app, Role::Caseworker, case, "../Warning letter <final>.pdf", PDF).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.text());
    assert_eq!(reply.headers[header::LOCATION], format!("/cases/{case}?done=document#documents"));
    assert_eq!(stored_files(&app), 1);

    let page = get_page(&app, Role::Caseworker, &format!("/cases/{case}?done=document")).await;
    let html = page.text();
    assert_eq!(page.status, StatusCode::OK);
    assert!(html.contains("Warning letter _final_.pdf"), "the list shows the safe name");
    assert!(html.contains("The document is added to the case."));
    assert!(html.contains("Document added: Warning letter _final_.pdf (PDF"), "a timeline entry records it");

    let list = get_api(&app, Role::Caseworker, &format!("/api/v1/cases/{case}/documents")).await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.text());
    let listed = list.json()["documents"][0].clone();
    assert_eq!(listed["filename"], "Warning letter _final_.pdf");
    assert_eq!(listed["doc_type"], "pdf");
    assert_eq!(listed["size_bytes"], PDF.len());
    assert_eq!(listed["uploaded_by"], "caseworker@example.org");
    let id = listed["id"].as_i64().unwrap();

    for download in [
        get_page(&app, Role::Caseworker, &format!("/cases/{case}/documents/{id}")).await,
        get_api(&app, Role::Caseworker, &format!("/api/v1/cases/{case}/documents/{id}")).await,
    ] {
        assert_eq!(download.status, StatusCode::OK);
        assert_eq!(download.bytes, PDF);
        assert_eq!(download.headers[header::CONTENT_TYPE], "application/pdf");
        let disposition = download.headers[header::CONTENT_DISPOSITION].to_str().unwrap();
        assert!(disposition.starts_with("attachment; filename=\"Warning letter _final_.pdf\""), "{disposition}");
        assert_eq!(download.headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
        assert_eq!(download.headers[header::CACHE_CONTROL], "no-store");
    }

    let reply = upload_api(&app, Role::Caseworker, case, "minutes.txt", b"Met the head teacher.\n").await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
    assert_eq!(reply.json()["doc_type"], "text");
    // Well past the 256 KiB limit of other routes, within the 10 MiB one for documents.
    let scan = [PDF, &vec![b' '; 3 * 1024 * 1024]].concat();
    let reply = upload_page(&app, Role::Caseworker, case, "scan.pdf", &scan).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.text());
    assert_eq!(documents_on(&app, case).await, 3);

    let audit = app.api(Some(Role::Admin), Method::GET, "/api/v1/audit?entity=case&limit=200", None).await.body;
    for action in ["case.document_add", "case.documents_view", "case.document_download"] {
        assert!(audit.contains(action), "{action} is audited");
    }
}

#[tokio::test]
async fn oversized_and_disguised_files_are_refused_and_nothing_is_written() {
    let app = spawn_app().await;
    let case = app.case_here;
    let too_big = vec![b'a'; 10 * 1024 * 1024 + 1];
    let page = upload_page(&app, Role::Caseworker, case, "huge.txt", &too_big).await;
    assert_eq!(page.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(page.text().contains("The file is larger than 10.0 MB"), "the case page says why");
    let api = upload_api(&app, Role::Caseworker, case, "huge.txt", &too_big).await;
    assert_eq!(api.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(api.headers[header::CONTENT_TYPE], "application/problem+json");
    assert_eq!(api.json()["code"], "body_too_large");

    let exe = [b"MZ\x90\0\x03\0\0\0\x04\0\0\0\xFF\xFF".as_slice(), &[0u8; 200]].concat();
    let page = upload_page(&app, Role::Caseworker, case, "payslip.pdf", &exe).await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.text().contains("This file is a program"), "{}", page.text());
    let api = upload_api(&app, Role::Caseworker, case, "payslip.pdf", &exe).await;
    assert_eq!(api.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(api.json()["errors"]["file"].as_str().unwrap().contains("program"));

    let html = b"<!doctype html><html><script>alert(1)</script></html>";
    let api = upload_api(&app, Role::Caseworker, case, "notes.txt", html).await;
    assert_eq!(api.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(api.json()["errors"]["file"].as_str().unwrap().contains("HTML"));

    // Not multipart, no file, two files, an unreadable body: specific 4xx, never 500.
    let json = app
        .api(Some(Role::Caseworker), Method::POST, &format!("/api/v1/cases/{case}/documents"), Some(json!({})))
        .await;
    assert_eq!(json.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let empty = Request::post(format!("/api/v1/cases/{case}/documents"))
        .header(header::AUTHORIZATION, format!("Bearer {}", app.users[&Role::Caseworker].token))
        .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={BOUNDARY}"))
        .body(Body::from(multipart(&[("note", "hello")], None)))
        .unwrap();
    assert_eq!(send(&app, empty).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    let broken = Request::post(format!("/api/v1/cases/{case}/documents"))
        .header(header::AUTHORIZATION, format!("Bearer {}", app.users[&Role::Caseworker].token))
        .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={BOUNDARY}"))
        .body(Body::from(format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nunfinished")))
        .unwrap();
    let broken = send(&app, broken).await;
    assert!(broken.status.is_client_error(), "{}: {}", broken.status, broken.text());
    let no_csrf = {
        let creds = &app.users[&Role::Caseworker];
        let request = Request::post(format!("/cases/{case}/documents"))
            .header(header::COOKIE, &creds.cookie)
            .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={BOUNDARY}"))
            .body(Body::from(multipart(&[], Some(("a.pdf", PDF)))))
            .unwrap();
        send(&app, request).await
    };
    assert_eq!(no_csrf.status, StatusCode::FORBIDDEN);

    assert_eq!(documents_on(&app, case).await, 0, "no row was written");
    assert_eq!(stored_files(&app), 0, "no file was left behind");
}

#[tokio::test]
async fn a_rep_not_on_the_team_finds_no_documents() {
    let app = spawn_app().await;
    let case = app.case_here;
    let reply = upload_api(&app, Role::Caseworker, case, "letter.pdf", PDF).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
    let id = reply.json()["id"].as_i64().unwrap();
    for role in [Role::Rep, Role::Lawyer] {
        let list = get_api(&app, role, &format!("/api/v1/cases/{case}/documents")).await;
        assert_eq!(list.status, StatusCode::NOT_FOUND, "{role:?} list");
        let api = get_api(&app, role, &format!("/api/v1/cases/{case}/documents/{id}")).await;
        assert_eq!(api.status, StatusCode::NOT_FOUND, "{role:?} API download");
        let page = get_page(&app, role, &format!("/cases/{case}/documents/{id}")).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{role:?} page download");
        assert_ne!(page.bytes, PDF);
        let upload = upload_api(&app, role, case, "mine.pdf", PDF).await;
        assert_eq!(upload.status, StatusCode::NOT_FOUND, "{role:?} upload");
    }
    // A document id from another case reads as not found too.
    let other =
        app.api(Some(Role::Caseworker), Method::GET, &format!("/api/v1/cases/{case}/documents/{}", id + 1), None).await;
    assert_eq!(other.status, StatusCode::NOT_FOUND);
    assert_eq!(documents_on(&app, case).await, 1);
}

async fn user_id(app: &TestApp, role: Role) -> i64 {
    let users = app.api(Some(Role::Admin), Method::GET, "/api/v1/users", None).await.json();
    let email = format!("{}@example.org", role.as_str());
    users.as_array().unwrap().iter().find(|u| u["email"] == email.as_str()).unwrap()["id"].as_i64().unwrap()
}

/// Puts the rep on the fixture case's team, and (optionally) a hearing a week ahead.
async fn prepare_case(app: &TestApp, with_hearing: bool) -> CaseId {
    let case = app.case_here;
    let rep = user_id(app, Role::Rep).await;
    let team = json!({"user_id": rep, "role": "rep"});
    let reply = app.api(Some(Role::Caseworker), Method::POST, &format!("/api/v1/cases/{case}/team"), Some(team)).await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT, "{}", reply.body);
    if with_hearing {
        let day = Utc::now().date_naive().checked_add_days(Days::new(7)).unwrap();
        let hearing = json!({
            "meeting_type": "disciplinary_hearing", "starts_at": format!("{day}T10:00"), "minutes": 60,
            "place": "Meeting room 2, Civic Offices"
        });
        let reply = app
            .api(Some(Role::Caseworker), Method::POST, &format!("/api/v1/cases/{case}/meetings"), Some(hearing))
            .await;
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    }
    case
}

#[tokio::test]
async fn a_postponement_letter_is_filled_from_the_case_as_a_page_and_a_word_file() {
    let app = spawn_app().await;
    let case = prepare_case(&app, true).await;
    let page = get_page(&app, Role::Rep, &format!("/cases/{case}/letters/postpone-hearing")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text());
    let html = page.text();
    for merged in
        ["Hana Nearby", "CASE-", "Test Borough Council", "Test Workplace rep", "10:00", "disciplinary hearing"]
    {
        assert!(html.contains(merged), "the letter has {merged}");
    }
    assert!(html.contains("Employment Relations Act 1999"));
    assert!(html.contains("/static/letter.css") && !html.contains("<script"), "printable, without script");
    let reference = html.split("Our reference: ").nth(1).unwrap().split('<').next().unwrap().trim().to_owned();

    let docx = get_page(&app, Role::Rep, &format!("/cases/{case}/letters/postpone-hearing/docx")).await;
    assert_eq!(docx.status, StatusCode::OK);
    assert_eq!(
        docx.headers[header::CONTENT_TYPE],
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    );
    assert!(docx.headers[header::CONTENT_DISPOSITION].to_str().unwrap().starts_with("attachment;"));
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(docx.bytes)).expect("a DOCX is a zip archive");
    let mut document = String::new();
    archive.by_name("word/document.xml").expect("with word/document.xml").read_to_string(&mut document).unwrap();
    assert!(document.contains("Hana Nearby") && document.contains(&reference), "the Word file has the merge values");

    let saved =
        app.post_form(Role::Rep, &format!("/cases/{case}/letters/postpone-hearing/save"), &[("decision", "")]).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let list = get_api(&app, Role::Rep, &format!("/api/v1/cases/{case}/documents")).await.json();
    assert_eq!(list["documents"][0]["doc_type"], "docx", "saved as a Word document");
    assert!(list["documents"][0]["filename"].as_str().unwrap().starts_with("Request to postpone a hearing CASE-"));
}

#[tokio::test]
async fn a_letter_missing_its_facts_says_what_to_add_first() {
    let app = spawn_app().await;
    let case = prepare_case(&app, false).await;
    for path in ["/letters/postpone-hearing", "/letters/postpone-hearing/docx"] {
        let reply = get_page(&app, Role::Rep, &format!("/cases/{case}{path}")).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{path}");
        assert!(reply.text().contains("Set the hearing first"), "{path}: {}", reply.text());
    }
    let appeal = get_page(&app, Role::Rep, &format!("/cases/{case}/letters/appeal")).await;
    assert_eq!(appeal.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(appeal.text().contains("Say what the decision was"));
    let future =
        get_page(&app, Role::Rep, &format!("/cases/{case}/letters/appeal?decision=x&decision_date=2999-01-01")).await;
    assert_eq!(future.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(future.text().contains("cannot be in the future"));
    let unknown = get_page(&app, Role::Rep, &format!("/cases/{case}/letters/resignation")).await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    let saved = app.post_form(Role::Rep, &format!("/cases/{case}/letters/postpone-hearing/save"), &[]).await;
    assert_eq!(saved.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(documents_on(&app, case).await, 0);

    let query = "decision=a%20final%20written%20warning&decision_date=2026-01-05";
    let appeal = get_page(&app, Role::Rep, &format!("/cases/{case}/letters/appeal?{query}")).await;
    assert_eq!(appeal.status, StatusCode::OK, "{}", appeal.text());
    let html = appeal.text();
    assert!(html.contains("a final written warning") && html.contains("Monday 5 January 2026"));
    assert!(html.contains(&format!("/cases/{case}/letters/appeal/docx?decision=a+final+written+warning")));
}
