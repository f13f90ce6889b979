use chat_elements_protocol::{Event, Message, ReplayStatus};

use super::*;
use crate::testing::{author, edited, msg, own, protocol_message, Msg};

fn seqs(t: &Timeline<Msg>) -> Vec<u64> {
    t.messages().iter().map(|m| m.seq).collect()
}

fn live(t: &mut Timeline<Msg>, last_seq: u64) {
    t.begin_subscribe();
    assert_eq!(
        t.subscribed(last_seq, ReplayStatus::None),
        SubscribeOutcome::Ok
    );
}

#[test]
fn merges_by_seq_and_drops_duplicates() {
    let mut t = Timeline::new();
    live(&mut t, 3);
    t.apply_newest_page(vec![msg(2), msg(3)], true);
    assert_eq!(
        t.apply_created(5, msg(5)),
        EventOutcome::Gap { resume_after: 3 }
    );
    assert_eq!(t.apply_created(4, msg(4)), EventOutcome::Added);
    assert_eq!(t.apply_created(4, msg(4)), EventOutcome::Duplicate);
    assert_eq!(seqs(&t), [2, 3, 4, 5]);
    assert_eq!(t.cursor(), Some(5));
    assert_eq!(t.newest(2), &[msg(4), msg(5)]);
}

#[test]
fn an_edit_replaces_the_message_in_place() {
    let mut t = Timeline::new();
    live(&mut t, 3);
    t.apply_newest_page((1..=3).map(msg).collect(), false);
    assert_eq!(t.apply_updated(4, edited(2, "fixed")), EventOutcome::Added);
    assert_eq!(seqs(&t), [1, 2, 3]);
    assert_eq!(t.get("msg_2").map(|m| m.text.as_str()), Some("fixed"));
    // A replay of an older edit (after a gap resubscribe) does not undo the newer one.
    let mut t2 = Timeline::new();
    live(&mut t2, 3);
    t2.apply_newest_page((1..=3).map(msg).collect(), false);
    t2.begin_subscribe();
    t2.apply_updated(5, edited(2, "second"));
    t2.apply_updated(4, edited(2, "first"));
    assert_eq!(t2.get("msg_2").map(|m| m.text.as_str()), Some("second"));
}

#[test]
fn a_deleted_message_never_comes_back() {
    let mut t = Timeline::new();
    live(&mut t, 3);
    t.begin_subscribe();
    // The delete (6) overtakes an edit (5) of the same message during a replay.
    assert_eq!(t.apply_deleted(6, "msg_2"), EventOutcome::Unchanged);
    assert_eq!(t.apply_updated(5, edited(2, "x")), EventOutcome::Unchanged);
    // A page fetched before the delete still has it.
    t.apply_newest_page((1..=3).map(msg).collect(), false);
    assert_eq!(seqs(&t), [1, 3]);
    assert_eq!(t.apply_deleted(7, "msg_3"), EventOutcome::Added);
    assert_eq!(seqs(&t), [1]);
}

#[test]
fn an_edit_outside_the_window_is_kept_for_the_older_page() {
    let mut t = Timeline::new();
    live(&mut t, 10);
    t.apply_newest_page((8..=10).map(msg).collect(), true);
    // Message 2 is edited while an older page (fetched before the edit) is on its way.
    assert_eq!(
        t.apply_updated(11, edited(2, "new")),
        EventOutcome::Unchanged
    );
    t.apply_older_page((1..=7).map(msg).collect(), false);
    assert_eq!(t.get("msg_2").map(|m| m.text.as_str()), Some("new"));
    assert_eq!(seqs(&t), (1..=10).collect::<Vec<_>>());
}

#[test]
fn pending_is_replaced_by_the_ack() {
    let mut t = Timeline::new();
    live(&mut t, 0);
    t.apply_newest_page(vec![], false);
    t.add_pending("k1".into(), "hello".into(), author("alice"));
    assert_eq!(t.entries().count(), 1);
    assert!(matches!(t.entries().next(), Some(Entry::Pending(_))));
    assert!(t.confirm(own(1, "k1")));
    // The event for the same message arrives later: not shown twice, but the seq counts.
    assert_eq!(t.apply_created(1, own(1, "k1")), EventOutcome::Unchanged);
    assert_eq!(t.len(), 1);
    assert!(t.pending().is_empty());
    assert_eq!(t.cursor(), Some(1));
}

#[test]
fn a_duplicate_ack_does_not_resurrect_a_message_the_stream_accounted_for() {
    let mut t = Timeline::new();
    live(&mut t, 0);
    t.apply_newest_page(vec![], false);
    t.add_pending("k1".into(), "hello".into(), author("alice"));
    // The send went through (seq 1) but the socket dropped; it was deleted (seq 2) meanwhile
    // and the resume was truncated: the cache was reset past both.
    t.begin_subscribe();
    t.subscribed(2, ReplayStatus::Truncated);
    t.apply_newest_page(vec![], false);
    // The resend's duplicate ack carries the original message.
    assert!(t.confirm(own(1, "k1")));
    assert!(t.is_empty());
}

#[test]
fn pending_is_replaced_by_the_event_before_the_ack() {
    let mut t = Timeline::new();
    live(&mut t, 0);
    t.add_pending("k1".into(), "hello".into(), author("alice"));
    assert_eq!(t.apply_created(1, own(1, "k1")), EventOutcome::Added);
    assert!(!t.confirm(own(1, "k1")));
    assert_eq!(t.len(), 1);
    let keys: Vec<String> = t.entries().map(|e| e.key()).collect();
    assert_eq!(keys, ["c:k1"]);
}

#[test]
fn another_senders_client_id_does_not_confirm_a_pending_send() {
    let mut t = Timeline::new();
    live(&mut t, 0);
    t.add_pending("k1".into(), "hello".into(), author("alice"));
    let mut foreign = own(1, "k1");
    foreign.sender = "bob".into();
    t.apply_created(1, foreign);
    assert_eq!(t.pending().len(), 1);
    assert_eq!(t.messages().len(), 1);
}

#[test]
fn pending_rows_stay_after_confirmed_ones_in_send_order() {
    let mut t = Timeline::new();
    live(&mut t, 0);
    t.add_pending("a".into(), "1".into(), author("alice"));
    t.add_pending("b".into(), "2".into(), author("alice"));
    t.add_pending("a".into(), "again".into(), author("alice"));
    t.apply_created(1, msg(1));
    let keys: Vec<String> = t.entries().map(|e| e.key()).collect();
    assert_eq!(keys, ["m:msg_1", "c:a", "c:b"]);
    let failed = PendingStatus::Failed {
        code: "FORBIDDEN".into(),
        message: "no".into(),
    };
    assert!(t.set_pending_status("b", failed));
    assert!(!t.set_pending_status("zzz", PendingStatus::Sending));
    assert!(t.remove_pending("a"));
    assert_eq!(t.len(), 2);
}

#[test]
fn older_pages_are_prepended() {
    let mut t = Timeline::new();
    live(&mut t, 10);
    t.apply_newest_page((8..=10).map(msg).collect(), true);
    assert_eq!(t.older_page_before(), Some(8));
    t.apply_older_page((5..=7).map(msg).collect(), true);
    assert_eq!(t.older_page_before(), Some(5));
    t.apply_older_page((1..=4).map(msg).collect(), false);
    assert_eq!(seqs(&t), (1..=10).collect::<Vec<_>>());
    assert!(t.loaded_all());
    assert_eq!(t.older_page_before(), None);
}

#[test]
fn events_before_the_subscribe_reply_are_not_gaps() {
    let mut t = Timeline::new();
    live(&mut t, 3);
    // Reconnect: resubscribe from 3; live 6 interleaves with the replay of 4 and 5.
    t.begin_subscribe();
    assert_eq!(t.apply_created(4, msg(4)), EventOutcome::Added);
    assert_eq!(t.apply_created(6, msg(6)), EventOutcome::Added);
    assert_eq!(t.skip_event(5), EventOutcome::Unchanged);
    assert_eq!(
        t.subscribed(5, ReplayStatus::Complete),
        SubscribeOutcome::Ok
    );
    assert_eq!(t.cursor(), Some(6));
    assert_eq!(seqs(&t), [4, 6]);
}

#[test]
fn incomplete_replay_is_a_gap() {
    let mut t = Timeline::new();
    live(&mut t, 3);
    t.begin_subscribe();
    t.apply_created(5, msg(5));
    assert_eq!(
        t.subscribed(5, ReplayStatus::Complete),
        SubscribeOutcome::Gap { resume_after: 3 }
    );
}

#[test]
fn truncated_replay_resets_the_cache_with_the_newest_page() {
    let mut t = Timeline::new();
    live(&mut t, 3);
    t.apply_newest_page((1..=3).map(msg).collect(), false);
    t.begin_subscribe();
    assert_eq!(
        t.subscribed(2000, ReplayStatus::Truncated),
        SubscribeOutcome::Refetch
    );
    assert!(t.needs_refetch());
    assert_eq!(t.older_page_before(), None);
    assert_eq!(t.cursor(), Some(2000));
    // A live message races the refetch; message 3 was edited in the missed stretch.
    assert_eq!(t.apply_created(2001, msg(2001)), EventOutcome::Added);
    let mut page: Vec<Msg> = (1971..=2000).map(msg).collect();
    page[0] = edited(1971, "latest");
    t.apply_newest_page(page, true);
    assert!(!t.needs_refetch());
    assert_eq!(seqs(&t), (1971..=2001).collect::<Vec<_>>());
    assert_eq!(t.messages()[0].text, "latest");
    assert!(t.has_more());
    assert_eq!(t.older_page_before(), Some(1971));
}

#[test]
fn events_before_the_first_cursor_are_remembered() {
    let mut t = Timeline::new();
    t.begin_subscribe();
    t.apply_created(8, msg(8));
    assert_eq!(t.subscribed(7, ReplayStatus::None), SubscribeOutcome::Ok);
    assert_eq!(t.cursor(), Some(8));
    assert_eq!(t.apply_created(9, msg(9)), EventOutcome::Added);
    assert_eq!(t.apply_created(8, msg(8)), EventOutcome::Duplicate);
}

#[test]
fn newest_page_keeps_live_events_that_raced_it() {
    let mut t = Timeline::new();
    t.begin_subscribe();
    t.subscribed(5, ReplayStatus::None);
    t.apply_created(6, msg(6));
    t.apply_newest_page((3..=5).map(msg).collect(), true);
    assert_eq!(seqs(&t), [3, 4, 5, 6]);
    assert!(t.is_loaded());
    assert!(!t.loaded_all());
}

#[test]
fn non_message_events_count_for_the_cursor() {
    let mut t = Timeline::new();
    live(&mut t, 1);
    assert_eq!(t.skip_event(2), EventOutcome::Unchanged);
    assert_eq!(t.skip_event(2), EventOutcome::Duplicate);
    assert_eq!(t.apply_created(3, msg(3)), EventOutcome::Added);
    assert_eq!(t.cursor(), Some(3));
    assert_eq!(t.skip_event(5), EventOutcome::Gap { resume_after: 3 });
    assert_eq!(seqs(&t), [3]);
}

#[test]
fn a_new_seq_for_a_known_message_still_reports_a_gap() {
    let mut t = Timeline::new();
    live(&mut t, 5);
    t.confirm(own(7, "k"));
    assert_eq!(
        t.apply_created(7, own(7, "k")),
        EventOutcome::Gap { resume_after: 5 }
    );
}

#[test]
fn empty_conversation() {
    let mut t: Timeline<Msg> = Timeline::new();
    assert!(!t.is_loaded());
    t.apply_newest_page(vec![], false);
    assert!(t.is_empty());
    assert!(t.loaded_all());
    assert_eq!(t.older_page_before(), None);
    // An empty page claiming more is treated as the end (no endless paging).
    let mut t: Timeline<Msg> = Timeline::new();
    t.apply_newest_page(vec![msg(5)], true);
    t.apply_older_page(vec![], true);
    assert!(t.loaded_all());
}

#[test]
fn same_seq_with_another_id_is_ignored() {
    let mut t = Timeline::new();
    t.confirm(msg(1));
    let mut impostor = msg(1);
    impostor.id = "msg_other".into();
    assert!(!t.confirm(impostor));
    assert_eq!(t.messages()[0].id, "msg_1");
}

#[test]
fn protocol_events_apply_to_protocol_messages() {
    let mut t: Timeline<Message> = Timeline::new();
    t.begin_subscribe();
    t.subscribed(0, ReplayStatus::None);
    let created = Event::MessageCreated {
        message: protocol_message(1, "bob", "hi"),
    };
    assert_eq!(t.apply(1, created), EventOutcome::Added);
    let updated = Event::MessageUpdated {
        message: protocol_message(1, "bob", "hi!"),
    };
    assert_eq!(t.apply(2, updated), EventOutcome::Added);
    assert_eq!(t.messages()[0].plaintext, "hi!");
    assert_eq!(
        t.apply(3, Event::ParticipantsChanged),
        EventOutcome::Unchanged
    );
    let deleted = Event::MessageDeleted {
        message_id: "msg_1".into(),
    };
    assert_eq!(t.apply(4, deleted), EventOutcome::Added);
    assert!(t.is_empty());
    assert_eq!(t.cursor(), Some(4));
}
