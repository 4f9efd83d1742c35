//! Short-lived HS256 JWTs. The token names the user only; roles, organisation and the
//! active flag are read from the database on every request.

use jsonwebtoken::{decode, encode, Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

pub const ISSUER: &str = "esf-ledger";

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Claims {
    /// The user's id.
    pub sub: String,
    pub iat: i64,
    pub exp: i64,
    pub iss: String,
    /// The user's token generation when issued (absent in older tokens: 0).
    #[serde(default)]
    pub gen: i64,
}

/// Who a valid token names: the user and the token generation it was issued under.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Subject {
    pub user_id: i64,
    pub generation: i64,
}

#[derive(Clone)]
pub struct TokenKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    pub ttl_seconds: i64,
}

impl std::fmt::Debug for TokenKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenKeys")
            .field("ttl_seconds", &self.ttl_seconds)
            .finish_non_exhaustive()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenError {
    Expired,
    Invalid(String),
}

impl TokenKeys {
    pub fn new(secret: &[u8], ttl_seconds: i64) -> Self {
        Self {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            ttl_seconds,
        }
    }

    /// Issues a token for `user_id` of `generation`, valid `ttl_seconds` from `now`
    /// (unix seconds).
    pub fn issue_at(
        &self,
        user_id: i64,
        generation: i64,
        now: i64,
        ttl_seconds: i64,
    ) -> Result<String, jsonwebtoken::errors::Error> {
        let claims = Claims {
            sub: user_id.to_string(),
            iat: now,
            exp: now + ttl_seconds,
            iss: ISSUER.into(),
            gen: generation,
        };
        encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
    }

    pub fn issue(
        &self,
        user_id: i64,
        generation: i64,
    ) -> Result<String, jsonwebtoken::errors::Error> {
        self.issue_at(
            user_id,
            generation,
            chrono::Utc::now().timestamp(),
            self.ttl_seconds,
        )
    }

    /// Verifies signature (HS256 only: `alg: none` and other algorithms are refused),
    /// issuer and expiry, and returns whom it names.
    pub fn verify(&self, token: &str) -> Result<Subject, TokenError> {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_issuer(&[ISSUER]);
        validation.set_required_spec_claims(&["exp", "sub", "iss"]);
        validation.leeway = 5;
        let data =
            decode::<Claims>(token, &self.decoding, &validation).map_err(|e| match e.kind() {
                jsonwebtoken::errors::ErrorKind::ExpiredSignature => TokenError::Expired,
                _ => TokenError::Invalid(e.to_string()),
            })?;
        let user_id = data
            .claims
            .sub
            .parse()
            .map_err(|_| TokenError::Invalid("malformed subject".into()))?;
        Ok(Subject {
            user_id,
            generation: data.claims.gen,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_refusals() {
        let keys = TokenKeys::new(b"0123456789abcdef0123456789abcdef", 900);
        let t = keys.issue(42, 3).unwrap();
        assert_eq!(
            keys.verify(&t),
            Ok(Subject {
                user_id: 42,
                generation: 3
            })
        );

        let now = chrono::Utc::now().timestamp();
        let expired = keys.issue_at(42, 0, now - 3600, 60).unwrap();
        assert_eq!(keys.verify(&expired), Err(TokenError::Expired));

        let other = TokenKeys::new(b"another secret, another secret!!", 900);
        assert!(matches!(
            keys.verify(&other.issue(42, 0).unwrap()),
            Err(TokenError::Invalid(_))
        ));

        // Re-signing with the payload altered breaks the signature.
        let mut parts: Vec<String> = t.split('.').map(String::from).collect();
        parts[1] = parts[1].replacen('e', "f", 1);
        assert!(keys.verify(&parts.join(".")).is_err());
    }
}
