//! Collected validation failures: every broken rule is reported, not just the first.

use serde::Serialize;

/// One broken rule, naming the field (or sheet/row/column) and the rule.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, utoipa::ToSchema)]
pub struct FieldError {
    /// The offending field, e.g. `municipality_code`, or the column's header in a workbook.
    pub field: String,
    /// What is wrong, naming the value and the rule it broke.
    pub message: String,
    /// For workbooks: the sheet, the 1-based row and the column letter, and the value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub row: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Violations(pub Vec<FieldError>);

impl Violations {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        self.0.push(FieldError {
            field: field.to_string(),
            message: message.into(),
            ..Default::default()
        });
    }

    /// Records the error of `result` under `field` and returns its value, if any.
    pub fn check<T>(&mut self, field: &str, result: Result<T, String>) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(message) => {
                self.add(field, message);
                None
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Every broken rule as "field: message", joined by "; ".
    pub fn describe(&self) -> String {
        self.0
            .iter()
            .map(|e| format!("{}: {}", e.field, e.message))
            .collect::<Vec<_>>()
            .join("; ")
    }

    pub fn into_result(self) -> Result<(), Violations> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(self)
        }
    }

    pub fn single(field: &str, message: impl Into<String>) -> Self {
        let mut v = Self::new();
        v.add(field, message);
        v
    }
}

/// Trims a required text field and checks its length in characters.
pub fn required_text(value: &str, max_chars: usize) -> Result<String, String> {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return Err("must not be empty".into());
    }
    if trimmed.chars().count() > max_chars {
        return Err(format!("must be at most {max_chars} characters"));
    }
    if let Some(c) = trimmed.chars().find(|c| is_hidden(*c)) {
        return Err(format!(
            "must not contain control or invisible formatting characters (found U+{:04X})",
            u32::from(c)
        ));
    }
    Ok(trimmed.to_string())
}

/// Characters that change how text looks without being seen: control characters, the
/// bidirectional overrides and isolates (U+202A-202E, U+2066-2069, which can make
/// "cost" read as "tsoc"), direction marks, zero-width characters, the soft hyphen and
/// the byte-order mark. Text with them reads differently from what is stored (issue
/// 13.11).
pub fn is_hidden(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{200B}'..='\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2060}'..='\u{2069}'
                | '\u{061C}'
                | '\u{FEFF}'
                | '\u{00AD}'
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_formatting_is_refused() {
        assert_eq!(required_text(" Resa ", 10), Ok("Resa".into()));
        for text in [
            "Re\u{202E}sa",
            "Re\u{2066}sa",
            "Re\u{200B}sa",
            "Re\u{FEFF}sa",
            "Re\u{7}sa",
        ] {
            assert!(
                required_text(text, 20).unwrap_err().contains("U+"),
                "{text:?}"
            );
        }
        // Letters of every script are text, not formatting.
        assert!(required_text("Östersund العربية Ελλάδα", 40).is_ok());
    }
}
