//! A test app with one user per role, and helpers named after what people do.

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use axum::Router;
use chrono::Utc;
use steward_app::cases::OpenCaseForm;
use steward_app::ports::CaseId;
use steward_app::users::UserDraft;
use steward_domain::ids::MemberId;
use steward_domain::role::Role;
use steward_test_support::{context, member_draft, seed_org, Org, TestDb};
use steward_web::{router, AppState, WebConfig};
use tower::ServiceExt;

pub const PASSWORD: &str = "a long enough password";

/// Credentials of one signed-in user: a session (cookie + CSRF token) and an API token.
#[derive(Clone)]
pub struct Credentials {
    pub cookie: String,
    pub csrf: String,
    pub token: String,
}

pub struct TestApp {
    pub router: Router,
    /// Kept alive so the temporary database outlives the router.
    _test_db: TestDb,
    /// Where the router's file store keeps documents, removed with the app.
    _files_dir: tempfile::TempDir,
    pub org: Org,
    pub users: HashMap<Role, Credentials>,
    /// A member at `org.workplace` (inside the rep's scope).
    pub member_here: MemberId,
    /// A member at `org.other_workplace` (outside the rep's and caseworker's scope).
    pub member_elsewhere: MemberId,
    /// A disciplinary case for `member_here`, opened by the command line: nobody is on its
    /// team, so reps and lawyers cannot open it.
    pub case_here: CaseId,
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: String,
}

impl Reply {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|_| panic!("not JSON: {}", self.body))
    }
}

/// Scope each role is given in tests: reps and caseworkers are scoped to the first
/// workplace and branch, so the second region is outside their reach.
pub fn scope_for(role: Role, org: &Org) -> String {
    match role {
        Role::Rep => format!("workplace:{}", org.workplace),
        Role::Caseworker | Role::Staff => format!("branch:{}", org.branch),
        Role::Officer => format!("region:{}", org.region),
        Role::Admin | Role::Lawyer => "union".into(),
    }
}

pub async fn spawn_app() -> TestApp {
    let test_db = steward_test_support::sqlite().await;
    let db = &test_db.db;
    let org = seed_org(db).await;
    let admin = context(Role::Admin, steward_domain::organisation::Scope::Union);
    let member_here =
        steward_app::members::create_member(db, &admin, &member_draft(1, "Hana", "Nearby", org.workplace))
            .await
            .unwrap();
    let member_elsewhere =
        steward_app::members::create_member(db, &admin, &member_draft(2, "Fola", "Faraway", org.other_workplace))
            .await
            .unwrap();
    let case_here = open_fixture_case(db, &admin).await;
    let mut users = HashMap::new();
    for role in Role::ALL {
        let email = format!("{}@example.org", role.as_str());
        let draft = UserDraft {
            email: email.clone(),
            name: format!("Test {}", role.label()),
            role: role.as_str().into(),
            scope: scope_for(role, &org),
            password: PASSWORD.into(),
        };
        steward_app::users::create_user_unchecked(db, &draft, Utc::now()).await.unwrap();
        let session = steward_app::auth::login(db, &email, PASSWORD, None, Utc::now()).await.unwrap();
        let token = steward_app::auth::create_api_token(db, &email, "tests", Utc::now()).await.unwrap();
        users.insert(
            role,
            Credentials {
                cookie: format!("steward_session={}", session.session_token),
                csrf: session.csrf_token,
                token,
            },
        );
    }
    let files_dir = tempfile::tempdir().unwrap();
    let files = Arc::new(steward_store::LocalFileStore::new(files_dir.path().join("files")));
    let state = AppState::new(Arc::new(db.clone()), files, WebConfig::default());
    TestApp {
        router: router(state),
        _test_db: test_db,
        _files_dir: files_dir,
        org,
        users,
        member_here,
        member_elsewhere,
        case_here,
    }
}

async fn open_fixture_case(db: &steward_store::Db, admin: &steward_app::RequestContext) -> CaseId {
    // User id 0 acts with the server's own authority, so the case has no team.
    let ctx = steward_app::RequestContext {
        actor: steward_domain::permissions::Actor { user_id: steward_domain::ids::UserId(0), ..admin.actor },
        ..admin.clone()
    };
    let form = OpenCaseForm {
        title: "Fixture: lateness warning".into(),
        case_type: "disciplinary".into(),
        membership_number: "T000001".into(),
        problem_arose_on: "2024-06-03".into(),
        complexity: "2".into(),
        emotional_load: "2".into(),
        ..OpenCaseForm::default()
    };
    steward_app::cases::open_case(db, &ctx, &form).await.unwrap().0
}

impl TestApp {
    /// Where the router's file store keeps documents.
    pub fn files_dir(&self) -> &std::path::Path {
        self._files_dir.path()
    }

    /// The database behind the router, for checking what a request stored.
    pub fn db(&self) -> &steward_store::Db {
        &self._test_db.db
    }

    pub async fn send(&self, request: Request<Body>) -> Reply {
        let response = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = axum::body::to_bytes(response.into_body(), 10 * 1024 * 1024).await.unwrap();
        Reply { status, headers, body: String::from_utf8_lossy(&bytes).into_owned() }
    }

    pub async fn get_page(&self, role: Option<Role>, path: &str) -> Reply {
        let mut request = Request::get(path);
        if let Some(role) = role {
            request = request.header(header::COOKIE, &self.users[&role].cookie);
        }
        self.send(request.body(Body::empty()).unwrap()).await
    }

    /// Submits a form as a signed-in user, with their CSRF token added.
    pub async fn post_form(&self, role: Role, path: &str, fields: &[(&str, &str)]) -> Reply {
        let creds = &self.users[&role];
        let mut all: Vec<(&str, &str)> = fields.to_vec();
        all.push(("csrf_token", &creds.csrf));
        let body = serde_urlencoded::to_string(&all).unwrap();
        let request = Request::post(path)
            .header(header::COOKIE, &creds.cookie)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body))
            .unwrap();
        self.send(request).await
    }

    pub async fn api(&self, role: Option<Role>, method: Method, path: &str, json: Option<serde_json::Value>) -> Reply {
        let mut request = Request::builder().method(method).uri(path);
        if let Some(role) = role {
            request = request.header(header::AUTHORIZATION, format!("Bearer {}", self.users[&role].token));
        }
        let body = match json {
            Some(value) => {
                request = request.header(header::CONTENT_TYPE, "application/json");
                Body::from(value.to_string())
            }
            None => Body::empty(),
        };
        self.send(request.body(body).unwrap()).await
    }

    /// The login form's double-submit cookie and the token its hidden field carries.
    pub async fn login_form_csrf(&self) -> (String, String) {
        let page = self.get_page(None, "/login").await;
        let csrf_cookie = page
            .headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|v| v.starts_with("steward_login_csrf="))
            .and_then(|v| v.split(';').next())
            .unwrap()
            .to_owned();
        let token = csrf_cookie.trim_start_matches("steward_login_csrf=").to_owned();
        (csrf_cookie, token)
    }

    /// Signs in through the login form, as a browser does; returns the session cookie.
    pub async fn login_through_form(&self, email: &str, password: &str) -> Reply {
        let (csrf_cookie, csrf) = self.login_form_csrf().await;
        let body = serde_urlencoded::to_string([
            ("email", email),
            ("password", password),
            ("csrf_token", &csrf),
            ("next", "/members"),
        ])
        .unwrap();
        let request = Request::post("/login")
            .header(header::COOKIE, csrf_cookie)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body))
            .unwrap();
        self.send(request).await
    }
}

pub fn session_cookie(reply: &Reply) -> Option<String> {
    reply
        .headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("steward_session=") && !v.starts_with("steward_session=;"))
        .and_then(|v| v.split(';').next())
        .map(str::to_owned)
}
