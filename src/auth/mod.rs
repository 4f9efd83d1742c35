//! Authentication building blocks: password hashes, tokens, the signing secret.

pub mod password;
pub mod secret;
pub mod token;
