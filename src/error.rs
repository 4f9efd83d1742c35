//! One error type for the service, rendered as RFC 9457 problem+json.

use actix_web::http::{header, StatusCode};
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;

use crate::domain::access::Denied;
use crate::domain::validation::{FieldError, Violations};
use crate::store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// Well-formed input that breaks a rule (422), every broken rule listed.
    #[error("validation failed")]
    Validation(Violations),
    /// Input that cannot be read at all: malformed JSON, wrong types, unknown fields (400).
    #[error("bad request: {detail}")]
    BadRequest {
        detail: String,
        errors: Vec<FieldError>,
    },
    #[error("unauthorized: {0}")]
    Unauthorized(String),
    #[error("forbidden: {0}")]
    Forbidden(String),
    #[error("not found: {0}")]
    NotFound(String),
    /// A uniqueness rule or the state of the data forbids the change (409).
    #[error("conflict: {detail}")]
    Conflict {
        detail: String,
        errors: Vec<FieldError>,
    },
    /// The client's `version` is not the stored one: someone changed it meanwhile (409).
    /// A workbook with broken rows (422): the first errors listed, the total counted.
    #[error("import failed: {detail}")]
    ImportFailed {
        detail: String,
        errors: Vec<FieldError>,
        total: usize,
    },
    #[error("stale version: {0}")]
    StaleVersion(String),
    #[error("payload too large: {0}")]
    PayloadTooLarge(String),
    #[error("unsupported media type: {0}")]
    UnsupportedMediaType(String),
    #[error("too many requests: {detail}")]
    TooManyRequests { detail: String, retry_after: u64 },
    #[error("service unavailable: {0}")]
    Unavailable(String),
    /// The database's machine cannot serve the query now (full disk, read-only,
    /// shutting down): `cause` is safe to show, `source` goes to the log only.
    #[error("storage unavailable: {cause} ({detail})")]
    StorageUnavailable { cause: &'static str, detail: String },
    /// A fault of ours without a cause to show (500); the message goes to the log only.
    #[error("internal error: {0}")]
    Internal(String),
    /// A fault of ours with its cause (500): `context` and the whole source chain go to
    /// the log, nothing of it to the client.
    #[error("{context}")]
    Failure {
        context: &'static str,
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
}

/// An error and every cause under it, for the log: "a: b: c".
pub fn chain(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut next = e.source();
    while let Some(cause) = next {
        out.push_str(": ");
        out.push_str(&cause.to_string());
        next = cause.source();
    }
    out
}

/// The problem+json body (RFC 9457) with a list of field errors for validation.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Problem {
    /// A URI naming the kind of problem.
    #[serde(rename = "type")]
    pub type_uri: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
    /// For imports: how many errors there are in all (only the first 1 000 are listed).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total_errors: Option<usize>,
}

impl AppError {
    pub fn validation(field: &str, message: impl Into<String>) -> Self {
        AppError::Validation(Violations::single(field, message))
    }

    pub fn bad_request(detail: impl Into<String>) -> Self {
        AppError::BadRequest {
            detail: detail.into(),
            errors: Vec::new(),
        }
    }

    pub fn conflict(field: &str, message: impl Into<String>) -> Self {
        let message = message.into();
        AppError::Conflict {
            detail: message.clone(),
            errors: vec![FieldError {
                field: field.into(),
                message,
                ..Default::default()
            }],
        }
    }

    fn slug_and_title(&self) -> (&'static str, &'static str) {
        match self {
            AppError::Validation(_) => ("validation-failed", "Validation failed"),
            AppError::ImportFailed { .. } => ("import-failed", "Import failed"),
            AppError::BadRequest { .. } => ("bad-request", "Bad request"),
            AppError::Unauthorized(_) => ("unauthorized", "Authentication required"),
            AppError::Forbidden(_) => ("forbidden", "Forbidden"),
            AppError::NotFound(_) => ("not-found", "Not found"),
            AppError::Conflict { .. } => ("conflict", "Conflict"),
            AppError::StaleVersion(_) => ("stale-version", "Stale version"),
            AppError::PayloadTooLarge(_) => ("payload-too-large", "Payload too large"),
            AppError::UnsupportedMediaType(_) => {
                ("unsupported-media-type", "Unsupported media type")
            }
            AppError::TooManyRequests { .. } => ("too-many-requests", "Too many requests"),
            AppError::Unavailable(_) | AppError::StorageUnavailable { .. } => {
                ("unavailable", "Service unavailable")
            }
            AppError::Internal(_) | AppError::Failure { .. } => ("internal", "Internal error"),
        }
    }

    pub fn problem(&self) -> Problem {
        let (slug, title) = self.slug_and_title();
        let (detail, errors) = match self {
            AppError::Validation(v) => (
                format!("{} rule(s) broken: {}", v.0.len(), v.describe()),
                v.0.clone(),
            ),
            AppError::BadRequest { detail, errors }
            | AppError::Conflict { detail, errors }
            | AppError::ImportFailed { detail, errors, .. } => (detail.clone(), errors.clone()),
            AppError::TooManyRequests { detail, .. } => (detail.clone(), Vec::new()),
            // Never leak internals (SQL, paths) to clients; they are in the log.
            AppError::Internal(_) | AppError::Failure { .. } => (
                "an unexpected error occurred; it has been logged".to_string(),
                Vec::new(),
            ),
            AppError::Unavailable(_) => (
                "the database is not reachable; try again shortly".to_string(),
                Vec::new(),
            ),
            AppError::StorageUnavailable { cause, .. } => (
                format!("{cause}; nothing was changed; try again later"),
                Vec::new(),
            ),
            AppError::Unauthorized(d)
            | AppError::Forbidden(d)
            | AppError::NotFound(d)
            | AppError::StaleVersion(d)
            | AppError::PayloadTooLarge(d)
            | AppError::UnsupportedMediaType(d) => (d.clone(), Vec::new()),
        };
        Problem {
            type_uri: format!("urn:esf-ledger:problem:{slug}"),
            title: title.to_string(),
            status: self.status_code().as_u16(),
            detail,
            errors,
            total_errors: match self {
                AppError::ImportFailed { total, .. } => Some(*total),
                _ => None,
            },
        }
    }
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        match self {
            AppError::Validation(_) | AppError::ImportFailed { .. } => {
                StatusCode::UNPROCESSABLE_ENTITY
            }
            AppError::BadRequest { .. } => StatusCode::BAD_REQUEST,
            AppError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            AppError::Forbidden(_) => StatusCode::FORBIDDEN,
            AppError::NotFound(_) => StatusCode::NOT_FOUND,
            AppError::Conflict { .. } | AppError::StaleVersion(_) => StatusCode::CONFLICT,
            AppError::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            AppError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            AppError::Unavailable(_) | AppError::StorageUnavailable { .. } => {
                StatusCode::SERVICE_UNAVAILABLE
            }
            AppError::Internal(_) | AppError::Failure { .. } => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        match self {
            AppError::Internal(msg) => tracing::error!(error = %msg, "internal error"),
            AppError::Failure { .. } => tracing::error!(error = %chain(self), "internal error"),
            AppError::Unavailable(msg) => tracing::warn!(error = %msg, "database unavailable"),
            AppError::StorageUnavailable { cause, detail } => {
                tracing::error!(cause, error = %detail, "database cannot serve")
            }
            _ => {}
        }
        let mut response = HttpResponse::build(self.status_code());
        response.insert_header((header::CONTENT_TYPE, "application/problem+json"));
        match self {
            AppError::Unauthorized(_) => {
                response.insert_header((header::WWW_AUTHENTICATE, "Bearer"));
            }
            AppError::TooManyRequests { retry_after, .. } => {
                response.insert_header((header::RETRY_AFTER, retry_after.to_string()));
            }
            AppError::Unavailable(_) | AppError::StorageUnavailable { .. } => {
                response.insert_header((header::RETRY_AFTER, "5"));
            }
            _ => {}
        }
        response.json(self.problem())
    }
}

impl From<Violations> for AppError {
    fn from(v: Violations) -> Self {
        AppError::Validation(v)
    }
}

impl From<Denied> for AppError {
    fn from(d: Denied) -> Self {
        match d {
            // Where the record is known, `service::authorize_found` answers with the
            // record's own not-found words; this is for the rest.
            Denied::OutOfSight => {
                AppError::NotFound("nothing with that id in your part of the project".into())
            }
            Denied::Refused(rule) => AppError::Forbidden(rule),
        }
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        use diesel::result::{DatabaseErrorKind, Error as D};
        if let Some(cause) = e.unavailable_cause() {
            return AppError::StorageUnavailable {
                cause,
                detail: e.to_string(),
            };
        }
        if let StoreError::Query(D::DatabaseError(_, info)) = &e {
            // SQLite's "integer overflow" in SUM, PostgreSQL's "bigint out of range":
            // sums of bounded entries cannot reach it (money::MAX_ENTRY says why); if one
            // still does, it is the ledger's content, not a fault of ours.
            let message = info.message();
            if message.contains("integer overflow") || message.contains("out of range") {
                tracing::warn!(error = message, "a sum overflowed");
                return AppError::validation(
                    "amount",
                    "the amounts involved are too large to add up; correct the largest entries",
                );
            }
        }
        match e {
            StoreError::Query(D::NotFound) => AppError::NotFound("no such record".into()),
            // The database's own words (table, constraint, values) stay in the log.
            StoreError::Query(D::DatabaseError(DatabaseErrorKind::UniqueViolation, info)) => {
                tracing::info!(error = info.message(), "unique violation");
                AppError::Conflict {
                    detail: "a record with the same value already exists".into(),
                    errors: Vec::new(),
                }
            }
            StoreError::Query(D::DatabaseError(DatabaseErrorKind::ForeignKeyViolation, _)) => {
                AppError::conflict("id", "the change refers to a record that does not exist")
            }
            StoreError::Query(D::DatabaseError(DatabaseErrorKind::ClosedConnection, info)) => {
                AppError::Unavailable(info.message().to_string())
            }
            StoreError::Query(D::BrokenTransactionManager) => {
                AppError::Unavailable("broken database connection".into())
            }
            StoreError::Unavailable(m) => AppError::Unavailable(m),
            StoreError::Connection(c) => AppError::Unavailable(c.to_string()),
            other => AppError::Failure {
                context: "database error",
                source: Box::new(other),
            },
        }
    }
}

impl From<crate::views::RenderError> for AppError {
    fn from(e: crate::views::RenderError) -> Self {
        AppError::Failure {
            context: "a file could not be written",
            source: Box::new(e),
        }
    }
}

impl From<diesel::result::Error> for AppError {
    fn from(e: diesel::result::Error) -> Self {
        AppError::from(StoreError::from(e))
    }
}

impl From<r2d2::Error> for AppError {
    fn from(e: r2d2::Error) -> Self {
        AppError::Unavailable(e.to_string())
    }
}

pub type AppResult<T> = Result<T, AppError>;

#[cfg(test)]
mod tests {
    use super::*;
    use diesel::result::{DatabaseErrorInformation, DatabaseErrorKind, Error as D};

    struct Info(&'static str);

    impl DatabaseErrorInformation for Info {
        fn message(&self) -> &str {
            self.0
        }
        fn details(&self) -> Option<&str> {
            None
        }
        fn hint(&self) -> Option<&str> {
            None
        }
        fn table_name(&self) -> Option<&str> {
            None
        }
        fn column_name(&self) -> Option<&str> {
            None
        }
        fn constraint_name(&self) -> Option<&str> {
            None
        }
        fn statement_position(&self) -> Option<i32> {
            None
        }
    }

    fn database_error(kind: DatabaseErrorKind, message: &'static str) -> AppError {
        AppError::from(StoreError::Query(D::DatabaseError(
            kind,
            Box::new(Info(message)),
        )))
    }

    #[test]
    fn the_databases_words_never_reach_the_client() {
        let unique = database_error(
            DatabaseErrorKind::UniqueViolation,
            "duplicate key value violates unique constraint \"users_email_key\"",
        );
        let p = unique.problem();
        assert_eq!(p.status, 409);
        assert_eq!(p.detail, "a record with the same value already exists");
        let other = database_error(
            DatabaseErrorKind::CheckViolation,
            "new row for relation \"claims\" violates check constraint",
        );
        let p = other.problem();
        assert_eq!(p.status, 500);
        assert!(!p.detail.contains("claims"), "{}", p.detail);
        // The log keeps the cause.
        assert!(
            chain(&other).contains("violates check constraint"),
            "{}",
            chain(&other)
        );
    }
}
