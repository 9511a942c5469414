//! Paging at size: the case list goes on from where its last page ended (a cursor in the
//! "Next page" link, also `next_after` in the API), and the case page shows the newest
//! entries with a link to older ones.

use axum::http::{header, Method, StatusCode};
use steward_domain::role::Role;

use crate::helpers::{spawn_app, Reply, TestApp};

const CASE: [(&str, &str); 6] = [
    ("title", "Rota changed without notice"),
    ("case_type", "grievance"),
    ("membership_number", "T000001"),
    ("problem_arose_on", "2025-01-10"),
    ("complexity", "2"),
    ("emotional_load", "2"),
];

async fn open_case(app: &TestApp) -> i64 {
    let reply = app.post_form(Role::Caseworker, "/cases", &CASE).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let path = reply.headers.get(header::LOCATION).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    path.trim_start_matches("/cases/").split(['?', '#']).next().unwrap_or_default().parse().unwrap()
}

/// The href of the link with this text, unescaped.
fn link(reply: &Reply, text: &str) -> Option<String> {
    let end = reply.body.find(&format!("\">{text}</a>"))?;
    let start = reply.body[..end].rfind("href=\"")? + "href=\"".len();
    Some(reply.body[start..end].replace("&amp;", "&"))
}

fn case_links(reply: &Reply) -> Vec<String> {
    reply
        .body
        .split("<a href=\"/cases/")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .filter(|id| id.chars().all(|c| c.is_ascii_digit()))
        .map(str::to_owned)
        .collect()
}

#[tokio::test]
async fn the_case_list_pages_on_by_cursor_and_the_timeline_by_older_entries() {
    let app = spawn_app().await;
    let mut opened = Vec::new();
    for _ in 0..27 {
        opened.push(open_case(&app).await);
    }
    let first = app.get_page(Some(Role::Caseworker), "/cases").await;
    assert_eq!(first.status, StatusCode::OK);
    let next = link(&first, "Next page").expect("a next page");
    assert!(next.contains("after=") && next.contains("page=2"), "{next}");
    let second = app.get_page(Some(Role::Caseworker), &next).await;
    assert_eq!(second.status, StatusCode::OK, "{}", second.body);
    assert!(second.body.contains("Page 2") && link(&second, "First page").is_some());
    assert!(link(&second, "Next page").is_none(), "27 cases (and the test app's own) make two pages");
    let (page_one, page_two) = (case_links(&first), case_links(&second));
    assert_eq!(page_one.len(), 25);
    assert!(page_two.iter().all(|id| !page_one.contains(id)), "no case on both pages");
    let both: Vec<&String> = page_one.iter().chain(&page_two).collect();
    assert!(opened.iter().all(|id| both.contains(&&id.to_string())), "every case on one of them");
    let bad = app.get_page(Some(Role::Caseworker), "/cases?after=not-a-cursor").await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);

    let api = app.api(Some(Role::Caseworker), Method::GET, "/api/v1/cases", None).await.json();
    let after = api["next_after"].as_str().expect("a cursor for the next page").to_owned();
    let rest = app.api(Some(Role::Caseworker), Method::GET, &format!("/api/v1/cases?after={after}"), None).await.json();
    assert_eq!(rest["cases"].as_array().unwrap().len(), page_two.len(), "{rest}");
    assert_eq!(rest["has_more"].as_bool(), Some(false));

    // 60 notes on one case: the page shows the newest 50 and links to the older ones.
    let id = opened[0];
    let entries = format!("/cases/{id}/entries");
    for n in 0..60 {
        let body = format!("Note number {n:02}");
        let reply = app.post_form(Role::Caseworker, &entries, &[("kind", "note"), ("body", &body)]).await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    }
    let page = app.get_page(Some(Role::Caseworker), &format!("/cases/{id}")).await;
    assert!(page.body.contains("Note number 59") && !page.body.contains("Note number 05"));
    let older = link(&page, "Older entries").expect("a link to older entries");
    let older_page = app.get_page(Some(Role::Caseworker), &older).await;
    assert_eq!(older_page.status, StatusCode::OK);
    assert!(older_page.body.contains("Note number 05") && !older_page.body.contains("Note number 59"));
    assert!(older_page.body.contains("Case opened") || older_page.body.contains("Opened"), "the first entry is last");
    assert!(link(&older_page, "Newest entries").is_some() && link(&older_page, "Older entries").is_none());
    let file = app.api(Some(Role::Caseworker), Method::GET, &format!("/api/v1/cases/{id}"), None).await.json();
    assert_eq!(file["timeline"].as_array().unwrap().len(), 50);
    let before = file["timeline_before"].as_str().expect("older entries in the API too").to_owned();
    let rest = app.api(Some(Role::Caseworker), Method::GET, &format!("/api/v1/cases/{id}?before={before}"), None).await;
    assert_eq!(rest.json()["timeline"].as_array().unwrap().len(), 11, "60 notes and the opening");
    let bad = app.get_page(Some(Role::Caseworker), &format!("/cases/{id}?before=nonsense")).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
}
