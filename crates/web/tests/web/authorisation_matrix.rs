//! Every route x every role (and signed-out visitors) against an expectation table kept
//! here, apart from the code. A route added to the router without a row here fails.

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use steward_domain::role::Role;
use steward_web::{route_table, Access};

use crate::helpers::{spawn_app, TestApp};

/// Who may use each route. `None` means public.
fn expected_roles(method: &Method, path: &str) -> Option<Option<&'static [Role]>> {
    use Role::*;
    const EVERYONE: &[Role] = &[Admin, Officer, Caseworker, Staff, Rep, Lawyer];
    const MEMBER_READERS: &[Role] = &[Admin, Officer, Caseworker, Staff, Rep];
    const MEMBER_WRITERS: &[Role] = &[Admin, Officer, Caseworker, Staff];
    const ADMINS: &[Role] = &[Admin];
    const SETTINGS_KEEPERS: &[Role] = &[Admin, Officer];
    let rule = match (method.as_str(), path) {
        ("GET", "/healthz" | "/static/{file}" | "/login" | "/contact" | "/api/v1/openapi.json")
        | ("POST", "/login" | "/contact") => None,
        ("POST", "/logout" | "/logout/everywhere") | ("GET", "/") => Some(EVERYONE),
        (
            "GET",
            "/calculator" | "/calculator/{rule}" | "/api/v1/calculate" | "/admin/holidays" | "/api/v1/holidays",
        )
        | ("POST", "/api/v1/calculate/{rule}") => Some(EVERYONE),
        ("POST", "/admin/holidays" | "/api/v1/holidays") => Some(ADMINS),
        ("GET", "/members" | "/members/{id}" | "/organisation") => Some(MEMBER_READERS),
        ("GET", "/api/v1/members" | "/api/v1/members/{id}" | "/api/v1/organisation") => Some(MEMBER_READERS),
        ("GET", "/members/new" | "/members/{id}/edit") | ("POST", "/members" | "/members/{id}") => Some(MEMBER_WRITERS),
        ("POST", "/api/v1/members") | ("PUT", "/api/v1/members/{id}") => Some(MEMBER_WRITERS),
        (
            "POST",
            "/organisation/regions" | "/organisation/branches" | "/organisation/employers" | "/organisation/workplaces",
        ) => Some(ADMINS),
        ("POST", "/api/v1/regions" | "/api/v1/branches" | "/api/v1/employers" | "/api/v1/workplaces") => Some(ADMINS),
        ("GET", "/organisation/{kind}/{id}/edit") | ("POST", "/organisation/{kind}/{id}") => Some(ADMINS),
        ("POST", "/admin/users/{id}/active") | ("PUT", "/api/v1/users/{id}/active") => Some(ADMINS),
        ("GET", "/enquiries" | "/enquiries/{id}" | "/api/v1/enquiries" | "/api/v1/enquiries/{id}")
        | ("POST", "/enquiries/{id}/notes" | "/api/v1/enquiries/{id}/notes") => Some(MEMBER_WRITERS),
        // Time against an enquiry from its page: those who work on enquiries (all log time).
        ("POST", "/enquiries/{id}/time") => Some(MEMBER_WRITERS),
        ("GET" | "POST", "/enquiries/phone")
        | ("POST", "/enquiries/{id}/take" | "/enquiries/{id}/release" | "/enquiries/{id}/close") => {
            Some(MEMBER_WRITERS)
        }
        ("POST", "/api/v1/enquiries/phone" | "/api/v1/enquiries/{id}/close")
        | ("PUT", "/api/v1/enquiries/{id}/assignee") => Some(MEMBER_WRITERS),
        ("POST", "/api/v1/enquiries/inbound") => Some(ADMINS),
        // Finishing the record: linking to a member is working on the enquiry; downloading what
        // the sender sent is seeing it. The fixture ids name no enquiry or file (404), and the
        // empty form or body is refused (422), past the gate.
        ("POST", "/enquiries/{id}/member") | ("PUT", "/api/v1/enquiries/{id}/member") => Some(MEMBER_WRITERS),
        (
            "GET",
            "/enquiries/{id}/attachments/{attachment}"
            | "/enquiries/{id}/messages/{message}/original"
            | "/api/v1/enquiries/{id}/attachments/{attachment_id}"
            | "/api/v1/enquiries/{id}/messages/{message_id}/original",
        ) => Some(MEMBER_WRITERS),
        ("POST", "/enquiries/{id}/reply" | "/api/v1/enquiries/{id}/replies") => Some(MEMBER_WRITERS),
        ("POST", "/enquiries/{id}/assign" | "/api/v1/enquiries/{id}/assign")
        | ("GET", "/api/v1/enquiries/{id}/suggested-assignees") => Some(MEMBER_WRITERS),
        ("GET", "/enquiries/templates" | "/api/v1/reply-templates" | "/api/v1/reply-templates/{id}") => {
            Some(MEMBER_WRITERS)
        }
        ("GET", "/enquiries/templates/{id}")
        | ("POST", "/enquiries/templates" | "/enquiries/templates/{id}" | "/api/v1/reply-templates")
        | ("PUT", "/api/v1/reply-templates/{id}") => Some(SETTINGS_KEEPERS),
        ("GET", "/enquiries/settings" | "/api/v1/enquiry-settings")
        | ("POST", "/enquiries/settings/{id}")
        | ("PUT", "/api/v1/enquiry-settings/{id}") => Some(SETTINGS_KEEPERS),
        ("GET", "/enquiries/routing" | "/api/v1/routing-rules")
        | ("POST", "/enquiries/routing" | "/enquiries/routing/{id}/delete" | "/api/v1/routing-rules")
        | ("DELETE", "/api/v1/routing-rules/{id}") => Some(SETTINGS_KEEPERS),
        // Named queues: kept by those who keep the rules (the fixture id names no queue: 404;
        // the empty form and body are refused: 422), listed to everyone who sees enquiries.
        ("POST", "/enquiries/queues" | "/enquiries/queues/{id}/delete" | "/api/v1/enquiry-queues")
        | ("DELETE", "/api/v1/enquiry-queues/{id}") => Some(SETTINGS_KEEPERS),
        ("GET", "/api/v1/enquiry-queues") => Some(MEMBER_WRITERS),
        (
            "PUT",
            "/api/v1/regions/{id}" | "/api/v1/branches/{id}" | "/api/v1/employers/{id}" | "/api/v1/workplaces/{id}",
        ) => Some(ADMINS),
        ("GET", "/admin/users" | "/admin/audit" | "/api/v1/users" | "/api/v1/audit")
        | ("POST", "/admin/users" | "/api/v1/users") => Some(ADMINS),
        // Cases API. Who reaches which case file is the use cases' business (a rep or lawyer
        // only the cases they are on; see cases_api.rs): this is the gate's answer.
        ("GET", "/api/v1/cases" | "/api/v1/cases/{id}" | "/api/v1/case-settings")
        | ("POST", "/api/v1/cases/{id}/entries" | "/api/v1/cases/{id}/stage-check")
        | ("POST", "/api/v1/cases/{id}/close" | "/api/v1/cases/{id}/reopen")
        | ("PUT", "/api/v1/cases/{id}/stage") => Some(EVERYONE),
        // Reps may open cases; promoting an enquiry also needs WorkOnEnquiry, which the use
        // case checks (a rep gets 403 there, once the body is valid).
        ("POST", "/api/v1/cases" | "/api/v1/enquiries/{id}/promote") => Some(MEMBER_READERS),
        ("POST", "/api/v1/cases/{id}/team")
        | ("DELETE", "/api/v1/cases/{id}/team/{user_id}")
        | ("PUT", "/api/v1/cases/{id}/escalation") => Some(&[Admin, Officer, Caseworker] as &[Role]),
        ("PUT", "/api/v1/case-settings") => Some(ADMINS),
        // Escalation over the API. The fixture ids name no case, referral or rule the caller
        // may reach, so allowed roles get 404 (or 422 for the empty body) past the gate.
        ("GET", "/api/v1/cases/{id}/escalation") | ("PUT", "/api/v1/cases/{id}/risk") => Some(EVERYONE),
        ("POST", "/api/v1/cases/{id}/referrals" | "/api/v1/cases/{id}/lawyers") => {
            Some(&[Admin, Officer, Caseworker] as &[Role])
        }
        ("POST", "/api/v1/cases/{id}/referrals/{referral_id}/decision") => Some(&[Officer] as &[Role]),
        ("GET" | "POST", "/api/v1/case-settings/guidance") | ("DELETE", "/api/v1/case-settings/guidance/{rule_id}") => {
            Some(ADMINS)
        }
        // Case pages. A rep or lawyer not on the fixture case gets 404 from the use case,
        // which counts as allowed here (as scope misses do).
        ("GET", "/cases" | "/cases/{id}")
        | ("POST", "/cases/{id}/entries" | "/cases/{id}/stage" | "/cases/{id}/close" | "/cases/{id}/reopen") => {
            Some(EVERYONE)
        }
        ("GET", "/cases/new") | ("POST", "/cases") => Some(MEMBER_READERS),
        // The gate asks OpenCase; the use case also needs WorkOnEnquiry, so reps get 403 there.
        ("POST", "/enquiries/{id}/promote") => Some(MEMBER_WRITERS),
        ("POST", "/cases/{id}/team" | "/cases/{id}/team/{user}/remove" | "/cases/{id}/escalation") => {
            Some(&[Admin, Officer, Caseworker] as &[Role])
        }
        // Finding a case: everyone who has cases; the search shows only what each may open.
        ("GET", "/cases/search") => Some(EVERYONE),
        ("GET" | "POST", "/admin/case-settings") => Some(ADMINS),
        // Workload: branch secretaries (caseworkers) and officers see it; officers set the
        // thresholds. Wellbeing records are one's own: everyone but external lawyers.
        ("GET", "/workload") => Some(&[Admin, Officer, Caseworker] as &[Role]),
        ("POST", "/workload/thresholds") => Some(SETTINGS_KEEPERS),
        ("GET" | "POST", "/wellbeing") => Some(MEMBER_READERS),
        // The same over the API. Branch 999999 names no branch (404 past the gate) and the
        // empty body is refused (422), both allowed here.
        ("GET", "/api/v1/workload") => Some(&[Admin, Officer, Caseworker] as &[Role]),
        ("PUT", "/api/v1/workload/thresholds/{branch_id}") => Some(SETTINGS_KEEPERS),
        ("GET" | "POST", "/api/v1/wellbeing") => Some(MEMBER_READERS),
        // Escalation on the case page: stakes by anyone working the case, the referral and
        // the external lawyer by those who manage the team, the decision by officers only.
        ("POST", "/cases/{id}/risk") => Some(EVERYONE),
        ("POST", "/cases/{id}/referrals" | "/cases/{id}/lawyers") => Some(&[Admin, Officer, Caseworker] as &[Role]),
        ("POST", "/cases/{id}/referrals/{referral}/decision") => Some(&[Officer] as &[Role]),
        ("POST", "/admin/case-settings/guidance" | "/admin/case-settings/guidance/{rule}/delete") => Some(ADMINS),
        // Deadlines, tasks and meetings on the fixture case: the use cases answer 404 (not on
        // the team, or no such deadline or meeting) or 422, which count as allowed here.
        ("POST", "/cases/{id}/deadlines" | "/cases/{id}/deadlines/{deadline}/done")
        | ("GET" | "POST", "/cases/{id}/deadlines/calculate")
        | ("POST", "/cases/{id}/meetings" | "/cases/{id}/meetings/{meeting}/outcome") => Some(EVERYONE),
        ("GET" | "POST", "/admin/users/{id}/cases") => Some(&[Admin, Officer, Caseworker] as &[Role]),
        // Deadlines, meetings and calendars over the API and as .ics. The fixture case's team
        // is empty, so reps and lawyers get 404 from the use cases (allowed past the gate), as
        // does everyone for the nonexistent deadline and meeting ids below.
        ("GET", "/api/v1/cases/{id}/deadlines" | "/api/v1/cases/{id}/meetings" | "/api/v1/me/due")
        | ("POST", "/api/v1/cases/{id}/deadlines" | "/api/v1/cases/{id}/deadlines/calculated")
        | ("POST", "/api/v1/cases/{id}/deadlines/{deadline_id}/done" | "/api/v1/cases/{id}/meetings")
        | ("PUT", "/api/v1/cases/{id}/meetings/{meeting_id}/outcome")
        | ("POST", "/api/v1/me/calendar-feed")
        | ("GET", "/cases/{id}/meetings/{meeting}/ics")
        | ("GET" | "POST", "/account/calendar-feed") => Some(EVERYONE),
        // The secret in the address is the credential; a wrong one is 404.
        ("GET", "/calendar/{file}") => None,
        // Time off: people's own requests (not lawyers'); the fixture id names no request, so
        // allowed roles get 404 (or 422 for the empty form or body) past the gate.
        ("GET", "/time-off" | "/time-off/new" | "/time-off/{id}" | "/time-off/{id}/edit" | "/time-off/{id}/print")
        | ("POST", "/time-off" | "/time-off/{id}" | "/time-off/{id}/submit" | "/time-off/{id}/withdraw")
        | ("POST", "/time-off/{id}/send")
        | ("GET", "/api/v1/time-off" | "/api/v1/time-off/{id}")
        | ("POST", "/api/v1/time-off" | "/api/v1/time-off/{id}/submit" | "/api/v1/time-off/{id}/withdraw")
        | ("POST", "/api/v1/time-off/{id}/send")
        | ("PUT", "/api/v1/time-off/{id}") => Some(MEMBER_READERS),
        // The employer's manager has no account: the link's secret is the credential.
        ("GET" | "POST", "/time-off/approve/{token}") => None,
        // A training request's syllabus file: the fixture id names no request (404), and an
        // upload that is not multipart is refused (415), past the gate. Through the manager's
        // link the secret is the credential (an unknown one is 404).
        ("GET", "/time-off/{id}/syllabus" | "/api/v1/time-off/{id}/syllabus")
        | ("POST", "/time-off/{id}/syllabus" | "/time-off/{id}/syllabus/remove")
        | ("PUT" | "DELETE", "/api/v1/time-off/{id}/syllabus") => Some(MEMBER_READERS),
        ("GET", "/time-off/approve/{token}/syllabus") => None,
        // Documents and letters on the fixture case. Reps and lawyers are not on its team, so
        // the use cases answer 404; for the others the empty upload is refused (415), the
        // document id names nothing and "regions" is no letter (404): allowed past the gate.
        ("POST", "/cases/{id}/documents" | "/api/v1/cases/{id}/documents" | "/cases/{id}/letters/{kind}/save")
        | (
            "GET",
            "/cases/{id}/documents/{document}" | "/cases/{id}/letters/{kind}" | "/cases/{id}/letters/{kind}/docx",
        )
        | ("GET", "/api/v1/cases/{id}/documents" | "/api/v1/cases/{id}/documents/{document_id}") => Some(EVERYONE),
        // Union time: everyone but lawyers logs their own; the fixture case's team is empty,
        // so its quick form answers 404 past the gate, and the entry ids name nothing (404).
        ("GET" | "POST", "/time" | "/api/v1/time")
        | ("POST", "/time/{entry}/delete" | "/cases/{id}/time" | "/api/v1/cases/{id}/time")
        | ("DELETE", "/api/v1/time/{entry_id}") => Some(MEMBER_READERS),
        ("GET" | "POST", "/admin/users/{id}/profile") | ("GET" | "PUT", "/api/v1/users/{id}/profile") => {
            Some(SETTINGS_KEEPERS)
        }
        // Training records: officers and administrators keep them (the record ids name nothing:
        // 404 past the gate; the fixture id may be the administrator's own, which they may not
        // change: 409 past the gate); everyone reads their own.
        ("GET" | "POST", "/admin/users/{id}/training" | "/api/v1/users/{id}/training")
        | ("POST", "/admin/users/{id}/training/{record}/remove")
        | ("DELETE", "/api/v1/users/{id}/training/{record_id}") => Some(SETTINGS_KEEPERS),
        ("GET", "/training" | "/api/v1/me/training") => Some(EVERYONE),
        // Facility-time publication figures: officers and administrators. Without parameters
        // the page and CSV show the first employer's last complete period, the API asks for
        // them (400) and the empty pay-bill form is refused field by field (422).
        ("GET", "/facility-time" | "/facility-time.csv" | "/api/v1/facility-time")
        | ("POST", "/facility-time/pay-bill")
        | ("PUT", "/api/v1/employers/{id}/pay-bills/{period_start}") => Some(SETTINGS_KEEPERS),
        // Employers' time-off notice rules: officers (for their scope's employers) and
        // administrators. The page shows the first employer; the empty form names no employer
        // (404) and the empty body is refused field by field (422).
        ("GET" | "POST", "/time-off/notice-rule") | ("GET" | "PUT", "/api/v1/employers/{id}/time-off-rule") => {
            Some(SETTINGS_KEEPERS)
        }
        _ => return None,
    };
    Some(rule)
}

fn concrete_path(app: &TestApp, path: &str) -> String {
    // Case pages get the fixture case (no one on its team), so their handlers really run.
    let id = if path.starts_with("/cases/") { app.case_here.to_string() } else { app.member_here.to_string() };
    path.replace("{id}", &id)
        .replace("/calendar/{file}", "/calendar/no-such-feed.ics")
        .replace("{file}", "app.css")
        .replace("{token}", "no-such-token")
        .replace("{rule}", "appeal_window")
        .replace("{kind}", "regions")
        .replace("{user_id}", "1")
        .replace("{user}", "1")
        // No such deadline or meeting: 404 past the gate, like other ids.
        .replace("{deadline}", "999999")
        .replace("{meeting}", "999999")
        .replace("{deadline_id}", "999999")
        .replace("{meeting_id}", "999999")
        .replace("{document}", "999999")
        .replace("{attachment}", "999999")
        .replace("{attachment_id}", "999999")
        .replace("{message}", "999999")
        .replace("{message_id}", "999999")
        .replace("{document_id}", "999999")
        // No such referral or guidance rule either.
        .replace("{referral}", "999999")
        .replace("{referral_id}", "999999")
        .replace("{rule_id}", "999999")
        .replace("{entry}", "999999")
        .replace("{entry_id}", "999999")
        .replace("{record}", "999999")
        .replace("{record_id}", "999999")
        .replace("{branch_id}", "999999")
        .replace("{period_start}", "2025-04-01")
}

async fn request_as(app: &TestApp, role: Option<Role>, method: &Method, path: &str) -> (StatusCode, String) {
    let uri = concrete_path(app, path);
    let mut request = Request::builder().method(method.clone()).uri(&uri);
    let api = uri.starts_with("/api/");
    if let Some(role) = role {
        let creds = &app.users[&role];
        request = if api {
            request.header(header::AUTHORIZATION, format!("Bearer {}", creds.token))
        } else {
            request.header(header::COOKIE, &creds.cookie)
        };
    }
    let body = match (api, method == Method::GET) {
        (_, true) => Body::empty(),
        (true, false) => {
            request = request.header(header::CONTENT_TYPE, "application/json");
            Body::from("{}")
        }
        (false, false) => {
            request = request.header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
            let csrf = role.map(|r| app.users[&r].csrf.clone()).unwrap_or_default();
            Body::from(format!("csrf_token={csrf}"))
        }
    };
    let reply = app.send(request.body(body).unwrap()).await;
    let location = reply.headers.get(header::LOCATION).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    (reply.status, location)
}

#[tokio::test]
async fn every_route_answers_every_role_as_the_table_says() {
    let app = spawn_app().await;
    let mut routes = route_table();
    // Signing out ends the session the other rows rely on, so those rows go last.
    routes.sort_by_key(|route| route.path.starts_with("/logout"));
    routes.sort_by_key(|route| route.path == "/logout/everywhere");
    let mut failures = Vec::new();
    for route in &routes {
        let Some(rule) = expected_roles(&route.method, route.path) else {
            failures.push(format!("{} {} has no row in the authorisation matrix", route.method, route.path));
            continue;
        };
        match (rule, route.access) {
            (None, Access::Public) | (Some(_), Access::SignedIn(_)) => {}
            _ => failures.push(format!("{} {}: the router's access differs from the matrix", route.method, route.path)),
        }
        let api = route.path.starts_with("/api/");
        let (status, location) = request_as(&app, None, &route.method, route.path).await;
        let anonymous_ok = match rule {
            None => status.as_u16() < 500 && status != StatusCode::UNAUTHORIZED,
            Some(_) if api => status == StatusCode::UNAUTHORIZED,
            Some(_) => status == StatusCode::SEE_OTHER && location.starts_with("/login"),
        };
        if !anonymous_ok {
            failures.push(format!("{} {} signed out: got {status}", route.method, route.path));
        }
        for role in Role::ALL {
            let (status, _) = request_as(&app, Some(role), &route.method, route.path).await;
            let ok = if rule.is_none() {
                // Public routes have no role rule; only the login form's own CSRF check may refuse.
                status.as_u16() < 500 && status != StatusCode::UNAUTHORIZED
            } else if rule.is_some_and(|roles| roles.contains(&role)) {
                status.as_u16() < 500 && status != StatusCode::FORBIDDEN && status != StatusCode::UNAUTHORIZED
            } else {
                status == StatusCode::FORBIDDEN
            };
            if !ok {
                let allowed = rule.is_none_or(|roles| roles.contains(&role));
                let verdict = if allowed { "allowed" } else { "refused (403)" };
                failures.push(format!("{} {} as {role:?}: expected {verdict}, got {status}", route.method, route.path));
            }
        }
    }
    assert!(failures.is_empty(), "authorisation matrix failures:\n{}", failures.join("\n"));
}

#[tokio::test]
async fn ids_outside_a_scope_read_as_not_found_in_pages_and_api() {
    let app = spawn_app().await;
    // Test-owned expectations: the officer's region, the caseworker's and staff's branch and
    // the rep's workplace all hold `member_here` only; the lawyer may see no member at all.
    let elsewhere = app.member_elsewhere;
    for role in [Role::Rep, Role::Caseworker, Role::Staff, Role::Officer] {
        let mut paths = vec![format!("/members/{elsewhere}")];
        if role != Role::Rep {
            paths.push(format!("/members/{elsewhere}/edit")); // reps may not edit at all: 403, in the matrix
        }
        for path in paths {
            let reply = app.get_page(Some(role), &path).await;
            assert_eq!(reply.status, StatusCode::NOT_FOUND, "{role:?} {path}");
            assert!(!reply.body.contains("Faraway"), "{role:?} {path} leaked the member");
        }
        let reply = app.api(Some(role), Method::GET, &format!("/api/v1/members/{elsewhere}"), None).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{role:?} API");
        assert!(!reply.body.contains("Faraway"));
        if role != Role::Rep {
            let body = serde_json::json!({
                "membership_number": "T000002", "first_name": "Fola", "last_name": "Changed",
                "workplace_id": app.org.workplace.0, "joined_on": "2020-01-15"
            });
            let reply = app.api(Some(role), Method::PUT, &format!("/api/v1/members/{elsewhere}"), Some(body)).await;
            assert_eq!(reply.status, StatusCode::NOT_FOUND, "{role:?} may not change a member outside their scope");
        }
        let list = app.api(Some(role), Method::GET, "/api/v1/members?per_page=100", None).await;
        assert!(!list.body.contains("Faraway"), "{role:?} list leaked the member");
        let page = app.get_page(Some(role), "/members?q=faraway").await;
        assert!(!page.body.contains("Faraway"), "{role:?} search leaked the member");
        let visible = app.api(Some(role), Method::GET, &format!("/api/v1/members/{}", app.member_here), None).await;
        assert_eq!(visible.status, StatusCode::OK, "{role:?} sees the member in scope");
    }
    for id in [app.member_here, elsewhere] {
        let reply = app.api(Some(Role::Lawyer), Method::GET, &format!("/api/v1/members/{id}"), None).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "lawyers see no members");
        assert!(!reply.body.contains("Nearby") && !reply.body.contains("Faraway"));
    }
    let admin = app.api(Some(Role::Admin), Method::GET, &format!("/api/v1/members/{elsewhere}"), None).await;
    assert_eq!(admin.status, StatusCode::OK);
}
