//! Conversation views: what a user interface shows of one conversation, read from the engine
//! one way.
//!
//! [`ConversationView::open`] opens a window of messages in the conversation's stream and
//! registers a change listener, called (outside any borrow of the engine) whenever anything the
//! view shows may have changed: entries, loading, read-only access, the conversation's error,
//! the connection's state or the current user. The interface then reads a [`ViewSnapshot`]
//! through [`ConversationView::read`] (a borrow, so a long history is not copied per render) and
//! acts through futures: [`ConversationView::send`], [`ConversationView::retry`] and
//! [`ConversationView::load_older`]. Dropping the view closes its window; its failed sends go
//! with it, queued ones still go out.

use std::rc::{Rc, Weak};

use chat_elements_core::oneshot::{self, Receiver, Sender};
use chat_elements_core::window::MESSAGES_INITIAL;
use chat_elements_core::{Author, Entry, LinkStatus};
use wasm_bindgen::JsValue;

use crate::errors::Error;
use crate::session::effects::{update, update_soon, Fx};
use crate::session::handle::SessionHandle;
use crate::session::message::JsMessage;
use crate::session::state::Core;
use crate::session::store::Conv;
use crate::session::Shared;

/// Told that a view's conversation changed.
pub type ViewListener = Rc<dyn Fn()>;

/// A send's outcome: the server's message object, or why it failed (it stays retryable).
pub type SendOutcome = Receiver<Result<JsValue, Error>>;

/// The engine's side of a conversation view: its window in the stream.
pub struct ViewReader {
    pub window: u64,
    pub on_change: ViewListener,
    /// Older messages were asked for and have not arrived yet.
    pub loading_older: bool,
    waiters: Vec<Sender<Result<(), Error>>>,
}

impl ViewReader {
    /// The older messages arrived (or their request ended): the waiters, to be answered.
    pub fn older_loaded(&mut self) -> Vec<Sender<Result<(), Error>>> {
        self.loading_older = false;
        std::mem::take(&mut self.waiters)
    }
}

/// What a view shows now (borrowed from the engine for the length of a read).
pub struct ViewSnapshot<'a> {
    conv: Option<&'a Conv>,
    window: u64,
    core: &'a Core,
}

impl<'a> ViewSnapshot<'a> {
    /// The messages and pending sends, oldest first.
    pub fn entries(&self) -> Vec<Entry<'a, JsMessage>> {
        self.conv
            .map(|c| c.stream.timeline().entries().collect())
            .unwrap_or_default()
    }

    /// The newest page is in.
    pub fn is_loaded(&self) -> bool {
        self.conv.is_some_and(|c| c.stream.timeline().is_loaded())
    }

    /// Older messages exist on the server.
    pub fn has_more(&self) -> bool {
        self.conv.is_some_and(|c| c.stream.timeline().has_more())
    }

    /// No message and no pending send.
    pub fn is_empty(&self) -> bool {
        self.conv.is_none_or(|c| c.stream.timeline().is_empty())
    }

    /// Older messages were asked for and have not arrived yet.
    pub fn loading_older(&self) -> bool {
        self.conv
            .and_then(|c| c.view(self.window))
            .is_some_and(|v| v.loading_older)
    }

    /// The current user may only read (or the conversation failed).
    pub fn read_only(&self) -> bool {
        self.conv.is_some_and(|c| c.read_only || c.error.is_some())
    }

    /// Why the conversation cannot be shown (FORBIDDEN, NOT_FOUND, ...).
    pub fn error(&self) -> Option<&'a Error> {
        self.conv.and_then(|c| c.error.as_ref())
    }

    /// The connection's state.
    pub fn link_status(&self) -> LinkStatus {
        self.core.conn.link.status()
    }

    /// The current user, once the server said who it is.
    pub fn me(&self) -> Option<&'a Author> {
        self.core.id.user.as_ref()
    }

    /// The most messages one request for older ones brings.
    pub fn max_page(&self) -> usize {
        self.core.id.limits.max_history_page as usize
    }
}

/// One conversation shown by a user interface.
pub struct ConversationView {
    session: Weak<Shared>,
    conversation: String,
    window: u64,
}

impl ConversationView {
    /// Opens `conversation` with a window of the newest `page` messages (and every message that
    /// arrives later). `on_change` is called whenever the view may show something new.
    pub fn open(
        handle: &SessionHandle,
        conversation: &str,
        page: usize,
        on_change: ViewListener,
    ) -> ConversationView {
        let window = update(&handle.shared, |core, fx| {
            core.open_view(conversation, page, on_change, fx)
        })
        .unwrap_or(0);
        ConversationView {
            session: Rc::downgrade(&handle.shared),
            conversation: conversation.to_owned(),
            window,
        }
    }

    /// Reads what the view shows; `None` when the session is gone or busy.
    pub fn read<R>(&self, f: impl FnOnce(&ViewSnapshot<'_>) -> R) -> Option<R> {
        let shared = self.session.upgrade()?;
        let core = shared.core.try_borrow().ok()?;
        let snapshot = ViewSnapshot {
            conv: core.store.get(&self.conversation),
            window: self.window,
            core: &core,
        };
        Some(f(&snapshot))
    }

    fn update<R>(&self, f: impl FnOnce(&mut Core, &mut Fx) -> R) -> Option<R> {
        update(&self.session.upgrade()?, f)
    }

    /// Sends `payload` (`{ text }` or `{ content, referencedMessageId? }`); `text` is what its
    /// pending entry shows. Refused at once (too long, session ended) or resolved later.
    pub fn send(&self, text: String, payload: JsValue) -> Result<SendOutcome, Error> {
        let conversation = &self.conversation;
        let window = Some(self.window);
        self.update(|core, fx| core.send(conversation, text, payload, window, fx))
            .unwrap_or(Err(Error::Destroyed("the session was destroyed")))
    }

    /// Sends a failed message again (same client id): its text and new outcome. `None` when it
    /// is not failed.
    pub fn retry(&self, client_id: &str) -> Option<(String, SendOutcome)> {
        self.update(|core, fx| core.retry(client_id, fx)).flatten()
    }

    /// Grows the window by `count` older messages (at most one request's worth: see
    /// [`ViewSnapshot::max_page`]). `None` when there is nothing older or a load is under way.
    pub fn load_older(&self, count: usize) -> Option<Receiver<Result<(), Error>>> {
        let (conversation, window) = (&self.conversation, self.window);
        self.update(|core, fx| core.view_load_older(conversation, window, count, fx))
            .flatten()
    }
}

impl Drop for ConversationView {
    fn drop(&mut self) {
        let (conversation, window) = (std::mem::take(&mut self.conversation), self.window);
        update_soon(&self.session, move |core, fx| {
            core.close_view(&conversation, window, fx)
        });
    }
}

impl Core {
    /// A conversation view opens on `conversation` with a window of `page` messages; its
    /// listener hears of every change. Returns the window's id.
    fn open_view(
        &mut self,
        conversation: &str,
        page: usize,
        on_change: ViewListener,
        fx: &mut Fx,
    ) -> u64 {
        let window = self.life.listener_id();
        let conv = self
            .store
            .entry(conversation, self.id.limits.max_history_page);
        conv.views.push(ViewReader {
            window,
            on_change,
            loading_older: false,
            waiters: Vec::new(),
        });
        let mut commands = conv.stream.add_subscriber(window);
        commands.extend(
            conv.stream
                .load_more(window, page.saturating_sub(MESSAGES_INITIAL)),
        );
        fx.changed(conversation);
        self.run_stream(conversation, commands, fx);
        self.sync(fx);
        window
    }

    /// A conversation view closed. Its failed sends are dropped (nobody can retry them); queued
    /// ones still go out.
    fn close_view(&mut self, conversation: &str, window: u64, fx: &mut Fx) {
        if let Some(conv) = self.store.get_mut(conversation) {
            conv.views.retain(|v| v.window != window);
            let commands = conv.stream.remove_subscriber(window);
            self.run_stream(conversation, commands, fx);
        }
        self.outbox.close_window(window);
        self.sync(fx);
    }

    /// A view wants `count` older messages (one request of at most the server's page limit).
    fn view_load_older(
        &mut self,
        conversation: &str,
        window: u64,
        count: usize,
        fx: &mut Fx,
    ) -> Option<Receiver<Result<(), Error>>> {
        let conv = self.store.get_mut(conversation)?;
        let timeline = conv.stream.timeline();
        if !timeline.is_loaded() || !timeline.has_more() {
            return None;
        }
        let view = conv.views.iter_mut().find(|v| v.window == window)?;
        if view.loading_older {
            return None;
        }
        view.loading_older = true;
        let (sender, receiver) = oneshot::channel();
        view.waiters.push(sender);
        let commands = conv.stream.load_more(window, count);
        fx.changed(conversation);
        self.run_stream(conversation, commands, fx);
        Some(receiver)
    }
}
