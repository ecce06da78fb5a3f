//! The state of a list on screen: its rows, its load state, the filter typed over it, the
//! selection and the scroll offset. Filtering keeps a lowercase search text per row, so typing
//! a filter over 100,000 rows is one substring test per row; drawing builds only the rows of
//! the visible window (see `widgets::table`).

use crate::tui::request::ReqId;

/// Where a list's data stands.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum LoadState {
    /// Nothing asked yet.
    #[default]
    Idle,
    /// A request is out (rows from an earlier load may still be shown).
    Loading,
    Loaded,
    /// The last request failed with this error (its kind says whether trying again helps).
    Failed(crate::domain::Error),
}

/// How a row takes part in filtering: group headers stay visible while any row of their group
/// matches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Group {
    None,
    Header(i64),
    Member(i64),
}

pub struct Listing<T> {
    items: Vec<T>,
    search: Vec<String>,
    shown: Vec<usize>,
    filter: String,
    selected: usize,
    offset: usize,
    pub load: LoadState,
    pending: Option<ReqId>,
    /// A row to select when the next rows arrive (something just created).
    reveal: Option<i64>,
    text_of: fn(&T) -> String,
    id_of: fn(&T) -> i64,
    group_of: fn(&T) -> Group,
    /// The ids of the marked rows (Space), for bulk actions; kept across reloads while the
    /// rows are still there.
    marked: std::collections::BTreeSet<i64>,
}

fn no_group<T>(_: &T) -> Group {
    Group::None
}

impl<T> Listing<T> {
    /// An empty list whose rows are searched by `text_of` and told apart by `id_of` (which
    /// keeps the selection on the same row across reloads).
    pub fn new(text_of: fn(&T) -> String, id_of: fn(&T) -> i64) -> Self {
        Self {
            items: Vec::new(),
            search: Vec::new(),
            shown: Vec::new(),
            filter: String::new(),
            selected: 0,
            offset: 0,
            load: LoadState::Idle,
            pending: None,
            reveal: None,
            text_of,
            id_of,
            group_of: no_group,
            marked: Default::default(),
        }
    }

    pub fn with_groups(mut self, group_of: fn(&T) -> Group) -> Self {
        self.group_of = group_of;
        self
    }

    /// Marks a request as the one whose reply counts; replies to earlier ones are stale.
    pub fn begin(&mut self, req: ReqId) {
        self.pending = Some(req);
        self.load = LoadState::Loading;
    }

    /// Whether a reply belongs to the latest request.
    pub fn is_pending(&self, req: ReqId) -> bool {
        self.pending == Some(req)
    }

    pub fn is_loading(&self) -> bool {
        self.load == LoadState::Loading
    }

    /// Takes the rows of a reply, keeping the selection on the same row when it is still there.
    pub fn set_items(&mut self, items: Vec<T>) {
        let keep = self
            .reveal
            .take()
            .or_else(|| self.selected_item().map(self.id_of));
        self.search = items
            .iter()
            .map(|i| (self.text_of)(i).to_lowercase())
            .collect();
        let ids: std::collections::HashSet<i64> = items.iter().map(self.id_of).collect();
        self.marked.retain(|id| ids.contains(id));
        self.items = items;
        self.pending = None;
        self.load = LoadState::Loaded;
        self.refilter(false);
        if let Some(id) = keep
            && let Some(pos) = self
                .shown
                .iter()
                .position(|&i| (self.id_of)(&self.items[i]) == id)
        {
            self.selected = pos;
        }
        self.clamp();
    }

    /// Adds the rows of a further page after the ones shown (the selection stays).
    pub fn append(&mut self, items: Vec<T>) {
        let start = self.items.len();
        self.search
            .extend(items.iter().map(|i| (self.text_of)(i).to_lowercase()));
        self.items.extend(items);
        let needle = self.filter.trim().to_lowercase();
        for i in start..self.items.len() {
            if needle.is_empty() || self.search[i].contains(&needle) {
                self.shown.push(i);
            }
        }
        self.clamp();
    }

    /// Selects the row with this id when the next rows arrive.
    pub fn reveal_on_load(&mut self, id: i64) {
        self.reveal = Some(id);
    }

    pub fn fail(&mut self, error: crate::domain::Error) {
        self.pending = None;
        self.load = LoadState::Failed(error);
    }

    /// Forgets rows and requests (the list now shows something else).
    pub fn clear(&mut self) {
        self.items.clear();
        self.search.clear();
        self.shown.clear();
        self.selected = 0;
        self.offset = 0;
        self.pending = None;
        self.load = LoadState::Idle;
        self.marked.clear();
    }

    /// Marks the selected row, or unmarks it; false if there is no row (or it is a heading).
    pub fn toggle_mark(&mut self) -> bool {
        let Some(item) = self.selected_item() else {
            return false;
        };
        if matches!((self.group_of)(item), Group::Header(_)) {
            return false;
        }
        let id = (self.id_of)(item);
        if !self.marked.remove(&id) {
            self.marked.insert(id);
        }
        true
    }

    /// Marks every row the filter shows (headings aside).
    pub fn mark_shown(&mut self) {
        for &i in &self.shown {
            let item = &self.items[i];
            if !matches!((self.group_of)(item), Group::Header(_)) {
                self.marked.insert((self.id_of)(item));
            }
        }
    }

    /// Forgets the marks; false if there were none.
    pub fn clear_marks(&mut self) -> bool {
        let had = !self.marked.is_empty();
        self.marked.clear();
        had
    }

    /// How many rows are marked.
    pub fn marks(&self) -> usize {
        self.marked.len()
    }

    pub fn is_marked(&self, item: &T) -> bool {
        !self.marked.is_empty() && self.marked.contains(&(self.id_of)(item))
    }

    /// The marked rows, in list order (filtered out or not).
    pub fn marked_items(&self) -> Vec<&T> {
        self.items.iter().filter(|i| self.is_marked(i)).collect()
    }

    pub fn items(&self) -> &[T] {
        &self.items
    }

    pub fn filter(&self) -> &str {
        &self.filter
    }

    pub fn set_filter(&mut self, filter: &str) {
        if self.filter == filter {
            return;
        }
        let keep = self.selected_item().map(self.id_of);
        let old = self.filter.trim().to_lowercase();
        let narrow = !old.is_empty() && filter.trim().to_lowercase().starts_with(&old);
        self.filter = filter.to_string();
        self.refilter(narrow);
        // The selection stays on its row while that row matches; otherwise it goes to the first
        // row that matches itself, not to a group header shown only for context (Enter would act
        // on the header).
        let needle = self.filter.trim().to_lowercase();
        let hit =
            |l: &Self, pos: usize| needle.is_empty() || l.search[l.shown[pos]].contains(&needle);
        let header =
            |l: &Self, pos: usize| matches!((l.group_of)(&l.items[l.shown[pos]]), Group::Header(_));
        let kept = keep.and_then(|id| {
            (0..self.shown.len())
                .find(|&p| (self.id_of)(&self.items[self.shown[p]]) == id && hit(self, p))
        });
        self.selected = kept
            .or_else(|| (0..self.shown.len()).find(|&p| hit(self, p) && !header(self, p)))
            .or_else(|| (0..self.shown.len()).find(|&p| hit(self, p)))
            .unwrap_or(0);
        self.offset = 0;
        self.clamp();
    }

    /// Recomputes the shown rows. `narrow` says the new filter only adds to the previous one,
    /// so only the rows shown now need a look (typing a filter gets faster as it gets longer).
    fn refilter(&mut self, narrow: bool) {
        let needle = self.filter.trim().to_lowercase();
        if needle.is_empty() {
            self.shown = (0..self.items.len()).collect();
            return;
        }
        let candidates: Vec<usize> = if narrow {
            std::mem::take(&mut self.shown)
        } else {
            (0..self.items.len()).collect()
        };
        let hits: Vec<bool> = candidates
            .iter()
            .map(|&i| self.search[i].contains(&needle))
            .collect();
        let mut groups_hit = std::collections::HashSet::new();
        for (k, &i) in candidates.iter().enumerate() {
            if hits[k]
                && let Group::Member(g) | Group::Header(g) = (self.group_of)(&self.items[i])
            {
                groups_hit.insert(g);
            }
        }
        self.shown = candidates
            .iter()
            .enumerate()
            .filter(|&(k, &i)| match (self.group_of)(&self.items[i]) {
                Group::Header(g) => groups_hit.contains(&g),
                _ => hits[k],
            })
            .map(|(_, &i)| i)
            .collect();
    }

    /// Number of rows that pass the filter.
    pub fn len(&self) -> usize {
        self.shown.len()
    }

    pub fn is_empty(&self) -> bool {
        self.shown.is_empty()
    }

    /// The shown row at a position (0 = first shown row).
    pub fn get(&self, pos: usize) -> Option<&T> {
        self.shown.get(pos).map(|&i| &self.items[i])
    }

    /// The position of the selection among shown rows.
    pub fn selected(&self) -> usize {
        self.selected
    }

    pub fn selected_item(&self) -> Option<&T> {
        self.get(self.selected)
    }

    pub fn select(&mut self, pos: usize) {
        self.selected = pos;
        self.clamp();
    }

    /// Selects the first shown row that satisfies `f`.
    pub fn select_where(&mut self, f: impl Fn(&T) -> bool) -> bool {
        match self.shown.iter().position(|&i| f(&self.items[i])) {
            Some(pos) => {
                self.selected = pos;
                true
            }
            None => false,
        }
    }

    pub fn move_by(&mut self, delta: isize) {
        if self.shown.is_empty() {
            return;
        }
        let last = self.shown.len() - 1;
        self.selected = self.selected.saturating_add_signed(delta).min(last);
    }

    pub fn top(&mut self) {
        self.selected = 0;
    }

    pub fn bottom(&mut self) {
        self.selected = self.shown.len().saturating_sub(1);
    }

    fn clamp(&mut self) {
        self.selected = self.selected.min(self.shown.len().saturating_sub(1));
    }

    /// The first row of the window, kept so that the selection is visible in `height` rows.
    pub fn offset(&self, height: usize) -> usize {
        window_offset(self.offset, self.selected, height, self.shown.len())
    }

    /// Remembers the scroll position after the selection moved (`height` = visible rows).
    pub fn scroll_into_view(&mut self, height: usize) {
        self.offset = self.offset(height);
    }

    /// The shown rows of the window starting at `offset`, at most `height` of them.
    pub fn window(&self, offset: usize, height: usize) -> impl Iterator<Item = (usize, &T)> {
        self.shown
            .iter()
            .enumerate()
            .skip(offset)
            .take(height)
            .map(|(pos, &i)| (pos, &self.items[i]))
    }
}

/// A row id for a text id (compute environments, credentials, runs): a stable hash.
pub fn key_id(key: &str) -> i64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    key.hash(&mut h);
    h.finish() as i64
}

/// The scroll offset that keeps `selected` inside a window of `height` rows over `len` rows,
/// moving the previous `offset` as little as possible.
pub fn window_offset(offset: usize, selected: usize, height: usize, len: usize) -> usize {
    if height == 0 || len == 0 {
        return 0;
    }
    let mut off = offset.min(len.saturating_sub(height));
    if selected < off {
        off = selected;
    } else if selected >= off + height {
        off = selected + 1 - height;
    }
    off
}

/// Moving through a list and filtering it, whatever its rows are.
pub trait Nav {
    fn move_by(&mut self, delta: isize);
    fn top(&mut self);
    fn bottom(&mut self);
    fn select(&mut self, pos: usize);
    fn selected(&self) -> usize;
    fn len(&self) -> usize;
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    fn offset(&self, height: usize) -> usize;
    fn scroll_into_view(&mut self, height: usize);
    fn filter(&self) -> &str;
    fn set_filter(&mut self, filter: &str);
    /// Space: marks or unmarks the selected row; false if the list has no marks.
    fn toggle_mark(&mut self) -> bool {
        false
    }
    /// Marks every row the filter shows; false if the list has no marks.
    fn mark_shown(&mut self) -> bool {
        false
    }
    /// Forgets the marks; false if there were none.
    fn clear_marks(&mut self) -> bool {
        false
    }
    fn marks(&self) -> usize {
        0
    }
}

impl<T> Nav for Listing<T> {
    fn move_by(&mut self, delta: isize) {
        Listing::move_by(self, delta)
    }
    fn top(&mut self) {
        Listing::top(self)
    }
    fn bottom(&mut self) {
        Listing::bottom(self)
    }
    fn select(&mut self, pos: usize) {
        Listing::select(self, pos)
    }
    fn selected(&self) -> usize {
        Listing::selected(self)
    }
    fn len(&self) -> usize {
        Listing::len(self)
    }
    fn offset(&self, height: usize) -> usize {
        Listing::offset(self, height)
    }
    fn scroll_into_view(&mut self, height: usize) {
        Listing::scroll_into_view(self, height)
    }
    fn filter(&self) -> &str {
        Listing::filter(self)
    }
    fn set_filter(&mut self, filter: &str) {
        Listing::set_filter(self, filter)
    }
    fn toggle_mark(&mut self) -> bool {
        Listing::toggle_mark(self);
        true
    }
    fn mark_shown(&mut self) -> bool {
        Listing::mark_shown(self);
        true
    }
    fn clear_marks(&mut self) -> bool {
        Listing::clear_marks(self)
    }
    fn marks(&self) -> usize {
        Listing::marks(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_follow_ids_through_filters_and_reloads() {
        let mut l = listing(&["a", "bb", "ccc", "dddd"]);
        assert!(l.toggle_mark());
        assert_eq!(l.marked_items(), vec![&"a"]);
        l.toggle_mark();
        assert_eq!(l.marks(), 0);
        l.set_filter("c");
        l.mark_shown();
        l.set_filter("");
        assert_eq!(l.marked_items(), vec![&"ccc"]);
        l.select(3);
        l.toggle_mark();
        assert_eq!(l.marked_items(), vec![&"ccc", &"dddd"]);
        // A reload keeps the marks of the rows still there.
        l.set_items(vec!["a", "ccc"]);
        assert_eq!(l.marked_items(), vec![&"ccc"]);
        assert!(l.clear_marks());
        assert!(!l.clear_marks());
    }

    fn listing(items: &[&'static str]) -> Listing<&'static str> {
        let mut l = Listing::new(|s: &&str| s.to_string(), |s: &&str| s.len() as i64);
        l.set_items(items.to_vec());
        l
    }

    #[test]
    fn filter_keeps_selection_when_possible() {
        let mut l = listing(&["alpha", "beta", "gamma", "delta"]);
        l.select(2);
        assert_eq!(l.selected_item(), Some(&"gamma"));
        l.set_filter("MA");
        assert_eq!(l.len(), 1);
        assert_eq!(l.selected_item(), Some(&"gamma"));
        l.set_filter("zzz");
        assert!(l.is_empty());
        assert_eq!(l.selected_item(), None);
        l.set_filter("");
        assert_eq!(l.len(), 4);
    }

    #[test]
    fn typing_more_narrows_to_the_same_rows_as_a_fresh_filter() {
        let words = ["rnaseq", "rna", "chipseq", "atac", "rnafusion", "sarek"];
        let mut typed = listing(&words);
        let mut fresh = listing(&words);
        for f in ["r", "rn", "rna", "rnas", "rna", "s", "se", "seq"] {
            typed.set_filter(f);
            fresh.set_filter("");
            fresh.set_filter(f);
            let a: Vec<&str> = typed.window(0, 10).map(|(_, w)| *w).collect();
            let b: Vec<&str> = fresh.window(0, 10).map(|(_, w)| *w).collect();
            assert_eq!(a, b, "filter {f}");
        }
    }

    #[test]
    fn window_follows_the_selection() {
        assert_eq!(window_offset(0, 0, 5, 100), 0);
        assert_eq!(window_offset(0, 7, 5, 100), 3);
        assert_eq!(window_offset(10, 7, 5, 100), 7);
        assert_eq!(window_offset(98, 99, 5, 100), 95);
        assert_eq!(window_offset(3, 2, 0, 100), 0);
        assert_eq!(window_offset(3, 0, 5, 0), 0);
    }

    #[test]
    fn appended_pages_keep_the_selection_and_the_filter() {
        let mut l = listing(&["alpha", "beta"]);
        l.select(1);
        l.append(vec!["gamma", "delta"]);
        assert_eq!(l.len(), 4);
        assert_eq!(l.selected_item(), Some(&"beta"));
        l.set_filter("ta");
        l.append(vec!["zeta", "eta"]);
        let shown: Vec<&str> = l.window(0, 10).map(|(_, w)| *w).collect();
        assert_eq!(shown, vec!["beta", "delta", "zeta", "eta"]);
        assert_ne!(key_id("a"), key_id("b"));
        assert_eq!(key_id("a"), key_id("a"));
    }

    #[test]
    fn stale_replies_are_told_apart() {
        let mut l = listing(&[]);
        l.begin(1);
        l.begin(2);
        assert!(!l.is_pending(1));
        assert!(l.is_pending(2));
    }

    #[test]
    fn headers_stay_with_matching_members() {
        let mut l: Listing<(&str, Group)> =
            Listing::new(|r: &(&str, Group)| r.0.to_string(), |r| r.0.len() as i64)
                .with_groups(|r| r.1);
        l.set_items(vec![
            ("org-a", Group::Header(1)),
            ("rnaseq", Group::Member(1)),
            ("org-b", Group::Header(2)),
            ("chipseq", Group::Member(2)),
        ]);
        l.set_filter("rna");
        let shown: Vec<&str> = l.window(0, 10).map(|(_, r)| r.0).collect();
        assert_eq!(shown, vec!["org-a", "rnaseq"]);
    }
}
