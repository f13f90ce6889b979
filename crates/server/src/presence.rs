//! Who is connected: a user is online while at least one authenticated socket of theirs is open.
//! Going online or offline touches the user's `online` topic.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use crate::hub::{Hub, Touch};

pub struct Presence {
    hub: Arc<Hub>,
    sockets: Mutex<HashMap<String, usize>>,
}

impl Presence {
    pub fn new(hub: Arc<Hub>) -> Presence {
        Presence {
            hub,
            sockets: Mutex::new(HashMap::new()),
        }
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<String, usize>> {
        self.sockets.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// One more socket of `user_id` is authenticated.
    pub fn connected(&self, user_id: &str) {
        let first = {
            let mut sockets = self.lock();
            let count = sockets.entry(user_id.to_owned()).or_insert(0);
            *count += 1;
            *count == 1
        };
        if first {
            self.hub.touch(Touch::Presence(user_id.to_owned()));
        }
    }

    /// One socket of `user_id` closed. True when it was their last one.
    pub fn disconnected(&self, user_id: &str) -> bool {
        let last = {
            let mut sockets = self.lock();
            match sockets.get_mut(user_id) {
                Some(count) if *count > 1 => {
                    *count -= 1;
                    false
                }
                Some(_) => {
                    sockets.remove(user_id);
                    true
                }
                None => false,
            }
        };
        if last {
            self.hub.touch(Touch::Presence(user_id.to_owned()));
        }
        last
    }

    pub fn is_connected(&self, user_id: &str) -> bool {
        self.lock().contains_key(user_id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn online_while_any_socket_is_open() {
        let hub = Hub::new(16);
        let mut touches = hub.touches();
        let presence = Presence::new(hub);
        assert!(!presence.is_connected("alice"));
        presence.connected("alice");
        presence.connected("alice");
        assert!(presence.is_connected("alice"));
        assert!(!presence.disconnected("alice"));
        assert!(presence.is_connected("alice"));
        assert!(presence.disconnected("alice"));
        assert!(!presence.is_connected("alice"));
        assert!(!presence.disconnected("alice"), "nothing left to close");
        let presence_touch = Touch::Presence("alice".into());
        assert_eq!(touches.try_recv().ok(), Some(presence_touch.clone()));
        assert_eq!(touches.try_recv().ok(), Some(presence_touch));
        assert!(touches.try_recv().is_err(), "only the two transitions");
    }
}
