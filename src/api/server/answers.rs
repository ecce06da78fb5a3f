//! The answers of recent GETs, kept by their ETag (change counter, token, URL) so that the
//! same caller asking the same URL again, with nothing written since, gets the same bytes
//! without the handler running again. A tag is only ever looked up by a request that read
//! the same counter, so a stored answer is exactly what the handler would answer (a write
//! moves the counter and every older tag becomes unreachable), for that token only (another
//! caller's tag differs). Bounded by entries and by bytes; the least recently used go first.

use axum::body::Bytes;
use axum::http::HeaderMap;
use lru::LruCache;
use std::num::NonZeroUsize;
use std::sync::Mutex;

/// How many answers are kept at most.
const MAX_ENTRIES: usize = 4096;
/// How many body bytes are kept at most, all answers together.
const MAX_BYTES: usize = 64 << 20;
/// A larger answer is not kept (a whole export-sized list would push out many pages).
const MAX_ANSWER: usize = 1 << 20;

/// A kept answer: its body and headers (the ETag among them is replaced by the asker's).
#[derive(Clone)]
pub struct Answer {
    pub body: Bytes,
    pub headers: HeaderMap,
}

pub struct Answers {
    kept: Mutex<Kept>,
}

struct Kept {
    lru: LruCache<String, Answer>,
    bytes: usize,
}

impl Default for Answers {
    fn default() -> Self {
        Self {
            kept: Mutex::new(Kept {
                lru: LruCache::new(NonZeroUsize::new(MAX_ENTRIES).expect("non-zero")),
                bytes: 0,
            }),
        }
    }
}

impl Answers {
    /// The answer kept for this key, if one is.
    pub fn get(&self, key: &str) -> Option<Answer> {
        let mut kept = self.kept.lock().ok()?;
        kept.lru.get(key).cloned()
    }

    /// Whether an answer of this size may be kept.
    pub fn fits(size: usize) -> bool {
        size <= MAX_ANSWER
    }

    /// Keeps an answer, dropping the least recently used while over the byte bound.
    pub fn put(&self, key: String, answer: Answer) {
        if !Self::fits(answer.body.len()) {
            return;
        }
        let Ok(mut kept) = self.kept.lock() else {
            return;
        };
        kept.bytes += answer.body.len();
        if let Some((_, old)) = kept.lru.push(key, answer) {
            kept.bytes -= old.body.len();
        }
        while kept.bytes > MAX_BYTES {
            match kept.lru.pop_lru() {
                Some((_, old)) => kept.bytes -= old.body.len(),
                None => break,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(size: usize) -> Answer {
        Answer {
            body: Bytes::from(vec![b'x'; size]),
            headers: HeaderMap::new(),
        }
    }

    #[test]
    fn kept_answers_are_found_by_key_and_bounded_by_bytes() {
        let answers = Answers::default();
        answers.put("a".into(), answer(10));
        assert_eq!(answers.get("a").map(|a| a.body.len()), Some(10));
        assert!(answers.get("b").is_none());
        // Replacing a key does not count its bytes twice.
        answers.put("a".into(), answer(20));
        assert_eq!(answers.kept.lock().unwrap().bytes, 20);
        // Too large: not kept.
        answers.put("big".into(), answer(MAX_ANSWER + 1));
        assert!(answers.get("big").is_none());
        // Over the byte bound, the least recently used go first.
        for i in 0..(MAX_BYTES / MAX_ANSWER + 1) {
            answers.put(format!("k{i}"), answer(MAX_ANSWER));
        }
        let kept = answers.kept.lock().unwrap();
        assert!(kept.bytes <= MAX_BYTES);
        assert!(!kept.lru.contains("a"), "the oldest answer was dropped");
    }
}
