//! Request id and access log: one span per request, no query strings or bodies logged
//! (they may hold personal identity numbers).

use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::Error;
use tracing::Instrument;

pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// Keeps a caller's request id if it is short and plain, else makes one.
fn request_id(req: &ServiceRequest) -> String {
    req.headers()
        .get(&REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .filter(|v| {
            !v.is_empty()
                && v.len() <= 64
                && v.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
        .map(str::to_owned)
        .unwrap_or_else(|| uuid::Uuid::new_v4().to_string())
}

pub async fn request_context(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let id = request_id(&req);
    let span = tracing::info_span!(
        "request",
        request_id = %id,
        method = %req.method(),
        path = %req.path(),
    );
    let started = Instant::now();
    let mut res = next.call(req).instrument(span.clone()).await?;
    if let Ok(value) = HeaderValue::from_str(&id) {
        res.headers_mut().insert(REQUEST_ID, value);
    }
    let status = res.status().as_u16();
    span.in_scope(|| {
        tracing::info!(
            status,
            elapsed_ms = started.elapsed().as_millis() as u64,
            "response"
        )
    });
    Ok(res)
}

tokio::task_local! {
    /// Whether the request being served may write: any method but GET, HEAD and OPTIONS.
    static MAY_WRITE: bool;
}

/// Whether the request being served may write. Outside any request (start-up, commands
/// run in-process), yes: the safe answer.
pub fn request_may_write() -> bool {
    MAY_WRITE.try_with(|w| *w).unwrap_or(true)
}

/// Marks the request as one that may write or not, by its method, for
/// [`request_may_write`]: a request that may write reads the directory generation after
/// each of its database hops, so a change it made to a user or an organisation ends the
/// cached actors it touches by the very next request (`api::actors`). Reads need no such
/// read: the actor cache's watcher keeps the generation current.
pub async fn mark_writes(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    use actix_web::http::Method;
    let may_write = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    MAY_WRITE.scope(may_write, next.call(req)).await
}
