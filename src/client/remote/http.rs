//! HTTP to a Seqera-style server: bearer token, timeouts, retries with backoff for idempotent
//! calls (GET, PUT, DELETE; never POST), and every failure turned into a `domain::Error` with a
//! message a user can act on. The token is never logged.

use crate::api::dto::ErrorResponse;
use crate::api::{ERROR_KIND_HEADER, LIMIT_EXCEEDED};
use crate::domain::{Error, Result};
use reqwest::header::{ETAG, HeaderValue, IF_NONE_MATCH};
use reqwest::{Method, StatusCode, Url};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long to wait for a connection.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// How long one request may take, answer included.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// Attempts for an idempotent request (the first and two retries).
const ATTEMPTS: u32 = 3;
/// The first retry waits this long; each next one twice as long.
const BACKOFF: Duration = Duration::from_millis(250);
/// The most of an error body that is read.
const ERROR_BODY_LIMIT: usize = 16 * 1024;

/// Query parameters, in order.
pub type QueryParams = Vec<(&'static str, String)>;

#[derive(Clone)]
pub struct Http {
    client: reqwest::Client,
    /// The API base, without a trailing slash (Enterprise serves the API under `/api`).
    base: String,
    token: String,
    cache: Arc<Answers>,
}

/// The last answer to each GET that came with an `ETag`: the next GET of that URL sends the
/// tag as `If-None-Match`, and a `304 Not Modified` reuses the answer, so polling a list that
/// did not change moves no body and decodes nothing new on the server.
#[derive(Default)]
struct Answers {
    by_url: Mutex<HashMap<String, (HeaderValue, Vec<u8>)>>,
    /// How many 304s were answered from here.
    reused: AtomicU64,
}

/// Answers kept at most; past it the cache starts again empty (a screen polls a handful of
/// URLs, a search typed letter by letter makes many that are never asked again).
const ANSWERS_KEPT: usize = 256;

impl Answers {
    fn tag(&self, url: &Url) -> Option<HeaderValue> {
        let map = self.by_url.lock().unwrap_or_else(|e| e.into_inner());
        map.get(url.as_str()).map(|(tag, _)| tag.clone())
    }

    fn reuse(&self, url: &Url) -> Option<Vec<u8>> {
        let map = self.by_url.lock().unwrap_or_else(|e| e.into_inner());
        let body = map.get(url.as_str()).map(|(_, body)| body.clone())?;
        self.reused.fetch_add(1, Ordering::Relaxed);
        Some(body)
    }

    fn keep(&self, url: &Url, tag: HeaderValue, body: &[u8]) {
        let mut map = self.by_url.lock().unwrap_or_else(|e| e.into_inner());
        if map.len() >= ANSWERS_KEPT {
            map.clear();
        }
        map.insert(url.as_str().to_string(), (tag, body.to_vec()));
    }
}

impl Http {
    pub fn new(endpoint: &str, token: &str) -> Result<Self> {
        let base = endpoint.trim().trim_end_matches('/').to_string();
        let url = Url::parse(&base)
            .map_err(|e| Error::invalid(format!("the endpoint '{endpoint}' is not a URL: {e}")))?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(Error::invalid(format!(
                "the endpoint '{endpoint}' must start with https:// (or http://)"
            )));
        }
        let client = reqwest::Client::builder()
            .connect_timeout(CONNECT_TIMEOUT)
            .timeout(REQUEST_TIMEOUT)
            .user_agent(concat!("nfdeck/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| Error::internal(format!("cannot set up HTTP: {e}")))?;
        Ok(Self {
            client,
            base,
            token: token.trim().to_string(),
            cache: Arc::default(),
        })
    }

    pub fn endpoint(&self) -> &str {
        &self.base
    }

    /// How many GETs were answered `304 Not Modified` and served from the last answer.
    pub fn reused_answers(&self) -> u64 {
        self.cache.reused.load(Ordering::Relaxed)
    }

    fn url(&self, path: &str, query: &QueryParams) -> Result<Url> {
        let mut url = Url::parse(&format!("{}{path}", self.base))
            .map_err(|e| Error::internal(format!("bad request path {path}: {e}")))?;
        if !query.is_empty() {
            let mut pairs = url.query_pairs_mut();
            for (k, v) in query {
                pairs.append_pair(k, v);
            }
        }
        Ok(url)
    }

    /// GET, decoding the JSON answer.
    pub async fn get<T: DeserializeOwned>(&self, path: &str, query: QueryParams) -> Result<T> {
        let body = self.send(Method::GET, path, query, None).await?;
        decode(&Method::GET, path, &body)
    }

    /// A request with a JSON body, decoding the JSON answer.
    pub async fn call<B: Serialize, T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        query: QueryParams,
        body: &B,
    ) -> Result<T> {
        let bytes = encode(body)?;
        let answer = self.send(method.clone(), path, query, Some(bytes)).await?;
        decode(&method, path, &answer)
    }

    /// A request with a JSON body whose answer (204, or a body nfdeck does not need) is
    /// ignored.
    pub async fn call_no_content<B: Serialize>(
        &self,
        method: Method,
        path: &str,
        query: QueryParams,
        body: &B,
    ) -> Result<()> {
        let bytes = encode(body)?;
        self.send(method, path, query, Some(bytes)).await.map(drop)
    }

    /// DELETE.
    pub async fn delete(&self, path: &str, query: QueryParams) -> Result<()> {
        self.send(Method::DELETE, path, query, None).await.map(drop)
    }

    /// Sends with retries (idempotent methods only) and returns the answer's body.
    async fn send(
        &self,
        method: Method,
        path: &str,
        query: QueryParams,
        body: Option<Vec<u8>>,
    ) -> Result<Vec<u8>> {
        let url = self.url(path, &query)?;
        let idempotent = matches!(method, Method::GET | Method::PUT | Method::DELETE);
        let mut attempt = 1;
        loop {
            let started = Instant::now();
            let result = self.send_once(&method, &url, body.clone()).await;
            let ms = started.elapsed().as_millis() as u64;
            match &result {
                Ok(_) => tracing::debug!(%method, path, ms, "remote call"),
                Err(e) => {
                    tracing::debug!(%method, path, ms, error = %e.error.message, "remote call failed")
                }
            }
            match result {
                Err(failure) if idempotent && attempt < ATTEMPTS && failure.retry => {
                    tokio::time::sleep(BACKOFF * 2u32.pow(attempt - 1)).await;
                    attempt += 1;
                }
                Err(failure) => return Err(failure.error),
                Ok(bytes) => return Ok(bytes),
            }
        }
    }

    async fn send_once(
        &self,
        method: &Method,
        url: &Url,
        body: Option<Vec<u8>>,
    ) -> Result<Vec<u8>, Failure> {
        let mut request = self
            .client
            .request(method.clone(), url.clone())
            .bearer_auth(&self.token)
            .header(reqwest::header::ACCEPT, "application/json");
        if let Some(bytes) = body {
            request = request
                .header(reqwest::header::CONTENT_TYPE, "application/json")
                .body(bytes);
        }
        let get = *method == Method::GET;
        if get && let Some(tag) = self.cache.tag(url) {
            request = request.header(IF_NONE_MATCH, tag);
        }
        let response = request.send().await.map_err(|e| self.network(e))?;
        let status = response.status();
        if status == StatusCode::NOT_MODIFIED
            && get
            && let Some(body) = self.cache.reuse(url)
        {
            return Ok(body);
        }
        if status == StatusCode::NOT_MODIFIED {
            // The answer it stands for was dropped meanwhile: ask again, without a tag.
            return Err(Failure {
                retry: true,
                error: Error::network(format!("{} answered 304 to a plain GET", self.base)),
            });
        }
        if status.is_success() {
            let tag = get.then(|| response.headers().get(ETAG).cloned()).flatten();
            let bytes = response.bytes().await.map_err(|e| self.network(e))?;
            if let Some(tag) = tag {
                self.cache.keep(url, tag, &bytes);
            }
            return Ok(bytes.to_vec());
        }
        let limit = response
            .headers()
            .get(ERROR_KIND_HEADER)
            .is_some_and(|v| v == LIMIT_EXCEEDED);
        let text = read_limited(response).await;
        let mut error = status_error(status, &text, &self.base, url.path());
        if limit && status == StatusCode::BAD_REQUEST {
            error.kind = crate::domain::ErrorKind::LimitExceeded;
        }
        Err(Failure {
            retry: matches!(status.as_u16(), 429 | 502 | 503 | 504),
            error,
        })
    }

    fn network(&self, e: reqwest::Error) -> Failure {
        let error = if e.is_timeout() {
            Error::network(format!(
                "no answer from {} within {} s",
                self.base,
                REQUEST_TIMEOUT.as_secs()
            ))
        } else if e.is_connect() {
            Error::network(format!("cannot reach {}: {}", self.base, root_cause(&e)))
        } else {
            Error::network(format!(
                "talking to {} failed: {}",
                self.base,
                root_cause(&e)
            ))
        };
        Failure { retry: true, error }
    }
}

/// A failed attempt, and whether another attempt may succeed.
struct Failure {
    retry: bool,
    error: Error,
}

impl From<Error> for Failure {
    fn from(error: Error) -> Self {
        Self {
            retry: false,
            error,
        }
    }
}

/// The innermost cause of an error chain ("connection refused" rather than "error sending
/// request").
fn root_cause(e: &(dyn std::error::Error + 'static)) -> String {
    let mut cause = e;
    while let Some(next) = cause.source() {
        cause = next;
    }
    cause.to_string()
}

async fn read_limited(response: reqwest::Response) -> String {
    let bytes = response.bytes().await.unwrap_or_default();
    let end = bytes.len().min(ERROR_BODY_LIMIT);
    String::from_utf8_lossy(&bytes[..end]).into_owned()
}

fn encode<B: Serialize>(body: &B) -> Result<Vec<u8>> {
    serde_json::to_vec(body).map_err(|e| Error::internal(format!("cannot encode a request: {e}")))
}

fn decode<T: DeserializeOwned>(method: &Method, path: &str, body: &[u8]) -> Result<T> {
    // A 204 answer has no body; read it as `{}` so that all-optional types still decode.
    let body = if body.iter().all(u8::is_ascii_whitespace) {
        b"{}".as_slice()
    } else {
        body
    };
    serde_json::from_slice(body).map_err(|e| {
        Error::server(format!(
            "the server's answer to {method} {path} cannot be read: {e}"
        ))
    })
}

/// The error for a non-success answer: the server's own message when it sent one.
pub fn status_error(status: StatusCode, body: &str, endpoint: &str, path: &str) -> Error {
    let message = serde_json::from_str::<ErrorResponse>(body)
        .ok()
        .and_then(|e| e.message)
        .filter(|m| !m.trim().is_empty());
    let or = |fallback: String| message.clone().unwrap_or(fallback);
    match status.as_u16() {
        400 => Error::invalid(or(format!(
            "the server refused the request to {path} (400)"
        ))),
        401 => Error::unauthorized(format!(
            "{endpoint} refused the access token (401){}: check --token, TOWER_ACCESS_TOKEN or the profile's token",
            message.map(|m| format!(": {m}")).unwrap_or_default()
        )),
        403 => Error::forbidden(or(format!(
            "the server does not allow this operation (403 on {path})"
        ))),
        404 => Error::not_found(or(format!("not found on the server: {path}"))),
        409 => Error::conflict(or(format!("the server reports a conflict on {path} (409)"))),
        413 => Error::invalid(format!(
            "the request to {path} is too large for the server (413)"
        )),
        501 => Error::unavailable(or(format!("{endpoint} does not offer {path}"))),
        // nfdeck's server answers 503 when its database is locked by another writer; any
        // server's 503 is "try again later", so the user keeps what they typed.
        503 => Error::busy(match message {
            Some(m) => format!("{endpoint} is busy (503): {m}"),
            None => format!("{endpoint} is busy or unavailable (503); try again in a moment"),
        }),
        s if s >= 500 => Error::server(format!(
            "{endpoint} failed ({s}){}",
            message.map(|m| format!(": {m}")).unwrap_or_default()
        )),
        s => Error::server(format!("unexpected answer {s} from {endpoint} to {path}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ErrorKind;

    #[test]
    fn statuses_map_to_kinds_and_keep_the_servers_message() {
        let e = status_error(
            StatusCode::CONFLICT,
            r#"{"message":"Duplicate name"}"#,
            "u",
            "/orgs",
        );
        assert_eq!(
            (e.kind, e.message.as_str()),
            (ErrorKind::Conflict, "Duplicate name")
        );
        let e = status_error(StatusCode::FORBIDDEN, "", "u", "/orgs/1");
        assert_eq!(e.kind, ErrorKind::Forbidden);
        assert!(e.message.contains("403"), "{e}");
        let e = status_error(StatusCode::UNAUTHORIZED, "", "https://x", "/user-info");
        assert_eq!(e.kind, ErrorKind::Unauthorized);
        assert!(e.message.contains("TOWER_ACCESS_TOKEN"), "{e}");
        let e = status_error(
            StatusCode::SERVICE_UNAVAILABLE,
            r#"{"message":"the database is busy"}"#,
            "https://x",
            "/orgs",
        );
        assert_eq!(
            (e.kind, e.message.as_str()),
            (
                ErrorKind::Busy,
                "https://x is busy (503): the database is busy"
            )
        );
        let e = status_error(StatusCode::BAD_GATEWAY, "<html>", "https://x", "/orgs");
        assert_eq!(e.kind, ErrorKind::Server);
        assert_eq!(
            status_error(StatusCode::NOT_FOUND, "", "u", "/p").kind,
            ErrorKind::NotFound
        );
        assert_eq!(
            status_error(StatusCode::BAD_REQUEST, "", "u", "/p").kind,
            ErrorKind::Invalid
        );
    }

    #[test]
    fn endpoints_must_be_http_urls() {
        assert!(Http::new("ftp://x", "t").is_err());
        assert!(Http::new("not a url", "t").is_err());
        let h = Http::new("https://host/api/", "t").unwrap();
        assert_eq!(h.endpoint(), "https://host/api");
        let url = h.url("/orgs", &vec![("search", "a b&c".into())]).unwrap();
        assert_eq!(url.as_str(), "https://host/api/orgs?search=a+b%26c");
    }
}
