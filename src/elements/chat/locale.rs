//! A new locale: the chat-element renders again (typing sentences, banners, day separators;
//! its marked labels were re-set by `i18n::refresh`).

use std::rc::Rc;

use super::ElementShared;
use crate::i18n::Localized;

impl Localized for ElementShared {
    fn relocalize(self: Rc<Self>) {
        self.schedule_render();
    }
}
