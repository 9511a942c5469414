//! Two `steward serve` processes on one PostgreSQL database, sharing no memory: a session made
//! on one works on the other, and sign-in throttling holds across both.

use crate::server::{agent, Backend, Server};

/// Signs in through the login form; returns the session cookie, or the status on refusal.
fn sign_in(agent: &ureq::Agent, base: &str, email: &str, password: &str) -> Result<String, u16> {
    let page = agent.get(&format!("{base}/login")).call().unwrap();
    let csrf_cookie = page
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("steward_login_csrf="))
        .and_then(|v| v.split(';').next())
        .unwrap()
        .to_owned();
    let token = csrf_cookie.trim_start_matches("steward_login_csrf=").to_owned();
    let no_redirects: ureq::Agent =
        ureq::Agent::config_builder().http_status_as_error(false).max_redirects(0).build().into();
    let response = no_redirects
        .post(&format!("{base}/login"))
        .header("Cookie", &csrf_cookie)
        .send_form([("email", email), ("password", password), ("csrf_token", token.as_str()), ("next", "/members")])
        .unwrap();
    if response.status() != 303 {
        return Err(response.status().as_u16());
    }
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("steward_session="))
        .and_then(|v| v.split(';').next())
        .map(str::to_owned)
        .ok_or(0)
}

#[test]
fn sessions_and_lockouts_hold_across_two_instances() {
    let Some(backend) = Backend::postgres() else {
        eprintln!("STEWARD_TEST_POSTGRES_URL is not set: two-instance test skipped");
        return;
    };
    backend.seed();
    let (first, second) = (Server::start(&backend.url), Server::start(&backend.url));
    let agent = agent();

    let cookie = sign_in(&agent, &first.base, "officer@example.org", "demo-password-2026").unwrap();
    let no_redirects: ureq::Agent =
        ureq::Agent::config_builder().http_status_as_error(false).max_redirects(0).build().into();
    let on_second = no_redirects.get(&format!("{}/members", second.base)).header("Cookie", &cookie).call().unwrap();
    assert_eq!(on_second.status(), 200, "a session made on the first instance works on the second");

    for attempt in 0..5 {
        let base = if attempt % 2 == 0 { &first.base } else { &second.base };
        assert_eq!(sign_in(&agent, base, "rep@example.org", "wrong password"), Err(401));
    }
    for server in [&first, &second] {
        let locked = sign_in(&agent, &server.base, "rep@example.org", "demo-password-2026");
        assert_eq!(locked, Err(429), "the lockout holds on {}", server.base);
    }
    println!("two instances (postgres): session shared, lockout after 5 failures split across both instances");
}
