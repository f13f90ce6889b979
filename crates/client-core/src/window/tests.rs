use chat_elements_protocol::ReplayStatus;

use super::StreamCommand::*;
use super::*;
use crate::testing::{edited, msg, Msg};

fn seqs(s: &MessageStream<Msg>, sub: u64) -> Vec<u64> {
    let (messages, _) = s.snapshot(sub).expect("resolved");
    messages
        .expect("participant")
        .iter()
        .map(|m| m.seq)
        .collect()
}

fn loaded_all(s: &MessageStream<Msg>, sub: u64) -> bool {
    s.snapshot(sub).expect("resolved").1
}

/// A live stream of a conversation with messages 1..=20, subscriber 1 showing the newest 10.
fn live_stream() -> MessageStream<Msg> {
    let mut s = MessageStream::new(100);
    assert!(
        s.add_subscriber(1).is_empty(),
        "nothing is sent while offline"
    );
    assert_eq!(
        s.connected(),
        [Subscribe { after_seq: None }, FetchNewest { limit: 10 }]
    );
    assert!(s.snapshot(1).is_none(), "pending until the first page");
    assert!(s.on_subscribed(20, ReplayStatus::None).is_empty());
    assert_eq!(
        s.on_history((11..=20).map(msg).collect(), true),
        [Emit { subscriber: 1 }]
    );
    s
}

#[test]
fn a_window_starts_with_the_ten_newest() {
    let s = live_stream();
    assert_eq!(seqs(&s, 1), (11..=20).collect::<Vec<_>>());
    assert!(!loaded_all(&s, 1));
}

#[test]
fn a_late_subscriber_shares_the_stream_and_gets_a_snapshot_at_once() {
    let mut s = live_stream();
    assert_eq!(s.add_subscriber(2), [Emit { subscriber: 2 }]);
    assert_eq!(seqs(&s, 2), seqs(&s, 1));
    // The last one out unsubscribes; the first one out does not.
    assert!(s.remove_subscriber(1).is_empty());
    assert_eq!(s.remove_subscriber(2), [Unsubscribe]);
    assert!(s.is_unused());
}

#[test]
fn load_more_fetches_only_what_the_cache_lacks_and_collapses_parallel_calls() {
    let mut s = live_stream();
    assert_eq!(
        s.load_more(1, 5),
        [FetchOlder {
            before_seq: 11,
            limit: 5
        }]
    );
    // Called again before the first finished: 10 more than the 10 loaded, not 15; it waits.
    assert!(s.load_more(1, 10).is_empty());
    assert_eq!(
        s.on_history((6..=10).map(msg).collect(), true),
        [FetchOlder {
            before_seq: 6,
            limit: 5
        }]
    );
    assert_eq!(
        s.on_history((1..=5).map(msg).collect(), false),
        [Emit { subscriber: 1 }, LoadMoreDone { subscriber: 1 }]
    );
    assert_eq!(seqs(&s, 1), (1..=20).collect::<Vec<_>>());
    assert!(loaded_all(&s, 1));
    // A second subscriber starts small, and grows from the cache without a request.
    s.add_subscriber(2);
    assert_eq!(seqs(&s, 2).len(), 10);
    assert_eq!(
        s.load_more(2, 3),
        [Emit { subscriber: 2 }, LoadMoreDone { subscriber: 2 }]
    );
    assert_eq!(seqs(&s, 2), (8..=20).collect::<Vec<_>>());
    assert!(!loaded_all(&s, 2));
    // More than exists: everything, loadedAll.
    assert_eq!(
        s.load_more(2, 100),
        [Emit { subscriber: 2 }, LoadMoreDone { subscriber: 2 }]
    );
    assert!(loaded_all(&s, 2));
}

#[test]
fn changes_reach_the_windows_that_show_them() {
    let mut s = live_stream();
    s.load_more(1, 5);
    s.on_history((6..=10).map(msg).collect(), true);
    s.add_subscriber(2);
    // A new message joins every window (windows hold everything from a point in time on).
    assert_eq!(
        s.on_created(21, msg(21)),
        [Emit { subscriber: 1 }, Emit { subscriber: 2 }]
    );
    assert_eq!(seqs(&s, 2), (11..=21).collect::<Vec<_>>());
    // An edit of message 8 is only in subscriber 1's window.
    assert_eq!(s.on_updated(22, edited(8, "x")), [Emit { subscriber: 1 }]);
    // A deletion in both; a duplicate event changes nothing.
    assert_eq!(
        s.on_deleted(23, "msg_15"),
        [Emit { subscriber: 1 }, Emit { subscriber: 2 }]
    );
    assert!(s.on_deleted(23, "msg_15").is_empty());
    assert!(!seqs(&s, 1).contains(&15));
    // Conversation changes advance the cursor only.
    assert!(s.on_other_event(24).is_empty());
    assert_eq!(s.timeline().cursor(), Some(24));
}

#[test]
fn a_gap_resubscribes_from_the_cursor() {
    let mut s = live_stream();
    let out = s.on_created(23, msg(23));
    assert_eq!(
        out,
        [
            Subscribe {
                after_seq: Some(20)
            },
            Emit { subscriber: 1 }
        ]
    );
    s.on_created(21, msg(21));
    s.on_created(22, msg(22));
    assert!(s.on_subscribed(23, ReplayStatus::Complete).is_empty());
    assert_eq!(seqs(&s, 1), (11..=23).collect::<Vec<_>>());
    assert!(s.on_resync().contains(&Subscribe {
        after_seq: Some(23)
    }));
}

#[test]
fn a_truncated_resume_withholds_snapshots_until_the_refetch() {
    let mut s = live_stream();
    s.load_more(1, 2);
    s.on_history(vec![msg(9), msg(10)], true);
    assert_eq!(seqs(&s, 1).len(), 12);
    s.disconnected();
    assert_eq!(
        s.connected(),
        [Subscribe {
            after_seq: Some(20)
        }]
    );
    // Too much was missed: nothing was replayed. The window keeps its size (12).
    assert_eq!(
        s.on_subscribed(3000, ReplayStatus::Truncated),
        [FetchNewest { limit: 12 }]
    );
    assert!(s.snapshot(1).is_none());
    assert!(
        s.on_created(3001, msg(3001)).is_empty(),
        "no partial snapshot"
    );
    assert_eq!(
        s.on_history((2990..=3000).map(msg).collect(), true),
        [Emit { subscriber: 1 }]
    );
    assert_eq!(seqs(&s, 1), (2990..=3001).collect::<Vec<_>>());
}

#[test]
fn a_refused_stream_shows_null() {
    let mut s: MessageStream<Msg> = MessageStream::new(100);
    s.add_subscriber(1);
    s.connected();
    assert_eq!(s.on_refused(), [Emit { subscriber: 1 }]);
    assert_eq!(s.snapshot(1), Some((None, false)));
    // A late subscriber sees null at once; loadMore does not hang.
    assert_eq!(s.add_subscriber(2), [Emit { subscriber: 2 }]);
    assert_eq!(s.load_more(2, 5), [LoadMoreDone { subscriber: 2 }]);
    // After joining, the stream subscribes again.
    assert_eq!(
        s.retry(),
        [Subscribe { after_seq: None }, FetchNewest { limit: 10 }]
    );
}

#[test]
fn a_failed_fetch_ends_load_more_and_a_stale_reply_is_ignored() {
    let mut s = live_stream();
    s.load_more(1, 5);
    assert_eq!(s.on_fetch_failed(), [LoadMoreDone { subscriber: 1 }]);
    assert!(s.on_history((6..=10).map(msg).collect(), true).is_empty());
    assert_eq!(seqs(&s, 1).len(), 10);
}
