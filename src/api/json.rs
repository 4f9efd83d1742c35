//! The JSON body extractor: like `web::Json`, but a body that does not fit names the
//! exact field that failed (`rows[3].hours`), via serde_path_to_error.

use actix_web::dev::Payload;
use actix_web::{web, FromRequest, HttpMessage, HttpRequest};
use futures_util::future::LocalBoxFuture;
use futures_util::StreamExt;
use serde::de::DeserializeOwned;

use super::state::AppState;
use crate::domain::validation::FieldError;
use crate::error::AppError;

pub struct ApiJson<T>(pub T);

impl<T> ApiJson<T> {
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> std::ops::Deref for ApiJson<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

/// The field a serde message names for unknown or missing fields, e.g.
/// "unknown field `foo`, expected ..." → foo.
pub(crate) fn named_field(message: &str) -> Option<String> {
    if !(message.starts_with("unknown field") || message.starts_with("missing field")) {
        return None;
    }
    let start = message.find('`')? + 1;
    let end = start + message[start..].find('`')?;
    Some(message[start..end].to_string())
}

pub fn decode<T: DeserializeOwned>(body: &[u8]) -> Result<T, AppError> {
    let mut de = serde_json::Deserializer::from_slice(body);
    serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        let message = inner.to_string();
        if !inner.is_data() {
            return AppError::bad_request(format!("the body is not valid JSON: {message}"));
        }
        let field = match (named_field(&message), path.as_str()) {
            // For unknown fields the path already ends with the field itself.
            (Some(name), p) if p == name || p.ends_with(&format!(".{name}")) => p.to_string(),
            (Some(name), "." | "") => name,
            (Some(name), parent) => format!("{parent}.{name}"),
            (None, "." | "") => "body".to_string(),
            (None, p) => p.to_string(),
        };
        // serde repeats the offending value; an identity number must never come back.
        let message = if field.contains("identity") {
            "has the wrong type; send the number as text (the value is not repeated)".to_string()
        } else {
            message
        };
        AppError::BadRequest {
            detail: format!("{field}: {message}"),
            errors: vec![FieldError {
                field,
                message,
                ..Default::default()
            }],
        }
    })
}

/// Reads a request body, refusing it as soon as it passes `limit` bytes.
pub(crate) async fn read_limited(
    mut payload: Payload,
    limit: usize,
    what: &str,
) -> Result<web::BytesMut, AppError> {
    let mut body = web::BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk =
            chunk.map_err(|e| AppError::bad_request(format!("cannot read the body: {e}")))?;
        if body.len() + chunk.len() > limit {
            return Err(AppError::PayloadTooLarge(format!(
                "the {what} is larger than {limit} bytes"
            )));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

impl<T: DeserializeOwned + 'static> FromRequest for ApiJson<T> {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let limit = req
            .app_data::<web::Data<AppState>>()
            .map(|s| s.max_json_bytes)
            .unwrap_or(256 * 1024);
        let is_json = {
            let ct = req.content_type();
            ct == "application/json" || ct.ends_with("+json")
        };
        let mut payload = payload.take();
        Box::pin(async move {
            if !is_json {
                return Err(AppError::UnsupportedMediaType(
                    "send JSON with Content-Type: application/json".into(),
                ));
            }
            let mut body = web::BytesMut::new();
            while let Some(chunk) = payload.next().await {
                let chunk = chunk
                    .map_err(|e| AppError::bad_request(format!("cannot read the body: {e}")))?;
                if body.len() + chunk.len() > limit {
                    return Err(AppError::PayloadTooLarge(format!(
                        "the JSON body is larger than {limit} bytes"
                    )));
                }
                body.extend_from_slice(&chunk);
            }
            decode(&body).map(ApiJson)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Row {
        hours: rust_decimal::Decimal,
    }

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Sheet {
        kind: crate::domain::organisation::OrgKind,
        rows: Vec<Row>,
    }

    fn field(body: &str) -> String {
        match decode::<Sheet>(body.as_bytes()) {
            Err(AppError::BadRequest { errors, .. }) => errors[0].field.clone(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn errors_name_the_field() {
        assert_eq!(field(r#"{"kind":"county","rows":[]}"#), "kind");
        assert_eq!(
            field(r#"{"kind":"region","rows":[{"hours":"1"},{"hours":true}]}"#),
            "rows[1].hours"
        );
        assert_eq!(field(r#"{"kind":"region","rows":[],"extra":1}"#), "extra");
        assert_eq!(
            field(r#"{"kind":"region","rows":[{"hours":"1","x":2}]}"#),
            "rows[0].x"
        );
        assert_eq!(field(r#"{"rows":[]}"#), "kind");
        assert!(matches!(
            decode::<Sheet>(b"{\"kind\":"),
            Err(AppError::BadRequest { .. })
        ));
    }
}
