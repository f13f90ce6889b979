//! The chat-element: rendering, sending, live updates, safety, mounting.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use js_sys::Reflect;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlTextAreaElement, KeyboardEvent, KeyboardEventInit};

use super::support::*;

#[wasm_bindgen_test]
async fn element_renders_history_and_an_accessible_composer() {
    // Make sure the conversation has a message to show.
    let (token, _) = token_function("alice", None);
    let writer = session(token);
    let (writer_el, writer_div) = mounted(&writer, "demo").await;
    let text = unique("history check");
    type_and_press_enter(&writer_div, &text);
    next_event(&writer_el, "messageSent", 10_000).await;
    destroy(&writer);

    let token = fetch_token("alice", None).await;
    let s = session(token.into());
    let (element, div) = mounted(&s, "demo").await;
    assert_eq!(
        call(&element, "getSnapshot", &[])
            .map(|v| Reflect::get(&v, &"state".into()).unwrap())
            .unwrap(),
        "ready"
    );
    assert_eq!(Reflect::get(&element, &"state".into()).unwrap(), "ready");
    let root = div
        .query_selector(".ce-root.ce-chat")
        .unwrap()
        .expect(".ce-root");
    assert_eq!(root.get_attribute("data-state").as_deref(), Some("ready"));
    let list = root
        .query_selector(".ce-messages[role=log][aria-live=polite][aria-label=Messages]")
        .unwrap();
    assert!(list.is_some(), "the message list is an aria-live log");
    wait_until("the history", 5_000, || {
        rows_with_text(&root, &text).len() == 1
    })
    .await;
    let row = &rows_with_text(&root, &text)[0];
    assert_eq!(row.get_attribute("data-status").as_deref(), Some("sent"));
    assert!(row
        .get_attribute("data-message-id")
        .unwrap()
        .starts_with("msg_"));
    assert_eq!(
        row.get_attribute("data-sender-id").as_deref(),
        Some("alice")
    );
    assert!(row.class_list().contains("ce-own"));
    let sender = row.query_selector(".ce-message-sender").unwrap().unwrap();
    assert_eq!(sender.text_content().as_deref(), Some("Alice"));
    assert!(root
        .query_selector("form.ce-composer textarea.ce-composer-input[aria-label=Message]")
        .unwrap()
        .is_some());
    assert!(root
        .query_selector("form.ce-composer button.ce-composer-send[type=submit]")
        .unwrap()
        .is_some());
    destroy(&s);
}

#[wasm_bindgen_test]
async fn composer_sends_on_enter_and_fires_message_sent() {
    let (token, _) = token_function("alice", None);
    let s = session(token);
    let (element, div) = mounted(&s, "demo").await;
    let on_event_calls = Rc::new(Cell::new(0));
    let text = unique("hello from the composer");
    type_and_press_enter(&div, &text);
    let input: HtmlTextAreaElement = div
        .query_selector("textarea")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    assert_eq!(input.value(), "", "the composer is cleared");
    let event = next_event(&element, "messageSent", 10_000).await;
    assert!(event.is_instance_of::<web_sys::CustomEvent>());
    let detail = Reflect::get(&event, &"detail".into()).unwrap();
    let id = Reflect::get(&detail, &"id".into())
        .unwrap()
        .as_string()
        .unwrap();
    assert!(id.starts_with("msg_"));
    assert_eq!(
        Reflect::get(&detail, &"content".into()).unwrap(),
        text.as_str()
    );
    assert_eq!(Reflect::get(&detail, &"channelId".into()).unwrap(), "demo");
    wait_until("the sent row", 5_000, || {
        let rows = rows_with_text(&div, &text);
        rows.len() == 1 && rows[0].get_attribute("data-message-id").as_deref() == Some(id.as_str())
    })
    .await;
    let row = &rows_with_text(&div, &text)[0];
    assert_eq!(row.get_attribute("data-status").as_deref(), Some("sent"));
    assert!(row.get_attribute("data-client-id").is_some());
    // Shift+Enter does not send.
    let input_el: Element = input.clone().into();
    input.set_value("not yet");
    let init = KeyboardEventInit::new();
    init.set_key("Enter");
    init.set_shift_key(true);
    init.set_cancelable(true);
    let shift_enter = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    assert!(
        input_el.dispatch_event(&shift_enter).unwrap(),
        "Shift+Enter is not prevented"
    );
    assert_eq!(input.value(), "not yet");
    let _ = on_event_calls;
    destroy(&s);
}

#[wasm_bindgen_test]
async fn pending_message_waits_for_the_connection_then_becomes_sent() {
    // No token yet: nothing can be sent, the message stays pending.
    let s = session(JsValue::NULL);
    let on_event = Rc::new(RefCell::new(Vec::<JsValue>::new()));
    let sink = on_event.clone();
    let on_event_fn =
        Closure::<dyn FnMut(JsValue)>::new(move |e: JsValue| sink.borrow_mut().push(e));
    let element = call(
        &s,
        "createElement",
        &[
            options(&[("type", "chat-element".into())]),
            options(&[
                ("channelId", "demo".into()),
                ("onEvent", on_event_fn.into_js_value()),
            ]),
        ],
    )
    .unwrap();
    let div = container();
    div.set_id("pending-test-container");
    call(&element, "mount", &["#pending-test-container".into()])
        .unwrap_or_else(|e| panic!("mount by id: {:?}", code_of(&e)));
    let text = unique("queued while offline");
    type_and_press_enter(&div, &text);
    wait_until("the pending row", 2_000, || {
        rows_with_text(&div, &text).len() == 1
    })
    .await;
    let row = rows_with_text(&div, &text).remove(0);
    assert_eq!(row.get_attribute("data-status").as_deref(), Some("sending"));
    assert!(row.get_attribute("data-message-id").is_none());
    let client_id = row.get_attribute("data-client-id").expect("client id");

    let sent = record(&element, "messageSent");
    let token = fetch_token("alice", None).await;
    call(&s, "updateOptions", &[options(&[("token", token.into())])]).unwrap();
    wait_until("the row to be confirmed", 10_000, || {
        row.get_attribute("data-status").as_deref() == Some("sent")
    })
    .await;
    assert!(row
        .get_attribute("data-message-id")
        .unwrap()
        .starts_with("msg_"));
    assert_eq!(row.get_attribute("data-client-id"), Some(client_id));
    assert_eq!(rows_with_text(&div, &text).len(), 1, "never shown twice");
    wait_until("messageSent", 2_000, || sent.borrow().len() == 1).await;
    assert_eq!(on_event.borrow().len(), 1, "onEvent gets messageSent too");
    assert_eq!(
        Reflect::get(&on_event.borrow()[0], &"type".into()).unwrap(),
        "messageSent"
    );
    destroy(&s);
}

#[wasm_bindgen_test]
async fn second_session_receives_messages_live() {
    let (token, _) = token_function("alice", None);
    let alice = session(token);
    let (_, alice_div) = mounted(&alice, "demo").await;
    let bob = session(fetch_token("bob", None).await.into());
    let (_, bob_div) = mounted(&bob, "demo").await;
    let text = unique("live to bob");
    type_and_press_enter(&alice_div, &text);
    wait_until("bob to see alice's message", 10_000, || {
        rows_with_text(&bob_div, &text).len() == 1
    })
    .await;
    let row = &rows_with_text(&bob_div, &text)[0];
    assert_eq!(
        row.get_attribute("data-sender-id").as_deref(),
        Some("alice")
    );
    assert_eq!(row.get_attribute("data-status").as_deref(), Some("sent"));
    assert!(!row.class_list().contains("ce-own"));
    assert!(
        row.get_attribute("data-client-id").is_none(),
        "client ids are the sender's only"
    );
    destroy(&alice);
    destroy(&bob);
}

#[wasm_bindgen_test]
async fn message_markup_is_rendered_as_text() {
    let (token, _) = token_function("alice", None);
    let alice = session(token);
    let (element, alice_div) = mounted(&alice, "demo").await;
    let bob = session(fetch_token("bob", None).await.into());
    let (_, bob_div) = mounted(&bob, "demo").await;
    let text = format!(
        "<img src=x onerror=\"window.__ceInjected=1\"> <b>bold</b> {}",
        unique("xss")
    );
    type_and_press_enter(&alice_div, &text);
    next_event(&element, "messageSent", 10_000).await;
    wait_until("bob to get it", 10_000, || {
        rows_with_text(&bob_div, &text).len() == 1
    })
    .await;
    for div in [&alice_div, &bob_div] {
        assert_eq!(rows_with_text(div, &text).len(), 1);
        let list = div.query_selector(".ce-messages").unwrap().unwrap();
        assert!(
            list.query_selector("img").unwrap().is_none(),
            "no <img> in the list"
        );
        assert!(
            list.query_selector("b").unwrap().is_none(),
            "no <b> in the list"
        );
    }
    sleep(100).await.unwrap();
    assert!(Reflect::get(&window(), &"__ceInjected".into())
        .unwrap()
        .is_undefined());
    destroy(&alice);
    destroy(&bob);
}

#[wasm_bindgen_test]
async fn conversation_without_access_reports_forbidden() {
    let carol = session(fetch_token("carol", None).await.into());
    let element = chat_element(&carol, "demo");
    let errors = record(&element, "error");
    let div = container();
    call(&element, "mount", &[div.clone().into()]).unwrap();
    let error = next_event(&element, "error", 10_000).await;
    assert_eq!(code_of(&error), "FORBIDDEN");
    // History and subscribe are both refused; the element reports the failure once.
    sleep(500).await.unwrap();
    assert_eq!(errors.borrow().len(), 1, "one error event for one failure");
    wait_until("the error notice", 2_000, || {
        div.query_selector(".ce-error:not([hidden])")
            .unwrap()
            .is_some()
    })
    .await;
    assert!(div.query_selector(".ce-message").unwrap().is_none());
    destroy(&carol);
}

#[wasm_bindgen_test]
async fn missing_container_throws_container_not_found() {
    let s = session(JsValue::NULL);
    let element = chat_element(&s, "demo");
    let error = call(&element, "mount", &["#no-such-container".into()]).unwrap_err();
    assert!(error.is_instance_of::<js_sys::Error>());
    assert_eq!(code_of(&error), "CONTAINER_NOT_FOUND");
    destroy(&s);
}

#[wasm_bindgen_test]
async fn second_mount_warns_and_does_nothing() {
    let s = session(JsValue::NULL);
    let element = chat_element(&s, "demo");
    let first = container();
    let second = container();
    call(&element, "mount", &[first.clone().into()]).unwrap();

    let console = Reflect::get(&window(), &"console".into()).unwrap();
    let original = Reflect::get(&console, &"warn".into()).unwrap();
    let warnings = Rc::new(Cell::new(0));
    let counter = warnings.clone();
    let spy = Closure::<dyn FnMut()>::new(move || counter.set(counter.get() + 1));
    Reflect::set(&console, &"warn".into(), spy.as_ref()).unwrap();
    let result = call(&element, "mount", &[second.clone().into()]);
    Reflect::set(&console, &"warn".into(), &original).unwrap();
    drop(spy);

    assert!(result.is_ok(), "a second mount does not throw");
    assert_eq!(warnings.get(), 1, "a second mount warns once");
    assert_eq!(first.query_selector_all(".ce-root").unwrap().length(), 1);
    assert_eq!(second.child_element_count(), 0);
    destroy(&s);
}

#[wasm_bindgen_test]
async fn unmount_removes_the_element_and_is_terminal() {
    let s = session(JsValue::NULL);
    let element = chat_element(&s, "demo");
    let div = container();
    call(&element, "mount", &[div.clone().into()]).unwrap();
    assert_eq!(div.child_element_count(), 1);
    call(&element, "unmount", &[]).unwrap();
    assert_eq!(div.child_element_count(), 0);
    call(&element, "unmount", &[]).unwrap();
    assert_eq!(
        code_of(&call(&element, "mount", &[div.into()]).unwrap_err()),
        "DESTROYED"
    );
    destroy(&s);
}

#[wasm_bindgen_test]
async fn switching_channel_resubscribes() {
    let (token, _) = token_function("alice", None);
    let alice = session(token);
    let (element, div) = mounted(&alice, "demo").await;
    // The conversation has a message of its own to show again (whatever ran before).
    let before = unique("before the switch");
    type_and_press_enter(&div, &before);
    wait_until("the message before the switch", 10_000, || {
        rows_with_text(&div, &before).len() == 1
    })
    .await;
    let updated = record(&element, "optionsUpdated");
    call(
        &element,
        "updateOptions",
        &[options(&[(
            "channelId",
            "not-a-conversation-of-alice".into(),
        )])],
    )
    .unwrap();
    let error = next_event(&element, "error", 10_000).await;
    assert_eq!(code_of(&error), "FORBIDDEN");
    assert_eq!(updated.borrow().len(), 1);
    assert_eq!(
        Reflect::get(&updated.borrow()[0], &"channelId".into()).unwrap(),
        "not-a-conversation-of-alice"
    );
    wait_until("the rows of demo to go", 2_000, || {
        div.query_selector(".ce-message").unwrap().is_none()
    })
    .await;

    call(
        &element,
        "updateOptions",
        &[options(&[("channelId", "demo".into())])],
    )
    .unwrap();
    wait_until("demo to load again", 10_000, || {
        div.query_selector(".ce-root[data-state=ready]")
            .unwrap()
            .is_some()
            && rows_with_text(&div, &before).len() == 1
    })
    .await;
    let bob = session(fetch_token("bob", None).await.into());
    let (_, bob_div) = mounted(&bob, "demo").await;
    let text = unique("after the switch");
    type_and_press_enter(&bob_div, &text);
    wait_until("the live message", 10_000, || {
        rows_with_text(&div, &text).len() == 1
    })
    .await;
    destroy(&alice);
    destroy(&bob);
}

#[wasm_bindgen_test]
async fn older_pages_load_at_the_top_and_keep_the_scroll_position() {
    let (token, _) = token_function("alice", None);
    let writer = session(token);
    let (writer_el, writer_div) = mounted(&writer, "demo").await;
    let sent = record(&writer_el, "messageSent");
    let batch = unique("batch");
    for i in 0..36 {
        type_and_press_enter(&writer_div, &format!("{batch} #{i:02}"));
    }
    wait_until("36 sends to be confirmed", 20_000, || {
        sent.borrow().len() == 36
    })
    .await;
    let expected: Vec<String> = (0..36).map(|i| format!("{batch} #{i:02}")).collect();
    let shown: Vec<String> = texts(&writer_div)
        .into_iter()
        .filter(|t| t.starts_with(&batch))
        .collect();
    assert_eq!(shown, expected, "sent in order, each once");
    destroy(&writer);

    let reader = session(fetch_token("alice", None).await.into());
    let (_, div) = mounted(&reader, "demo").await;
    let list: Element = div.query_selector(".ce-messages").unwrap().unwrap();
    sleep(100).await.unwrap();
    assert_eq!(texts(&div).len(), 30, "the newest page");
    assert!(
        list.scroll_height() - list.scroll_top() - list.client_height() <= 2,
        "starts at the bottom"
    );
    let first_before = texts(&div)[0].clone();

    list.set_scroll_top(0);
    wait_until("an older page", 10_000, || texts(&div).len() > 30).await;
    sleep(100).await.unwrap();
    let all = texts(&div);
    let at = all.iter().position(|t| *t == first_before).unwrap();
    assert!(at > 0, "older messages are above the previous first one");
    assert!(list.scroll_top() > 100, "the view stayed on what was shown");
    let shown: Vec<&String> = all.iter().filter(|t| t.starts_with(&batch)).collect();
    assert_eq!(shown.len(), 36);
    assert!(shown.windows(2).all(|w| w[0] < w[1]), "oldest first");

    // Scrolled up: a new message does not pull the view down.
    let top = list.scroll_top();
    let bob = session(fetch_token("bob", None).await.into());
    let (_, bob_div) = mounted(&bob, "demo").await;
    let text = unique("while scrolled up");
    type_and_press_enter(&bob_div, &text);
    wait_until("the live message", 10_000, || {
        rows_with_text(&div, &text).len() == 1
    })
    .await;
    sleep(100).await.unwrap();
    assert_eq!(list.scroll_top(), top);
    destroy(&reader);
    destroy(&bob);
}
