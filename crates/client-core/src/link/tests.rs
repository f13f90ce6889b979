use super::*;

fn open_link() -> (Link, u64) {
    let mut link = Link::new();
    let g = link.connect();
    assert!(link.socket_opened(g));
    assert!(link.welcomed(g));
    (link, g)
}

#[test]
fn happy_path_reports_ready_once() {
    let (mut link, g) = open_link();
    assert_eq!(link.status(), LinkStatus::Open);
    // An in-band re-auth is welcomed again but is not a new "ready".
    assert!(!link.welcomed(g));
    assert_eq!(link.closed(g), CloseAction::Reconnect);
    assert_eq!(link.status(), LinkStatus::Reconnecting);
    let g2 = link.connect();
    assert!(link.socket_opened(g2));
    assert!(!link.welcomed(g2));
}

#[test]
fn stale_sockets_are_ignored() {
    let mut link = Link::new();
    let old = link.connect();
    let new = link.connect();
    assert!(!link.is_current(old));
    assert!(!link.socket_opened(old));
    assert_eq!(link.closed(old), CloseAction::Ignore);
    assert!(!link.welcomed(old));
    assert!(link.socket_opened(new));
    assert_eq!(link.phase(), Phase::Authenticating);
}

#[test]
fn refused_tokens_are_refreshed_a_bounded_number_of_times() {
    let mut link = Link::new();
    let g = link.connect();
    link.socket_opened(g);
    assert_eq!(
        link.token_refused(g, ErrorCode::TokenExpired, true, 0.0),
        AuthDecision::Refresh { delay_ms: 0 }
    );
    assert_eq!(link.phase(), Phase::AwaitingToken);
    // The server closes the refused socket: no reconnect, the token fetch will connect.
    assert_eq!(link.closed(g), CloseAction::AwaitToken);
    assert!(link.should_connect());
    let mut last = g;
    for _ in 1..crate::token::MAX_AUTH_ATTEMPTS {
        link.new_token_supplied();
        last = link.connect();
        link.socket_opened(last);
        let decision = link.token_refused(last, ErrorCode::TokenBadSignature, true, 0.0);
        assert!(matches!(decision, AuthDecision::Refresh { delay_ms } if delay_ms > 0));
    }
    link.new_token_supplied();
    let g4 = link.connect();
    link.socket_opened(g4);
    assert_eq!(
        link.token_refused(g4, ErrorCode::TokenWrongApp, true, 0.0),
        AuthDecision::Terminate {
            code: ErrorCode::TokenWrongApp
        }
    );
    assert_eq!(link.status(), LinkStatus::Offline);
    assert_eq!(link.closed(g4), CloseAction::Stay);
    assert_eq!(
        link.token_refused(last, ErrorCode::TokenExpired, true, 0.0),
        AuthDecision::Ignore
    );
}

#[test]
fn a_fixed_token_gives_up_at_once() {
    let mut link = Link::new();
    let g = link.connect();
    link.socket_opened(g);
    assert_eq!(link.auth_rejected(g, false), AuthRejection::GiveUp);
    assert_eq!(link.phase(), Phase::Stopped);
    link.new_token_supplied();
    assert!(link.should_connect());
}

#[test]
fn a_welcome_resets_the_refresh_allowance() {
    let mut link = Link::new();
    let g = link.connect();
    link.socket_opened(g);
    assert_eq!(link.auth_rejected(g, true), AuthRejection::Refresh);
    let g2 = link.connect();
    link.socket_opened(g2);
    link.welcomed(g2);
    // Later, in-band re-auths are refused: refresh again, the socket stays open.
    for _ in 0..crate::token::MAX_AUTH_ATTEMPTS {
        assert_eq!(link.auth_rejected(g2, true), AuthRejection::Refresh);
        assert_eq!(link.phase(), Phase::Open);
    }
    assert_eq!(link.auth_rejected(g2, true), AuthRejection::GiveUp);
    assert_eq!(link.phase(), Phase::Open);
}

#[test]
fn stop_makes_the_socket_stale() {
    let (mut link, g) = open_link();
    link.stop();
    assert_eq!(link.closed(g), CloseAction::Ignore);
    assert_eq!(link.status(), LinkStatus::Offline);
}

#[test]
fn status_before_the_first_welcome_is_connecting() {
    let mut link = Link::new();
    assert_eq!(link.status(), LinkStatus::Connecting);
    link.await_token();
    assert_eq!(link.status(), LinkStatus::Connecting);
    let g = link.connect();
    assert_eq!(link.closed(g), CloseAction::Reconnect);
    assert_eq!(link.status(), LinkStatus::Reconnecting);
}
