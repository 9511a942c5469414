//! An enquiry record staff can finish: linking an unmatched enquiry to its member (and
//! correcting a wrong link) on the page and over the API, within the viewer's scope; then
//! promoting it, with its attachments kept as case documents; and opening what the sender
//! sent (attachments, the raw message), safely typed, only through its own enquiry, audited.

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use serde_json::json;
use steward_domain::role::Role;

use crate::helpers::{spawn_app, TestApp};

const PDF: &str = "%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n";
const WEB_PAGE: &str = "<html><body><script>alert(1)</script></body></html>";

/// Mail from `from` with a PDF and a web page that claims to be a PDF attached.
fn mail(from: &str, message_id: &str) -> String {
    let part = |name: &str, body: &str| {
        format!(
            "--XYZ\r\nContent-Type: application/pdf; name=\"{name}\"\r\nContent-Disposition: attachment; filename=\"{name}\"\r\n\
             Content-Transfer-Encoding: 7bit\r\n\r\n{body}\r\n"
        )
    };
    format!(
        "From: {from}\r\nTo: help@union.example\r\nSubject: Letter from my manager\r\nMessage-ID: <{message_id}>\r\n\
         MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"XYZ\"\r\n\r\n\
         --XYZ\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nThey want to see me on Friday.\r\n{}{}--XYZ--\r\n",
        part("Invite letter.pdf", PDF),
        part("../../invoice.pdf.html", WEB_PAGE),
    )
}

async fn post_mail(app: &TestApp, raw: &[u8]) -> i64 {
    let request = Request::post("/api/v1/enquiries/inbound")
        .header(header::AUTHORIZATION, format!("Bearer {}", app.users[&Role::Admin].token))
        .header(header::CONTENT_TYPE, "message/rfc822")
        .body(Body::from(raw.to_vec()))
        .unwrap();
    let reply = app.send(request).await;
    assert!(reply.status.is_success(), "{}", reply.body);
    reply.json()["enquiry_id"].as_i64().unwrap()
}

async fn audit_actions(app: &TestApp, enquiry: i64) -> Vec<(String, String)> {
    let path = format!("/api/v1/audit?entity=enquiry&entity_id={enquiry}&limit=200");
    let list = app.api(Some(Role::Admin), Method::GET, &path, None).await.json();
    list["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["action"].as_str().unwrap().to_owned(), e["detail"].as_str().unwrap().to_owned()))
        .collect()
}

#[tokio::test]
async fn an_unmatched_enquiry_is_linked_on_its_page_and_then_becomes_a_case_with_its_documents() {
    let app = spawn_app().await;
    let id = post_mail(&app, mail("Hana at home <hana@home.example>", "home1@example.net").as_bytes()).await;
    let page_path = format!("/enquiries/{id}");

    // Unplaced: only union-wide staff see it, with the quick action and no promote form.
    assert_eq!(app.get_page(Some(Role::Staff), &page_path).await.status, StatusCode::NOT_FOUND);
    let page = app.get_page(Some(Role::Admin), &page_path).await;
    assert!(page.body.contains("Link to a member") && page.body.contains("hana@home.example matched no member"));
    assert!(!page.body.contains("Open a case from this enquiry"), "no case without a member");

    let found = app.get_page(Some(Role::Admin), &format!("{page_path}?member_q=nearby")).await;
    assert_eq!(found.status, StatusCode::OK);
    let radio = format!("name=\"member_id\" value=\"{}\"", app.member_here);
    assert!(found.body.contains(&radio) && found.body.contains("T000001"), "{}", found.body);
    assert!(!found.body.contains("Faraway"), "only what was searched for");
    let nobody = app.get_page(Some(Role::Admin), &format!("{page_path}?member_q=zzzz")).await;
    assert!(nobody.body.contains("No member you can see matches"));
    let long = app.get_page(Some(Role::Admin), &format!("{page_path}?member_q={}", "a".repeat(101))).await;
    assert!(long.body.contains("id=\"member_q-error\""), "a search too long is named beside the box");

    let link = format!("{page_path}/member");
    let bad = app.post_form(Role::Admin, &link, &[("member_id", "abc"), ("member_q", "nearby")]).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("id=\"member_id-error\"") && bad.body.contains(&radio), "the choices come back");
    let unknown = app.post_form(Role::Admin, &link, &[("member_id", "999999")]).await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(unknown.body.contains("Choose one of the members you can see"), "{}", unknown.body);
    assert_eq!(app.post_form(Role::Rep, &link, &[("member_id", "1")]).await.status, StatusCode::FORBIDDEN);

    let linked = app.post_form(Role::Admin, &link, &[("member_id", &app.member_here.to_string())]).await;
    assert_eq!(linked.status, StatusCode::SEE_OTHER, "{}", linked.body);
    assert_eq!(linked.headers[header::LOCATION], format!("{page_path}?done=linked").as_str());
    let page = app.get_page(Some(Role::Staff), &format!("{page_path}?done=linked")).await;
    assert_eq!(page.status, StatusCode::OK, "now at Hana's workplace, in staff's branch");
    assert!(page.body.contains("The enquiry is linked to the member."));
    assert!(page.body.contains("Change the linked member") && page.body.contains("Hana Nearby"));

    // Staff cannot move it to a member outside their branch: the same answer as an unknown one.
    let elsewhere = app.member_elsewhere.to_string();
    let refused = app.post_form(Role::Staff, &link, &[("member_id", &elsewhere)]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("Choose one of the members you can see"));
    let audit = audit_actions(&app, id).await;
    let links: Vec<&String> = audit.iter().filter(|(a, _)| a == "enquiry.link_member").map(|(_, d)| d).collect();
    assert_eq!(links, [&format!("member none -> {} (T000001)", app.member_here)], "refusals write nothing");

    // Promotion now works, and keeps the PDF as a case document; the web page stays behind.
    let fields = [
        ("case_type", "disciplinary"),
        ("problem_arose_on", "2025-03-01"),
        ("complexity", "2"),
        ("emotional_load", "3"),
    ];
    let promoted = app.post_form(Role::Staff, &format!("{page_path}/promote"), &fields).await;
    assert_eq!(promoted.status, StatusCode::SEE_OTHER, "{}", promoted.body);
    let case = promoted.headers[header::LOCATION].to_str().unwrap().trim_start_matches("/cases/").to_owned();
    let docs = app.api(Some(Role::Staff), Method::GET, &format!("/api/v1/cases/{case}/documents"), None).await;
    let docs = docs.json();
    let names: Vec<&str> =
        docs["documents"].as_array().unwrap().iter().map(|d| d["filename"].as_str().unwrap()).collect();
    assert_eq!(names, ["Invite letter.pdf"], "{docs}");
    let case_page = app.get_page(Some(Role::Staff), &format!("/cases/{case}")).await;
    assert!(case_page.body.contains("not added to the case"), "{}", case_page.body);
    assert!(case_page.body.contains("invoice.pdf.html"), "the timeline names what stayed on the enquiry");
    assert!(case_page.body.contains("They want to see me on Friday."), "the conversation is still copied");
    let closed = app.post_form(Role::Staff, &link, &[("member_id", &app.member_here.to_string())]).await;
    assert_eq!(closed.status, StatusCode::UNPROCESSABLE_ENTITY, "a promoted enquiry keeps its member");
    assert!(!app.get_page(Some(Role::Staff), &page_path).await.body.contains("Change the linked member"));
}

#[tokio::test]
async fn the_api_links_an_enquiry_and_refuses_bad_ids_members_and_bodies() {
    let app = spawn_app().await;
    let id = post_mail(&app, mail("someone@nowhere.example", "api1@example.net").as_bytes()).await;
    let path = format!("/api/v1/enquiries/{id}/member");
    let put = |role: Role, path: String, body: serde_json::Value| {
        let app = &app;
        async move { app.api(Some(role), Method::PUT, &path, Some(body)).await }
    };
    let here = app.member_here.0;
    assert_eq!(
        put(Role::Admin, path.clone(), json!({"member_id": "x"})).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(put(Role::Admin, path.clone(), json!({})).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    let unknown = put(Role::Admin, path.clone(), json!({"member_id": 999_999})).await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(unknown.json()["errors"]["member_id"].is_string(), "{}", unknown.body);
    assert_eq!(put(Role::Admin, path.clone(), json!({"member_id": -4})).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    for missing in ["/api/v1/enquiries/999999/member", "/api/v1/enquiries/abc/member", "/api/v1/enquiries/0/member"] {
        let reply = put(Role::Admin, missing.into(), json!({"member_id": here})).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{missing}");
    }
    assert_eq!(put(Role::Caseworker, path.clone(), json!({"member_id": here})).await.status, StatusCode::NOT_FOUND);
    assert_eq!(put(Role::Rep, path.clone(), json!({"member_id": here})).await.status, StatusCode::FORBIDDEN);

    assert_eq!(put(Role::Admin, path.clone(), json!({"member_id": here})).await.status, StatusCode::NO_CONTENT);
    assert_eq!(put(Role::Admin, path.clone(), json!({"member_id": here})).await.status, StatusCode::NO_CONTENT);
    let shown = app.api(Some(Role::Caseworker), Method::GET, &format!("/api/v1/enquiries/{id}"), None).await.json();
    assert_eq!(shown["enquiry"]["member_id"], here, "{shown}");
    // The caseworker's branch does not cover Faraway's workplace; the administrator's scope does.
    let elsewhere = app.member_elsewhere.0;
    let refused = put(Role::Caseworker, path.clone(), json!({"member_id": elsewhere})).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(put(Role::Admin, path.clone(), json!({"member_id": elsewhere})).await.status, StatusCode::NO_CONTENT);
    let links = audit_actions(&app, id).await.into_iter().filter(|(a, _)| a == "enquiry.link_member").count();
    assert_eq!(links, 2, "linking to the member it has already writes nothing");

    let closed = app
        .api(
            Some(Role::Admin),
            Method::POST,
            &format!("/api/v1/enquiries/{id}/close"),
            Some(json!({"outcome": "no_action"})),
        )
        .await;
    assert_eq!(closed.status, StatusCode::NO_CONTENT);
    let late = put(Role::Admin, path, json!({"member_id": here})).await;
    assert_eq!(late.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", late.body);
}

#[tokio::test]
async fn attachments_and_the_original_message_download_safely_from_their_own_enquiry_only() {
    let app = &spawn_app().await;
    let raw = mail("Hana Nearby <hana.nearby1@example.org>", "files1@example.org");
    let id = post_mail(app, raw.as_bytes()).await;
    let other = post_mail(app, mail("Hana Nearby <hana.nearby1@example.org>", "files2@example.org").as_bytes()).await;
    let detail = app.api(Some(Role::Staff), Method::GET, &format!("/api/v1/enquiries/{id}"), None).await.json();
    let message = &detail["messages"][0];
    assert_eq!(message["has_original"], true, "{detail}");
    let files = message["attachment_files"].as_array().unwrap();
    let (pdf, web_page) = (files[0]["id"].as_i64().unwrap(), files[1]["id"].as_i64().unwrap());
    assert_eq!(files[0]["size_bytes"], PDF.len(), "{detail}");
    let message_id = message["id"].as_i64().unwrap();

    let page = app.get_page(Some(Role::Staff), &format!("/enquiries/{id}")).await;
    assert!(page.body.contains(&format!("href=\"/enquiries/{id}/attachments/{pdf}\"")), "the thread links them");
    assert!(page.body.contains(&format!("href=\"/enquiries/{id}/messages/{message_id}/original\"")));
    assert!(page.body.contains("Download the original message"));

    for base in ["", "/api/v1"] {
        let role = Role::Staff;
        let get = |path: String| async move {
            if base.is_empty() {
                app.get_page(Some(role), &path).await
            } else {
                app.api(Some(role), Method::GET, &path, None).await
            }
        };
        let letter = get(format!("{base}/enquiries/{id}/attachments/{pdf}")).await;
        assert_eq!(letter.status, StatusCode::OK, "{base}");
        assert_eq!(letter.headers[header::CONTENT_TYPE], "application/pdf");
        assert_eq!(letter.headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
        let disposition = letter.headers[header::CONTENT_DISPOSITION].to_str().unwrap();
        assert!(disposition.starts_with("attachment; filename=\"Invite letter.pdf\""), "{disposition}");
        assert_eq!(letter.body, PDF);
        // A web page that says it is a PDF goes out as bytes to save, never as HTML.
        let sneaky = get(format!("{base}/enquiries/{id}/attachments/{web_page}")).await;
        assert_eq!(sneaky.headers[header::CONTENT_TYPE], "application/octet-stream", "{base}");
        let disposition = sneaky.headers[header::CONTENT_DISPOSITION].to_str().unwrap();
        assert!(disposition.starts_with("attachment; filename=\"invoice.pdf.html\""), "no path: {disposition}");
        // Another enquiry's attachment, nonsense ids, and an enquiry outside the scope: 404.
        for path in [
            format!("{base}/enquiries/{other}/attachments/{pdf}"),
            format!("{base}/enquiries/{id}/attachments/abc"),
            format!("{base}/enquiries/{id}/attachments/0"),
            format!("{base}/enquiries/{id}/attachments/99999999999999999999"),
            format!("{base}/enquiries/{other}/messages/{message_id}/original"),
            format!("{base}/enquiries/{id}/messages/-1/original"),
        ] {
            assert_eq!(get(path.clone()).await.status, StatusCode::NOT_FOUND, "{path}");
        }
        let original = get(format!("{base}/enquiries/{id}/messages/{message_id}/original")).await;
        assert_eq!(original.status, StatusCode::OK);
        assert_eq!(original.headers[header::CONTENT_TYPE], "message/rfc822");
        assert_eq!(original.headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
        assert!(original.headers[header::CONTENT_DISPOSITION]
            .to_str()
            .unwrap()
            .starts_with("attachment; filename=\"ENQ-"));
        assert_eq!(original.body, raw, "exactly as it arrived");
    }
    let rep = app.get_page(Some(Role::Rep), &format!("/enquiries/{id}/attachments/{pdf}")).await;
    assert_eq!(rep.status, StatusCode::FORBIDDEN);
    let outsider =
        app.api(Some(Role::Officer), Method::GET, &format!("/api/v1/enquiries/{id}/attachments/{pdf}"), None).await;
    assert_eq!(outsider.status, StatusCode::OK, "the officer's region covers Hana's workplace");

    let audit = audit_actions(app, id).await;
    let count = |action: &str| audit.iter().filter(|(a, _)| a == action).count();
    assert_eq!(count("enquiry.attachment_download"), 5, "every download is audited: {audit:?}");
    assert_eq!(count("enquiry.original_download"), 2);
}

#[tokio::test]
async fn a_hostile_message_can_be_downloaded_as_it_arrived() {
    let app = spawn_app().await;
    let garbage = b"\x00\xff\xfe not mail \x00\r\n".to_vec();
    let id = post_mail(&app, &garbage).await;
    let detail = app.api(Some(Role::Admin), Method::GET, &format!("/api/v1/enquiries/{id}"), None).await.json();
    assert!(detail["enquiry"]["flagged"].is_string(), "{detail}");
    let message_id = detail["messages"][0]["id"].as_i64().unwrap();
    let page = app.get_page(Some(Role::Admin), &format!("/enquiries/{id}")).await;
    assert!(
        page.body.contains("Download the original message") && page.body.contains("to check what was actually sent")
    );
    let request = Request::get(format!("/enquiries/{id}/messages/{message_id}/original"))
        .header(header::COOKIE, &app.users[&Role::Admin].cookie)
        .body(Body::empty())
        .unwrap();
    let response = tower::ServiceExt::oneshot(app.router.clone(), request).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[header::CONTENT_TYPE], "message/rfc822");
    let bytes = axum::body::to_bytes(response.into_body(), 1024 * 1024).await.unwrap();
    assert_eq!(bytes.as_ref(), garbage.as_slice(), "byte for byte, not repaired");
    let caseworker =
        app.get_page(Some(Role::Caseworker), &format!("/enquiries/{id}/messages/{message_id}/original")).await;
    assert_eq!(caseworker.status, StatusCode::NOT_FOUND, "unplaced mail is for union-wide staff only");
}
