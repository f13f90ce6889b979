//! Rendering at an animation frame: what the subscriptions delivered goes to the view, the
//! participant watches follow the rows that need names, and the window grows while the list is
//! scrolled to its bottom.

use std::rc::Rc;

use super::feed::{self, Latest, PAGE};
use super::{DmsShared, Mount};
use crate::errors::Error;

impl DmsShared {
    pub(super) fn render(self: &Rc<Self>) {
        let _frame = self.frame.borrow_mut().take();
        let me = self.me();
        let mut became_ready = false;
        let mut failure = None;
        let mut load_more = None;
        let mut missing = Vec::new();
        {
            let Ok(mut state) = self.state.try_borrow_mut() else {
                return;
            };
            let state = &mut *state;
            let Mount::Mounted(mounted) = &mut state.mount else {
                return;
            };
            let Ok(data) = self.data.try_borrow() else {
                return;
            };
            match &data.latest {
                Latest::Pending => return,
                Latest::Failed(error) => {
                    mounted.view.show_error(&error.message());
                    if !std::mem::replace(&mut state.reported, true) {
                        failure = Some(error.clone());
                    }
                }
                Latest::List { items, loaded_all } => {
                    let selected = state.options.selected_channel.as_deref();
                    let wanted = mounted.view.show_list(items, &data.names, &me, selected);
                    if let Some(feeds) = &mut mounted.feeds {
                        missing = feeds.missing_names(&wanted);
                        if !loaded_all && mounted.view.near_bottom() {
                            load_more = Some(feeds.list.clone());
                        }
                    }
                    became_ready = !std::mem::replace(&mut state.ready, true);
                }
            }
        }
        if let Some(Error::Destroyed(_)) = failure {
            self.unmount(); // the session was destroyed
            return;
        }
        self.watch_names(missing);
        if let Some(list) = load_more {
            list.load_more(PAGE);
        }
        if became_ready {
            self.announce_ready();
        }
        if let Some(error) = failure {
            self.emit_error(&error);
        }
    }

    /// Starts the participant watches that name conversations without a subject.
    fn watch_names(self: &Rc<Self>, ids: Vec<String>) {
        let Some(handle) = self.handle() else {
            return;
        };
        for id in ids {
            let feed = feed::watch_names(&handle, &id, Rc::downgrade(self));
            if let Mount::Mounted(mounted) = &mut self.state.borrow_mut().mount {
                if let Some(feeds) = &mut mounted.feeds {
                    feeds.add_names(id, feed);
                }
            }
        }
    }
}
