//! A new locale: the search-element rebuilds its result rows (their times) and its status line;
//! its marked labels were re-set by `i18n::refresh`.

use std::rc::Rc;

use super::{Mount, SearchShared};
use crate::i18n::Localized;

impl Localized for SearchShared {
    fn relocalize(self: Rc<Self>) {
        {
            let Ok(mut state) = self.state.try_borrow_mut() else {
                return;
            };
            let Mount::Mounted(view) = &mut state.mount else {
                return;
            };
            view.list.set_text_content(None);
            view.rows = 0;
        }
        self.show();
    }
}
