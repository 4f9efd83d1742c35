//! Forms described once and read the same way: each field names the use case's input
//! field it fills, how it is typed (text, kronor, a decimal, a month, a date, a choice)
//! and its Swedish label. What is typed is read into the API's own JSON input (decimal
//! commas and spaces accepted), so the use case checks every rule and names the field;
//! a value that can't even be read is named here, at its field, with nothing sent on.

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::HttpResponse;
use askama::Template;
use serde_json::{json, Map, Value};

use super::messages::swedish;
use super::pages::Chrome;
use super::{render, WebError};
use crate::domain::names::Named;
use crate::domain::period::{Date, Month};
use crate::error::AppError;

/// How a field is typed, and so checked before the use case sees it.
pub enum Input {
    Text,
    /// A password: typed hidden, never shown back.
    Secret,
    /// Kronor with up to two decimals (`1 234,50`).
    Money,
    /// A plain decimal (an area, a percentage).
    Decimal,
    Month,
    Date,
    /// Yes or no (a JSON boolean).
    YesNo,
    /// One of these values (value, label); the labels may be made at run time.
    Choice(Vec<(String, String)>),
    /// Any number of these values (check boxes; a JSON array).
    Many(Vec<(String, String)>),
}

/// Separates the values of a field posted more than once (check boxes).
pub const REPEATED: char = '\u{1f}';

pub struct FieldDef {
    /// The input's field name (as the API names it).
    pub name: &'static str,
    pub label: &'static str,
    pub hint: &'static str,
    pub input: Input,
    pub optional: bool,
}

pub const fn field(
    name: &'static str,
    label: &'static str,
    hint: &'static str,
    input: Input,
) -> FieldDef {
    FieldDef {
        name,
        label,
        hint,
        input,
        optional: false,
    }
}

/// The same field, which may be left empty (it is then not sent).
pub fn optional(f: FieldDef) -> FieldDef {
    FieldDef {
        optional: true,
        ..f
    }
}

/// A choice of an enum's variants, named by `label`.
pub fn choices<T: Named>(label: fn(T) -> &'static str) -> Input {
    Input::Choice(
        T::VARIANTS
            .iter()
            .map(|v| (v.as_str().to_string(), label(*v).to_string()))
            .collect(),
    )
}

/// Problems for the error summary: the field to link to, and the message.
pub type Problems = Vec<(String, String)>;

/// A typed number as the API writes it: spaces out, a decimal point for a comma.
pub fn plain_number(text: &str) -> Option<String> {
    let t: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{a0}')
        .collect::<String>()
        .replace(',', ".")
        .replace('\u{2212}', "-");
    let digits = t.strip_prefix('-').unwrap_or(&t);
    let (whole, fraction) = match digits.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (digits, None),
    };
    let all = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    (all(whole) && fraction.is_none_or(all)).then_some(t)
}

/// The posted fields by name; a name posted more than once (check boxes) keeps every
/// value, joined by `REPEATED` (which no typed text may hold: it is a control character).
pub fn fields_of(form: Vec<(String, String)>) -> HashMap<String, String> {
    let mut out: HashMap<String, String> = HashMap::new();
    for (k, v) in form {
        out.entry(k)
            .and_modify(|e| {
                e.push(REPEATED);
                e.push_str(&v);
            })
            .or_insert(v);
    }
    out
}

/// A many-choice's kinds for an enum.
pub fn many<T: Named>(label: fn(T) -> &'static str) -> Input {
    match choices(label) {
        Input::Choice(o) => Input::Many(o),
        other => other,
    }
}

/// The typed values of `defs` as the input's JSON fields, or the fields that could not
/// be read.
pub fn read(
    defs: &[FieldDef],
    values: &HashMap<String, String>,
) -> Result<Map<String, Value>, Problems> {
    let mut object = Map::new();
    let mut problems = Vec::new();
    for f in defs {
        let text = values.get(f.name).map(|v| v.trim()).unwrap_or_default();
        if let Input::Many(options) = &f.input {
            let chosen: Vec<&str> = text.split(REPEATED).filter(|v| !v.is_empty()).collect();
            if chosen.iter().any(|c| !options.iter().any(|(v, _)| v == c)) {
                problems.push((
                    f.name.to_string(),
                    format!("{}: välj bland alternativen.", f.label),
                ));
            } else if chosen.is_empty() && !f.optional {
                problems.push((f.name.to_string(), format!("{}: välj minst ett.", f.label)));
            } else {
                object.insert(f.name.into(), json!(chosen));
            }
            continue;
        }
        if text.contains(REPEATED) {
            problems.push((
                f.name.to_string(),
                format!("{}: ett värde, inte flera.", f.label),
            ));
            continue;
        }
        if text.is_empty() {
            if !f.optional {
                problems.push((f.name.to_string(), format!("{}: fyll i.", f.label)));
            }
            continue;
        }
        let value = match &f.input {
            Input::Text | Input::Secret => Some(json!(text)),
            Input::Money | Input::Decimal => plain_number(text).map(Value::String),
            Input::Month => Month::parse(text).ok().map(|_| json!(text)),
            Input::Date => Date::parse(text).ok().map(|_| json!(text)),
            Input::YesNo => match text {
                "ja" => Some(json!(true)),
                "nej" => Some(json!(false)),
                _ => None,
            },
            Input::Choice(options) => options
                .iter()
                .find(|(v, _)| v == text)
                .map(|(v, _)| json!(v)),
            Input::Many(_) => None,
        };
        match value {
            Some(v) => {
                object.insert(f.name.into(), v);
            }
            None => problems.push((
                f.name.to_string(),
                match f.input {
                    Input::Money => {
                        format!("{}: skriv ett belopp, till exempel 1 234,50.", f.label)
                    }
                    Input::Decimal => format!("{}: skriv ett tal, till exempel 12,5.", f.label),
                    Input::Month => format!("{}: skriv månaden som ÅÅÅÅ-MM.", f.label),
                    Input::Date => format!("{}: skriv datumet som ÅÅÅÅ-MM-DD.", f.label),
                    _ => format!("{}: välj ett av alternativen.", f.label),
                },
            )),
        }
    }
    if problems.is_empty() {
        Ok(object)
    } else {
        Err(problems)
    }
}

/// A record's values as a form shows them (decimal commas).
pub fn values_of(record: &Value) -> HashMap<String, String> {
    let mut out = HashMap::new();
    if let Some(object) = record.as_object() {
        for (k, v) in object {
            let text = match v {
                Value::String(s) if plain_number(s).as_deref() == Some(s.as_str()) => {
                    s.replace('.', ",")
                }
                Value::String(s) => s.clone(),
                Value::Number(n) => n.to_string(),
                Value::Bool(true) => "ja".into(),
                Value::Bool(false) => "nej".into(),
                Value::Array(items) => items
                    .iter()
                    .filter_map(Value::as_str)
                    .collect::<Vec<_>>()
                    .join(&REPEATED.to_string()),
                _ => continue,
            };
            out.insert(k.clone(), text);
        }
    }
    out
}

/// A chosen id or year (a choice's text) as the JSON number the use case reads; a
/// forged value is unreadable.
pub fn as_number(input: &mut Map<String, Value>, key: &str) -> Result<(), WebError> {
    let n: i64 = input
        .get(key)
        .and_then(Value::as_str)
        .and_then(|v| v.parse().ok())
        .ok_or(WebError::Unreadable)?;
    input.insert(key.into(), json!(n));
    Ok(())
}

/// The version a form carries back (none on a new record); a forged one is unreadable.
pub fn version_of(values: &HashMap<String, String>) -> Result<Option<i64>, WebError> {
    match values.get("version").filter(|v| !v.is_empty()) {
        Some(v) => Ok(Some(v.parse().map_err(|_| WebError::Unreadable)?)),
        None => Ok(None),
    }
}

/// The JSON input as the use case's input type.
pub fn decode<T: serde::de::DeserializeOwned>(input: Value) -> Result<T, AppError> {
    serde_json::from_value(input).map_err(|e| AppError::validation("form", e.to_string()))
}

/// Where a use case's error belongs on a form whose fields are `names` (`extra` are
/// fields beside them, such as a reason); the use case's messages in Swedish. Errors
/// that are not about the input are passed on.
pub fn problems_of(e: AppError, names: &[&str], extra: &[&str]) -> Result<Problems, WebError> {
    let first = names.first().copied().unwrap_or("main");
    let anchor = |field: &str| {
        let field = field.rsplit('.').next().unwrap_or(field);
        if names.contains(&field) || extra.contains(&field) {
            field.to_string()
        } else {
            first.to_string()
        }
    };
    match e {
        AppError::Validation(v) => Ok(v
            .0
            .into_iter()
            .map(|f| (anchor(&f.field), swedish(&f.message)))
            .collect()),
        AppError::Conflict { detail, errors } => Ok(vec![(
            errors.first().map_or(first.to_string(), |f| anchor(&f.field)),
            swedish(&detail),
        )]),
        AppError::StaleVersion(_) => Ok(vec![(
            first.to_string(),
            "Någon annan ändrade uppgifterna samtidigt. Gå tillbaka, ladda om sidan och försök igen."
                .into(),
        )]),
        other => Err(WebError::App(other)),
    }
}

/// A field as the form shows it.
pub struct FormField {
    pub name: &'static str,
    pub label: &'static str,
    pub hint: &'static str,
    pub value: String,
    pub options: Vec<(String, String)>,
    /// Check boxes rather than a drop-down.
    pub many: bool,
    /// A password field.
    pub secret: bool,
    pub optional: bool,
    pub error: Option<String>,
}

impl FormField {
    /// Whether `value` is chosen (for a drop-down or check boxes).
    pub fn chosen(&self, value: &str) -> bool {
        self.value.split(REPEATED).any(|v| v == value)
    }
}

/// The fields of `defs` with their values and errors; `hint` may replace a field's hint.
pub fn shown(
    defs: Vec<FieldDef>,
    values: &HashMap<String, String>,
    problems: &Problems,
    hint: impl Fn(&FieldDef) -> Option<&'static str>,
) -> Vec<FormField> {
    defs.into_iter()
        .map(|f| FormField {
            name: f.name,
            label: f.label,
            hint: hint(&f).unwrap_or(f.hint),
            value: values.get(f.name).cloned().unwrap_or_default(),
            error: error_of(problems, f.name),
            optional: f.optional,
            many: matches!(f.input, Input::Many(_)),
            secret: matches!(f.input, Input::Secret),
            options: match f.input {
                Input::Choice(o) | Input::Many(o) => o,
                Input::YesNo => vec![("ja".into(), "Ja".into()), ("nej".into(), "Nej".into())],
                _ => Vec::new(),
            },
        })
        .collect()
}

pub fn error_of(problems: &Problems, name: &str) -> Option<String> {
    problems
        .iter()
        .find(|(f, _)| f == name)
        .map(|(_, m)| m.clone())
}

/// One form on its own page (one thing per page), with the error summary on top.
#[derive(Template)]
#[template(path = "form.html")]
pub struct FormPage {
    pub chrome: Chrome,
    pub heading: String,
    /// Where "back" leads, and its words.
    pub back: (String, &'static str),
    pub action: String,
    pub fields: Vec<FormField>,
    pub version: Option<i64>,
    /// A correction asks why (a required reason).
    pub correcting: bool,
    pub reason: String,
    pub reason_error: Option<String>,
    pub problems: Problems,
    pub submit: &'static str,
    /// What was just done (after a save that returns to the same form).
    pub notice: Option<&'static str>,
}

impl FormPage {
    /// A form that is not a correction: its fields from `defs` with `values` and
    /// `problems`, and the version read when `values` holds one.
    #[allow(clippy::too_many_arguments)]
    pub fn plain(
        chrome: Chrome,
        heading: String,
        back: (String, &'static str),
        action: String,
        defs: Vec<FieldDef>,
        values: &HashMap<String, String>,
        problems: Problems,
        submit: &'static str,
    ) -> FormPage {
        FormPage {
            chrome,
            heading,
            back,
            action,
            fields: shown(defs, values, &problems, |_| None),
            version: values.get("version").and_then(|v| v.parse().ok()),
            correcting: false,
            reason: String::new(),
            reason_error: None,
            problems,
            submit,
            notice: None,
        }
    }

    pub fn respond(&self, status: StatusCode) -> Result<HttpResponse, WebError> {
        Ok(HttpResponse::build(status)
            .content_type("text/html; charset=utf-8")
            .body(render(self)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_read_as_swedes_type_them() {
        assert_eq!(plain_number("1 234,50").as_deref(), Some("1234.50"));
        assert_eq!(plain_number("1\u{a0}234,5").as_deref(), Some("1234.5"));
        assert_eq!(plain_number("\u{2212}500").as_deref(), Some("-500"));
        assert_eq!(plain_number("12.5").as_deref(), Some("12.5"));
        for bad in ["", "tio", "1e3", "1,2,3", ",5", "5,", "+5"] {
            assert_eq!(plain_number(bad), None, "{bad}");
        }
    }

    #[test]
    fn each_field_is_read_by_its_type_and_named_when_it_cannot_be() {
        let defs = [
            field("month", "Månad", "", Input::Month),
            field("amount", "Belopp", "", Input::Money),
            optional(field("note", "Anteckning", "", Input::Text)),
            field(
                "kind",
                "Slag",
                "",
                Input::Choice(vec![("a".into(), "A".into())]),
            ),
        ];
        let values: HashMap<String, String> =
            [("month", "2013-03"), ("amount", "1 000,25"), ("kind", "a")]
                .into_iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
        let read_ok = read(&defs, &values).unwrap();
        assert_eq!(
            Value::Object(read_ok),
            json!({ "month": "2013-03", "amount": "1000.25", "kind": "a" })
        );
        let bad: HashMap<String, String> = [("month", "mars"), ("amount", "mycket"), ("kind", "b")]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let problems = read(&defs, &bad).unwrap_err();
        let named: Vec<&str> = problems.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(named, ["month", "amount", "kind"]);
    }
}
