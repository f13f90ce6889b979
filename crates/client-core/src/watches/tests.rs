use super::*;

type TestWatches = Watches<&'static str, u32, &'static str>;

fn same(a: &u32, b: &u32) -> bool {
    a == b
}

#[test]
fn equal_topics_share_one_watch_and_the_last_listener_unwatches() {
    let mut w = TestWatches::default();
    w.add(1, "user:alice".into(), "topic A", "first");
    w.add(2, "user:alice".into(), "topic A", "second");
    assert_eq!(w.due(0), [("w1".to_owned(), "topic A")], "one upstream");
    w.written("w1", 10);
    assert!(w.due(0).is_empty(), "in flight");
    w.on_watching("w1", 10, 5, same);
    assert_eq!(w.take_updates(), [("first", 5), ("second", 5)]);
    w.remove(1);
    assert!(w.take_unwatch().is_empty(), "a listener is left");
    w.remove(2);
    assert_eq!(w.take_unwatch(), ["w1"]);
    w.remove(2);
    assert_eq!(w.listeners(), 0, "removing twice is harmless");
}

#[test]
fn a_late_listener_gets_the_latest_snapshot_at_once() {
    let mut w = TestWatches::default();
    w.add(1, "k".into(), "t", "a");
    w.written("w1", 1);
    w.on_watching("w1", 1, 1, same);
    w.on_snapshot("w1", 2);
    assert_eq!(w.take_updates(), [("a", 2)], "the latest wins");
    w.add(2, "k".into(), "t", "b");
    assert!(w.dirty());
    assert_eq!(w.take_updates(), [("b", 2)]);
    assert!(w.due(0).is_empty(), "no second watch");
}

#[test]
fn after_a_reconnect_the_topic_is_watched_again_and_an_equal_snapshot_is_not_repeated() {
    let mut w = TestWatches::default();
    w.add(1, "k".into(), "t", "a");
    w.written("w1", 1);
    w.on_watching("w1", 1, 7, same);
    w.take_updates();
    w.connection_lost();
    assert_eq!(w.due(0), [("w1".to_owned(), "t")]);
    w.written("w1", 2);
    w.on_watching("w1", 2, 7, same);
    assert!(w.take_updates().is_empty(), "same snapshot");
    w.connection_lost();
    w.written("w1", 3);
    w.on_watching("w1", 3, 8, same);
    assert_eq!(w.take_updates(), [("a", 8)]);
}

#[test]
fn a_lone_listener_changing_topic_keeps_its_watch_id_and_drops_stale_snapshots() {
    let mut w = TestWatches::default();
    w.add(1, "limit:10".into(), "ten", "a");
    w.written("w1", 1);
    w.on_watching("w1", 1, 10, same);
    w.take_updates();
    w.set_topic(1, "limit:20".into(), "twenty");
    assert_eq!(w.due(0), [("w1".to_owned(), "twenty")], "same watch id");
    assert!(w.take_unwatch().is_empty());
    w.on_snapshot("w1", 11);
    assert!(w.take_updates().is_empty(), "a snapshot of the old topic");
    w.written("w1", 2);
    w.on_snapshot("w1", 12);
    assert!(w.take_updates().is_empty(), "still in flight");
    w.on_watching("w1", 2, 20, same);
    assert_eq!(w.take_updates(), [("a", 20)]);
}

#[test]
fn a_shared_listener_changing_topic_moves_to_another_upstream() {
    let mut w = TestWatches::default();
    w.add(1, "k1".into(), "t1", "a");
    w.add(2, "k1".into(), "t1", "b");
    w.written("w1", 1);
    w.set_topic(2, "k2".into(), "t2");
    assert_eq!(w.due(0), [("w2".to_owned(), "t2")]);
    w.set_topic(1, "k2".into(), "t2");
    assert_eq!(w.take_unwatch(), ["w1"], "w1 was in flight: unwatched");
}

#[test]
fn refusals_refresh_wait_or_end_the_listeners() {
    let mut w = TestWatches::default();
    w.add(1, "k".into(), "t", "a");
    w.add(2, "k".into(), "t", "b");
    w.written("w1", 1);
    assert!(matches!(
        w.failed("w1", 99, ErrorCode::Forbidden, None, 0),
        WatchFailure::Stale
    ));
    assert!(matches!(
        w.failed("w1", 1, ErrorCode::TokenExpired, None, 0),
        WatchFailure::RefreshToken
    ));
    assert_eq!(w.due(0).len(), 1, "watched again after the refresh");
    w.written("w1", 2);
    assert!(matches!(
        w.failed("w1", 2, ErrorCode::RateLimited, Some(300), 1_000),
        WatchFailure::Wait
    ));
    assert!(w.due(1_100).is_empty());
    assert_eq!(w.next_wakeup(1_100), Some(1_300));
    w.written("w1", 3);
    match w.failed("w1", 3, ErrorCode::Forbidden, None, 2_000) {
        WatchFailure::Ended(listeners) => assert_eq!(listeners, ["a", "b"]),
        other => panic!("expected the end, got {other:?}"),
    }
    assert_eq!(w.listeners(), 0);
    w.add(3, "k".into(), "t", "c");
    assert_eq!(
        w.due(0),
        [("w2".to_owned(), "t")],
        "the next listener watches anew"
    );
}

#[test]
fn end_hands_back_every_listener() {
    let mut w = TestWatches::default();
    w.add(1, "a".into(), "t", "x");
    w.add(2, "b".into(), "t", "y");
    assert_eq!(w.end(), ["x", "y"]);
    assert!(w.due(0).is_empty());
}
