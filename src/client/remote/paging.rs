//! Paged lists: one request for a page the server hands out at once, several (in order) for a
//! larger one, stopping at `totalSize`. A server may hand out fewer items than asked (its own
//! page limit): the next request starts after what came and asks for the rest.

use super::RemoteClient;
use super::http::QueryParams;
use crate::domain::{Page, Paged, Result};
use serde::de::DeserializeOwned;

/// `max`, `offset` and `search` as query parameters.
pub fn page_query(max: u32, offset: u32, search: &Option<String>) -> QueryParams {
    let mut q: QueryParams = vec![
        ("max", max.min(i32::MAX as u32).to_string()),
        ("offset", offset.min(i32::MAX as u32).to_string()),
    ];
    if let Some(s) = search {
        q.push(("search", s.clone()));
    }
    q
}

impl RemoteClient {
    /// Reads `page` of a list endpoint; `split` turns one answer into its items and total.
    pub(super) async fn paged<D, T>(
        &self,
        path: &str,
        page: &Page,
        split: impl Fn(D) -> Result<(Vec<T>, u64)>,
    ) -> Result<Paged<T>>
    where
        D: DeserializeOwned,
    {
        self.paged_with(path, Vec::new(), page, split).await
    }

    /// As `paged`, with query parameters of its own (the workspace) before the page's.
    pub(super) async fn paged_with<D, T>(
        &self,
        path: &str,
        base: QueryParams,
        page: &Page,
        split: impl Fn(D) -> Result<(Vec<T>, u64)>,
    ) -> Result<Paged<T>>
    where
        D: DeserializeOwned,
    {
        let mut items = Vec::new();
        let mut total;
        loop {
            let want = page.max.saturating_sub(items.len() as u32).min(Page::MAX);
            let offset = page.offset.saturating_add(items.len() as u32);
            let mut q = base.clone();
            q.extend(page_query(want, offset, &page.search));
            let answer: D = self.http.get(path, q).await?;
            let (batch, batch_total) = split(answer)?;
            total = batch_total;
            let got = batch.len();
            items.extend(batch);
            let done = got == 0
                || items.len() as u32 >= page.max
                || u64::from(offset) + got as u64 >= total;
            if done {
                break;
            }
        }
        Ok(Paged::new(items, total))
    }

    /// The total of a list endpoint, read with a one-item page.
    pub(super) async fn count<D: DeserializeOwned>(
        &self,
        path: &str,
        total: impl Fn(&D) -> Option<i64>,
    ) -> Result<u64> {
        let answer: D = self.http.get(path, page_query(1, 0, &None)).await?;
        Ok(total(&answer).unwrap_or(0).max(0) as u64)
    }
}
