//! Access: the admin route always behind the token, the decision routes behind it when
//! configured, the token from a file or the environment.

use delegat_serve::{Config, TokenSource};

use crate::support::{KVOT, TestServer, request, temp_dir, write_pack};

const TOKEN: &str = "hemlig-token-0123456789abcdef";

fn config_with_token(dir: &std::path::Path) -> Config {
    let token_file = dir.join("token");
    std::fs::write(&token_file, format!("{TOKEN}\n")).unwrap();
    let mut config = Config::new(vec![dir.to_owned()]);
    config.token = Some(TokenSource::File(token_file));
    config
}

#[test]
fn the_admin_route_needs_the_token() {
    let dir = temp_dir("admin");
    write_pack(&dir, "kvot", KVOT);
    let server = TestServer::start(config_with_token(&dir));
    let bearer = format!("Bearer {TOKEN}");
    let wrong = format!("Bearer {TOKEN}x");
    for headers in [
        vec![],
        vec![("Authorization", wrong.as_str())],
        vec![("Authorization", TOKEN)],
    ] {
        let r = request(server.addr, "POST", "/admin/ladda-om", &headers, b"");
        assert_eq!(r.status, 401, "{headers:?}");
        assert_eq!(r.code(), "E0534");
        assert_eq!(r.header("www-authenticate"), Some("Bearer"));
    }
    let r = request(
        server.addr,
        "POST",
        "/admin/ladda-om",
        &[("Authorization", &bearer)],
        b"",
    );
    assert_eq!(r.status, 200, "{}", r.text());
    // Decisions stay open unless configured otherwise.
    assert_eq!(
        server
            .post_json("/beslut/stöd", r#"{"inkomst": 1, "personer": 1}"#)
            .status,
        200
    );
}

#[test]
fn without_a_token_the_admin_route_is_closed() {
    let dir = temp_dir("closed");
    write_pack(&dir, "kvot", KVOT);
    let server = TestServer::over(&dir);
    let r = request(
        server.addr,
        "POST",
        "/admin/ladda-om",
        &[("Authorization", "Bearer x")],
        b"",
    );
    assert_eq!(r.status, 401);
    assert_eq!(r.code(), "E0534");
}

#[test]
fn decisions_behind_the_token_when_configured() {
    let dir = temp_dir("decisions-token");
    write_pack(&dir, "kvot", KVOT);
    let mut config = config_with_token(&dir);
    config.decisions_need_token = true;
    let server = TestServer::start(config);
    let case = br#"{"inkomst": 1, "personer": 1}"#;
    let json = ("Content-Type", "application/json");
    let r = request(server.addr, "POST", "/beslut/stöd", &[json], case);
    assert_eq!(r.status, 401);
    assert_eq!(r.code(), "E0534");
    let bearer = format!("Bearer {TOKEN}");
    let r = request(
        server.addr,
        "POST",
        "/beslut/stöd",
        &[json, ("Authorization", &bearer)],
        case,
    );
    assert_eq!(r.status, 200, "{}", r.text());
}

#[test]
fn a_short_or_missing_token_stops_the_start() {
    let dir = temp_dir("short");
    write_pack(&dir, "kvot", KVOT);
    std::fs::write(dir.join("token"), "kort\n").unwrap();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    for source in [
        TokenSource::File(dir.join("token")),
        TokenSource::File(dir.join("finns-inte")),
        TokenSource::Env("DELEGAT_SERVE_TEST_NO_SUCH_VARIABLE".to_owned()),
    ] {
        let mut config = Config::new(vec![dir.to_path_buf()]);
        config.address = "127.0.0.1:0".parse().unwrap();
        config.token = Some(source.clone());
        let err = rt
            .block_on(delegat_serve::Server::bind(config, None))
            .unwrap_err();
        assert!(err.to_string().contains("E0534"), "{source:?}: {err}");
    }
}
