//! Static files, compiled into the binary and served under a name that carries their
//! content hash, so browsers keep them for a year and a new build is fetched at once.

use sha2::{Digest, Sha256};

/// One static file.
pub struct Asset {
    /// The URL it is served at (`/static/<stem>.<hash>.<ext>`).
    pub url: String,
    pub content_type: &'static str,
    pub bytes: &'static [u8],
}

/// The application's static files.
pub struct Assets {
    pub css: Asset,
    pub htmx: Asset,
    /// Our own few lines of script (the upload's progress bar).
    pub app_js: Asset,
    /// The API docs: Swagger UI's bundle and stylesheet, and our lines that start it.
    pub swagger_js: Asset,
    pub swagger_css: Asset,
    pub api_docs_js: Asset,
}

fn asset(stem: &str, ext: &str, content_type: &'static str, bytes: &'static [u8]) -> Asset {
    let hash = hex::encode(&Sha256::digest(bytes)[..8]);
    Asset {
        url: format!("/static/{stem}.{hash}.{ext}"),
        content_type,
        bytes,
    }
}

impl Assets {
    pub fn new() -> Self {
        Assets {
            css: asset(
                "app",
                "css",
                "text/css; charset=utf-8",
                include_bytes!("../../static/app.css"),
            ),
            // htmx.org 2.0.11 from the npm registry (Zero-Clause BSD, see static/vendor).
            htmx: asset(
                "htmx-2.0.11",
                "js",
                "text/javascript; charset=utf-8",
                include_bytes!("../../static/vendor/htmx-2.0.11/htmx.min.js"),
            ),
            app_js: asset(
                "app",
                "js",
                "text/javascript; charset=utf-8",
                include_bytes!("../../static/app.js"),
            ),
            // swagger-ui-dist 5.35.0 from the npm registry (Apache-2.0, see static/vendor).
            swagger_js: asset(
                "swagger-ui-bundle-5.35.0",
                "js",
                "text/javascript; charset=utf-8",
                include_bytes!("../../static/vendor/swagger-ui-dist-5.35.0/swagger-ui-bundle.js"),
            ),
            swagger_css: asset(
                "swagger-ui-5.35.0",
                "css",
                "text/css; charset=utf-8",
                include_bytes!("../../static/vendor/swagger-ui-dist-5.35.0/swagger-ui.css"),
            ),
            api_docs_js: asset(
                "api-docs",
                "js",
                "text/javascript; charset=utf-8",
                include_bytes!("../../static/api-docs.js"),
            ),
        }
    }

    pub fn find(&self, url: &str) -> Option<&Asset> {
        [
            &self.css,
            &self.htmx,
            &self.app_js,
            &self.swagger_js,
            &self.swagger_css,
            &self.api_docs_js,
        ]
        .into_iter()
        .find(|a| a.url == url)
    }
}

impl Default for Assets {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_carry_the_content_hash() {
        let a = Assets::new();
        assert!(a.css.url.starts_with("/static/app.") && a.css.url.ends_with(".css"));
        assert_eq!(a.css.url.len(), "/static/app..css".len() + 16);
        assert!(a.find(&a.htmx.url).is_some());
        assert!(a.find("/static/app.css").is_none());
    }
}
