//! A new locale: the dms-list-element renders again (its rows' times, previews and counts are
//! written in the locale; its marked labels were re-set by `i18n::refresh`).

use std::rc::Rc;

use super::DmsShared;
use crate::i18n::Localized;

impl Localized for DmsShared {
    fn relocalize(self: Rc<Self>) {
        self.schedule_render();
    }
}
