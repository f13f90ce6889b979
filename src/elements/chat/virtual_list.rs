//! The message list is virtualised: only the rows in a window around the viewport (the visible
//! rows plus [`OVERSCAN`] on each side) are in the DOM; a margin above the first rendered node
//! and below the last stands for the other rows (margins, not the list's padding: a flex item
//! cannot shrink below its padding), sized from their measured heights (cached by row key;
//! unmeasured rows count as the average).
//!
//! What the user sees is kept in place by an anchor: the first visible row and its distance from
//! the top of the viewport, taken after each render and each scroll. After the DOM changed (older
//! messages prepended, a row above changed height, estimates replaced by measurements) the list
//! is scrolled so that the anchor row is where it was. At the bottom the list stays at the bottom.
//! A `ResizeObserver` on the rendered rows re-applies the anchor as soon as a row changes height
//! (an image loads, an edit, reactions) and asks for a render.

use chat_elements_core::ids::decimal;
use js_sys::{Date, Function};
use wasm_bindgen::prelude::*;
use web_sys::{Element, HtmlElement};

use super::row::Row;

/// Rows kept in the DOM above and below the visible ones.
pub const OVERSCAN: usize = 30;
/// The height of a row that was never measured, before any row was.
const ESTIMATE_PX: i32 = 56;
/// The list's own padding and the gap between rows (styles.css), in pixels.
const PAD_PX: i32 = 12;
const GAP_PX: i32 = 6;
/// Within this many pixels of the bottom counts as "at the bottom".
pub const BOTTOM_SLACK_PX: i32 = 32;

#[wasm_bindgen]
extern "C" {
    /// The browser's `ResizeObserver` (declared here so the crate needs no extra web-sys feature).
    type ResizeObserver;
    #[wasm_bindgen(constructor, catch)]
    fn new(callback: &Function) -> Result<ResizeObserver, JsValue>;
    #[wasm_bindgen(method)]
    fn observe(this: &ResizeObserver, target: &Element);
    #[wasm_bindgen(method)]
    fn unobserve(this: &ResizeObserver, target: &Element);
    #[wasm_bindgen(method)]
    fn disconnect(this: &ResizeObserver);
}

/// Where the next render puts the viewport.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Placement {
    /// The newest row at the bottom.
    Bottom,
    /// The anchor row where it was (or, without one, the rows the scroll position estimates).
    Keep,
    /// Row `index` in the middle of the view (a deep link).
    Center(usize),
}

/// One timeline entry as the list lays it out (computed over the whole timeline, so the day
/// separators and the unread divider are right whatever part is rendered).
pub struct Meta {
    pub key: String,
    /// The day separator above this row (its day), if it starts a day.
    pub day: Option<u32>,
    /// The unread divider goes above this row.
    pub unread: bool,
    /// Continues the group of the row above (same sender, close in time, nothing between).
    pub grouped: bool,
    /// A confirmed message of the current user (a candidate for the "Seen" receipt).
    pub own_sent: bool,
    pub message_id: Option<String>,
}

/// The local calendar day of a time, without asking the browser again for times in the day
/// asked last (rows come in time order, so most rows share the previous row's day).
#[derive(Default)]
pub struct DayCache {
    from: f64,
    to: f64,
    key: u32,
}

impl DayCache {
    pub fn day(&mut self, ms: f64) -> u32 {
        if ms >= self.from && ms < self.to {
            return self.key;
        }
        let date = Date::new(&JsValue::from_f64(ms));
        let (year, month, day) = (date.get_full_year(), date.get_month(), date.get_date());
        self.key = super::separators::day_key(ms);
        self.from = Date::new_with_year_month_day(year, month as i32, day as i32).get_time();
        self.to = Date::new_with_year_month_day(year, month as i32, day as i32 + 1).get_time();
        if !(self.from <= ms && ms < self.to) {
            // A time the browser cannot place in a day range (should not happen): no caching.
            self.from = f64::NAN;
            self.to = f64::NAN;
        }
        self.key
    }
}

pub struct Virtual {
    /// Measured heights (separators included) by row key, sorted by key.
    heights: Vec<(String, i32)>,
    /// The first visible row and its top minus the list's `scrollTop`.
    pub anchor: Option<(String, i32)>,
    /// The user is at the bottom of the list (as of the last render or scroll).
    pub at_bottom: bool,
    pub days: DayCache,
    /// The rendered rows' indexes in the timeline at the last render.
    pub window: (usize, usize),
    /// The first and last rendered nodes, which carry the margins for the other rows.
    edges: Option<(Element, Element)>,
    observer: Option<ResizeObserver>,
    _on_resize: Option<Closure<dyn FnMut()>>,
}

fn html(el: &Element) -> Option<&HtmlElement> {
    el.dyn_ref::<HtmlElement>()
}

fn offset_top(el: &Element) -> i32 {
    html(el).map_or(0, HtmlElement::offset_top)
}

impl Virtual {
    /// `on_resize` runs when a rendered row changes height.
    pub fn new(on_resize: impl FnMut() + 'static) -> Virtual {
        let callback = Closure::<dyn FnMut()>::own_aborting(on_resize);
        let observer = ResizeObserver::new(callback.as_ref().unchecked_ref()).ok();
        Virtual {
            heights: Vec::new(),
            anchor: None,
            at_bottom: false,
            days: DayCache::default(),
            window: (0, 0),
            edges: None,
            observer,
            _on_resize: Some(callback),
        }
    }

    pub fn observe(&self, row: &Row) {
        if let Some(observer) = &self.observer {
            observer.observe(&row.node);
        }
    }

    pub fn unobserve(&self, node: &Element) {
        if let Some(observer) = &self.observer {
            observer.unobserve(node);
        }
    }

    /// Forgets the measurements and the position (a different conversation).
    pub fn reset(&mut self) {
        self.heights.clear();
        self.anchor = None;
        self.at_bottom = false;
        self.window = (0, 0);
        self.edges = None;
    }

    /// Gives the first rendered node (`rendered[0].1`) a top margin of `above` pixels and the
    /// last row a bottom margin of `below`, taking them from the nodes that had them.
    pub fn set_spans(&mut self, rendered: &[Rendered], above: i32, below: i32) {
        if let Some((first, last)) = self.edges.take() {
            set_margin(&first, "margin-top", 0);
            set_margin(&last, "margin-bottom", 0);
        }
        if let (Some((_, first, _)), Some((_, _, last))) = (rendered.first(), rendered.last()) {
            set_margin(first, "margin-top", above);
            set_margin(last, "margin-bottom", below);
            self.edges = Some((first.clone(), last.clone()));
        }
    }

    /// The height to assume for rows never measured: the average of those measured.
    pub fn estimate(&self) -> i32 {
        let count = self.heights.len() as i64;
        if count == 0 {
            return ESTIMATE_PX;
        }
        let sum: i64 = self.heights.iter().map(|(_, h)| i64::from(*h)).sum();
        (sum / count).max(1) as i32
    }

    pub fn height(&self, key: &str, estimate: i32) -> i32 {
        match self.heights.binary_search_by(|(k, _)| k.as_str().cmp(key)) {
            Ok(at) => self.heights[at].1,
            Err(_) => estimate,
        }
    }

    fn set_height(&mut self, key: &str, height: i32) {
        match self.heights.binary_search_by(|(k, _)| k.as_str().cmp(key)) {
            Ok(at) => self.heights[at].1 = height,
            Err(at) => self.heights.insert(at, (key.to_owned(), height)),
        }
    }

    /// The rows `[start, end)` to render for `placement`, given the list's scroll position.
    pub fn window(
        &self,
        metas: &[Meta],
        placement: Placement,
        scroll_top: i32,
        client: i32,
    ) -> (usize, usize) {
        let n = metas.len();
        if n == 0 {
            return (0, 0);
        }
        let est = self.estimate();
        let h = |i: usize| self.height(&metas[i].key, est);
        let (first, last) = match placement {
            Placement::Bottom => {
                let mut first = n - 1;
                let mut acc = h(first);
                while first > 0 && acc < client {
                    first -= 1;
                    acc += h(first);
                }
                (first, n - 1)
            }
            Placement::Center(index) => {
                let index = index.min(n - 1);
                let (mut first, mut last) = (index, index);
                let mut acc = h(index) / 2;
                while first > 0 && acc < client / 2 {
                    first -= 1;
                    acc += h(first);
                }
                acc = h(index) / 2;
                while last + 1 < n && acc < client / 2 {
                    last += 1;
                    acc += h(last);
                }
                (first, last)
            }
            Placement::Keep => {
                let (first, delta) = self.first_visible(metas, scroll_top, est);
                let mut last = first;
                let mut acc = h(first) + delta;
                while last + 1 < n && acc < client {
                    last += 1;
                    acc += h(last);
                }
                (first, last)
            }
        };
        (first.saturating_sub(OVERSCAN), (last + 1 + OVERSCAN).min(n))
    }

    /// The first visible row and its top minus `scrollTop`: the anchor, or an estimate from the
    /// scroll position and the heights.
    pub fn first_visible(&self, metas: &[Meta], scroll_top: i32, est: i32) -> (usize, i32) {
        if let Some((key, delta)) = &self.anchor {
            if let Some(at) = metas.iter().position(|m| &m.key == key) {
                return (at, *delta);
            }
        }
        let mut pos = PAD_PX + GAP_PX;
        for (i, meta) in metas.iter().enumerate() {
            let height = self.height(&meta.key, est);
            if pos + height > scroll_top {
                return (i, pos - scroll_top);
            }
            pos += height;
        }
        (metas.len().saturating_sub(1), 0)
    }

    /// The estimated height of rows `[from, to)`.
    pub fn span(&self, metas: &[Meta], from: usize, to: usize) -> i32 {
        let est = self.estimate();
        metas
            .get(from..to)
            .unwrap_or_default()
            .iter()
            .map(|m| self.height(&m.key, est))
            .sum()
    }

    /// Measures the rendered rows (`rendered`: the key, first node and row node of each, in
    /// order; a row's height runs from its first node to the next row's first node).
    pub fn measure(&mut self, rendered: &[Rendered]) {
        for (i, (key, first, _)) in rendered.iter().enumerate() {
            let height = next_top(rendered, i) - offset_top(first);
            if height > 0 {
                self.set_height(key, height);
            }
        }
    }

    /// Takes the anchor (the first row crossing the top of the viewport: its key and its own
    /// node's top minus `scrollTop`) and whether the list is at the bottom, from the DOM.
    pub fn capture(&mut self, list: &Element, rendered: &[Rendered]) {
        let scroll_top = list.scroll_top();
        let client = list.client_height();
        self.at_bottom = list.scroll_height() - scroll_top - client <= BOTTOM_SLACK_PX;
        self.anchor = None;
        for (i, (key, first, node)) in rendered.iter().enumerate() {
            if next_top(rendered, i) > scroll_top {
                // Without a rendered row in view (the user scrolled past them) the next render
                // estimates the position from the heights instead.
                if offset_top(first) < scroll_top + client {
                    self.anchor = Some((key.clone(), offset_top(node) - scroll_top));
                }
                return;
            }
        }
    }

    /// Scrolls so that the anchor row is where it was (or to the bottom when there).
    pub fn restore(&self, list: &Element, find: impl Fn(&str) -> Option<Element>) {
        if self.at_bottom {
            list.set_scroll_top(list.scroll_height());
            return;
        }
        if let Some((key, delta)) = &self.anchor {
            if let Some(el) = find(key) {
                list.set_scroll_top(offset_top(&el) - delta);
            }
        }
    }
}

impl Drop for Virtual {
    fn drop(&mut self) {
        if let Some(observer) = self.observer.take() {
            observer.disconnect();
        }
    }
}

/// A rendered row: its key, its first node (a separator or itself) and its own node.
pub type Rendered = (String, Element, Element);

/// Where the row after `rendered[i]` starts (for the last, where one would start).
fn next_top(rendered: &[Rendered], i: usize) -> i32 {
    match rendered.get(i + 1) {
        Some((_, first, _)) => offset_top(first),
        None => rendered.get(i).map_or(0, |(_, _, node)| {
            offset_top(node) + height_of(node) + GAP_PX
        }),
    }
}

fn set_margin(el: &Element, name: &str, px: i32) {
    if let Some(style) = html(el).map(HtmlElement::style) {
        if px > 0 {
            let value = [decimal(px.unsigned_abs().into()).as_str(), "px"].concat();
            let _ = style.set_property(name, &value);
        } else {
            let _ = style.remove_property(name);
        }
    }
}

/// The offset of `el` within the list (see [`Virtual`]; the list is the rows' offset parent).
pub fn top_of(el: &Element) -> i32 {
    offset_top(el)
}

/// The height of `el`.
pub fn height_of(el: &Element) -> i32 {
    html(el).map_or(0, HtmlElement::offset_height)
}
