//! `loadMore` on a message subscription. The count is relative to what the subscription shows
//! now, and calls made before an earlier one finished collapse: one task grows the engine's
//! window until the subscription was *delivered* the longest length asked for, then every
//! pending promise resolves.

use std::rc::Rc;

use js_sys::Promise;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use crate::data::promise::rejected;
use crate::data::subscription::core::{Core, Feed};
use crate::errors::Error;
use crate::timers::Timeout;

/// How long to wait for a grown window after the engine served it (its deliveries are paced by
/// animation frames, with a 100 ms fallback): enough for one delivery.
const DELIVERY_WAIT_MS: u64 = 250;

pub fn load_more(core: &Rc<Core>, count: u32) -> Promise {
    let (shown, _) = core.shown();
    let start = match &mut *core.feed.borrow_mut() {
        Feed::Messages(feed) if !core.is_ended() => {
            feed.target = feed.target.max(shown.saturating_add(count));
            !std::mem::replace(&mut feed.running, true)
        }
        _ => return rejected(Error::Destroyed("the subscription has ended")),
    };
    let promise = core.add_load();
    if start {
        crate::js::spawn(Box::pin(grow(core.clone())));
    }
    promise
}

/// Grows the window until the target was delivered, everything there is was, or a round
/// brought nothing new.
async fn grow(core: Rc<Core>) {
    let result = loop {
        let (shown, loaded_all) = core.shown();
        let next = match &*core.feed.borrow() {
            Feed::Messages(feed) => Some((feed.stream.clone(), feed.target)),
            _ => None,
        };
        let Some((stream, target)) = next else {
            return;
        };
        if loaded_all || shown >= target {
            break Ok(());
        }
        if let Err(error) = stream.load_more(target - shown).await {
            break Err(error);
        }
        if !delivered(&core, target).await {
            return;
        }
        if core.shown().0 <= shown && !core.shown().1 {
            // The engine served it but the window did not grow: nothing more will come.
            break Ok(());
        }
    };
    if let Feed::Messages(feed) = &mut *core.feed.borrow_mut() {
        feed.target = 0;
        feed.running = false;
    }
    core.finish_loads(result.as_ref().map(|_| ()));
}

/// Waits until `target` items (or all) were delivered, or one delivery. False when the
/// subscription ended meanwhile.
async fn delivered(core: &Rc<Core>, target: u32) -> bool {
    let (shown, loaded_all) = core.shown();
    if shown >= target || loaded_all {
        return !core.is_ended();
    }
    let waiter = core.next_update();
    let timer_waiter = waiter.clone();
    let _timer = Timeout::new(DELIVERY_WAIT_MS, move || {
        timer_waiter.resolve(&JsValue::UNDEFINED)
    });
    JsFuture::from(waiter.promise()).await.is_ok() && !core.is_ended()
}
