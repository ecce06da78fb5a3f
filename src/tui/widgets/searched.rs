//! A list whose search is sent to the backend (runs, the audit log): the rows are what the
//! backend answered for the search, so typing changes the search, not which loaded rows show.

use super::list::{Listing, Nav};

pub struct SearchedList<T> {
    pub list: Listing<T>,
    /// The search typed over the list (sent to the backend, not applied here).
    pub search: String,
    /// Whether rows can be marked for a bulk action.
    markable: bool,
}

impl<T> SearchedList<T> {
    pub fn new(list: Listing<T>, markable: bool) -> Self {
        Self {
            list,
            search: String::new(),
            markable,
        }
    }
}

impl<T> Nav for SearchedList<T> {
    fn move_by(&mut self, delta: isize) {
        self.list.move_by(delta)
    }
    fn top(&mut self) {
        self.list.top()
    }
    fn bottom(&mut self) {
        self.list.bottom()
    }
    fn select(&mut self, pos: usize) {
        self.list.select(pos)
    }
    fn selected(&self) -> usize {
        self.list.selected()
    }
    fn len(&self) -> usize {
        self.list.len()
    }
    fn offset(&self, height: usize) -> usize {
        self.list.offset(height)
    }
    fn scroll_into_view(&mut self, height: usize) {
        self.list.scroll_into_view(height)
    }
    fn filter(&self) -> &str {
        &self.search
    }
    fn set_filter(&mut self, filter: &str) {
        self.search = filter.to_string();
    }
    fn toggle_mark(&mut self) -> bool {
        if self.markable {
            self.list.toggle_mark();
        }
        self.markable
    }
    fn mark_shown(&mut self) -> bool {
        if self.markable {
            self.list.mark_shown();
        }
        self.markable
    }
    fn clear_marks(&mut self) -> bool {
        self.markable && self.list.clear_marks()
    }
    fn marks(&self) -> usize {
        if self.markable { self.list.marks() } else { 0 }
    }
}
