use super::*;
use ListCommand::*;

fn items(n: u32) -> Option<Vec<u32>> {
    Some((0..n).collect())
}

fn connected_list() -> ListWindow<u32> {
    let mut w = ListWindow::new(CONVERSATIONS_INITIAL, 500);
    assert!(
        w.add_subscriber(1).is_empty(),
        "nothing to send while offline"
    );
    assert_eq!(w.connected(), [Watch { limit: 20 }]);
    w
}

#[test]
fn first_snapshot_is_the_first_twenty() {
    let mut w = connected_list();
    assert_eq!(
        w.on_watching(20, items(20), false),
        [Emit { subscriber: 1 }]
    );
    let (list, all) = w.snapshot(1).unwrap();
    assert_eq!(list.unwrap().len(), 20);
    assert!(!all);
}

#[test]
fn parallel_load_more_calls_collapse_into_one_watch() {
    let mut w = connected_list();
    w.on_watching(20, items(20), false);
    assert_eq!(w.load_more(1, 5), [Watch { limit: 25 }]);
    // The second call (before the first finished) is relative to the 20 loaded: 30, not 35,
    // and waits for the watch in flight.
    assert!(w.load_more(1, 10).is_empty());
    // The reply to the first watch does not finish the bigger request: it asks for it.
    assert_eq!(w.on_watching(25, items(25), false), [Watch { limit: 30 }]);
    let out = w.on_watching(30, items(30), false);
    assert_eq!(
        out,
        [Emit { subscriber: 1 }, LoadMoreDone { subscriber: 1 }]
    );
    assert_eq!(w.snapshot(1).unwrap().0.unwrap().len(), 30);
}

#[test]
fn loaded_all_when_the_server_has_no_more() {
    let mut w = connected_list();
    w.on_watching(20, items(12), true);
    assert!(w.snapshot(1).unwrap().1);
    // Nothing more exists: loadMore finishes at once, and the bigger limit is watched so
    // that new conversations fill the window.
    let out = w.load_more(1, 20);
    assert!(out.contains(&LoadMoreDone { subscriber: 1 }));
    assert!(out.contains(&Watch { limit: 40 }));
}

#[test]
fn subscribers_sharing_an_upstream_see_their_own_window() {
    let mut w = connected_list();
    w.on_watching(20, items(20), false);
    assert_eq!(w.add_subscriber(2), [Emit { subscriber: 2 }]);
    w.load_more(2, 20);
    w.on_watching(40, items(40), false);
    let (one, one_all) = w.snapshot(1).unwrap();
    let (two, two_all) = w.snapshot(2).unwrap();
    assert_eq!(one.unwrap().len(), 20);
    assert_eq!(two.unwrap().len(), 40);
    assert!(!one_all && !two_all);
    // Subscriber 1 grows within what the upstream already has: no request.
    assert_eq!(
        w.load_more(1, 10),
        [Emit { subscriber: 1 }, LoadMoreDone { subscriber: 1 }]
    );
    // A change beyond subscriber 1's window (item 35) only tells subscriber 2.
    let mut changed = items(40).unwrap();
    changed[35] = 999;
    assert_eq!(
        w.on_snapshot(Some(changed), false),
        [Emit { subscriber: 2 }]
    );
    // When 2 leaves, the upstream shrinks to what 1 needs; the last one out unwatches.
    assert_eq!(w.remove_subscriber(2), [Watch { limit: 30 }]);
    w.on_watching(30, items(30), false);
    assert_eq!(w.remove_subscriber(1), [Unwatch]);
    assert!(w.is_unused());
}

#[test]
fn the_window_is_bounded_and_survives_a_reconnect() {
    let mut w = ListWindow::new(PARTICIPANTS_INITIAL, 15);
    w.add_subscriber(1);
    assert_eq!(w.connected(), [Watch { limit: 10 }]);
    w.on_watching(10, items(10), false);
    assert_eq!(w.load_more(1, 100), [Watch { limit: 15 }]);
    w.disconnected();
    assert_eq!(w.connected(), [Watch { limit: 15 }]);
    let out = w.on_watching(15, items(15), false);
    assert!(out.contains(&LoadMoreDone { subscriber: 1 }));
    // The same snapshot again after another reconnect is not emitted twice.
    w.disconnected();
    w.connected();
    assert!(w.on_watching(15, items(15), false).is_empty());
}

#[test]
fn a_null_snapshot_is_shown_as_null() {
    let mut w: ListWindow<u32> = ListWindow::new(PARTICIPANTS_INITIAL, 500);
    w.add_subscriber(1);
    w.connected();
    assert_eq!(w.on_watching(10, None, false), [Emit { subscriber: 1 }]);
    assert_eq!(w.snapshot(1), Some((None, true)));
    assert!(w.load_more(1, 5).contains(&LoadMoreDone { subscriber: 1 }));
}
