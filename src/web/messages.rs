//! The use cases state their rules in English (the API's language); a page shows them in
//! Swedish. Each known message is a pattern with `{}` for what varies (a name, a date, a
//! number of hours) and its Swedish wording; what varies is carried over, with decimal
//! points as commas and the enums' names in Swedish. A message not in the table is shown
//! as it is, so a new rule is never hidden, only untranslated until it is added here.

use crate::domain::names::Named;
use crate::domain::workflow::{ReportState, TimesheetState};

/// English pattern → Swedish, `{}` holes in the same order.
const TABLE: &[(&str, &str)] = &[
    // Timesheets.
    (
        "{} hours in one day: at most 13 hours a day",
        "{} timmar på en dag: högst 13 timmar per dag",
    ),
    ("{} hours: must be more than 0", "{} timmar: måste vara mer än 0"),
    ("{} has more than 2 decimals", "{} har fler än två decimaler"),
    ("{} is not a number of hours", "{} är inte ett antal timmar"),
    (
        "a timesheet needs at least one day with hours",
        "En tidrapport behöver minst en dag med timmar.",
    ),
    (
        "{} would declare {} hours in {}, past the yearly cap of {} hours (1 720 × employment rate over the months with a salary record)",
        "{} skulle redovisa {} timmar under {}, över årstaket på {} timmar (1 720 × sysselsättningsgrad för månaderna med lönerad).",
    ),
    (
        "{} already has a timesheet for {}; edit that one",
        "{} har redan en tidrapport för {}; ändra den i stället.",
    ),
    (
        "the timesheet is {}; only a draft can be changed",
        "Tidrapporten är {}; bara ett utkast kan ändras.",
    ),
    (
        "an empty timesheet cannot be signed",
        "En tom tidrapport kan inte signeras.",
    ),
    (
        "the timesheet is {}, only a draft can be signed",
        "Tidrapporten är {}; bara ett utkast kan signeras.",
    ),
    (
        "the timesheet is {}, only a signed timesheet can be attested",
        "Tidrapporten är {}; bara en signerad tidrapport kan attesteras.",
    ),
    (
        "four eyes: the attester may not be the person who entered or signed the timesheet",
        "Fyra ögon: den som attesterar får inte vara den som registrerade eller signerade tidrapporten.",
    ),
    (
        "{} has no salary record valid in {}",
        "{} har ingen lönerad som gäller {}: lägg till en under Personal först.",
    ),
    ("{} is not in {}", "{} ligger inte i {}"),
    (
        "{} is outside the project ({} to {})",
        "{} ligger utanför projektet ({} till {})",
    ),
    (
        "must not contain control or invisible formatting characters (found {})",
        "får inte innehålla styrtecken eller osynliga formateringstecken (hittade {})",
    ),
    ("must be at most {} characters", "får vara högst {} tecken"),
    // Months.
    (
        "the report for {} is {}; its entries change only while it is open or returned (correct it with an adjustment in an open month)",
        "Rapporten för {} är {}; dess poster ändras bara medan den är öppen eller återsänd (rätta med en justering i en öppen månad).",
    ),
    (
        "{}'s report for {} is {}; a manager who decides it must reopen the month before {} can change it",
        "{}s rapport för {} är {}; en chef som beslutar om den måste öppna månaden igen innan {} kan ändra.",
    ),
    (
        "these reports for {} are not approved yet: {}",
        "De här rapporterna för {} är inte godkända ännu: {}.",
    ),
    (
        "{} timesheet(s) of {} are not attested yet; attest or delete them first",
        "{} tidrapport(er) för {} är inte attesterade ännu; attestera eller ta bort dem först.",
    ),
    (
        "four eyes: the owner's report is approved by another manager than the one who submitted it",
        "Fyra ögon: ägarens rapport godkänns av en annan chef än den som skickade in den.",
    ),
    // Participants.
    ("the personnummer {}", "personnumret {}"),
    ("the samordningsnummer {}", "samordningsnumret {}"),
    ("has a wrong check digit", "har fel kontrollsiffra"),
    ("has {} digits; a number has 10 or 12", "har {} siffror; ett nummer har 10 eller 12"),
    (
        "holds something other than digits and one - or + before the last four",
        "innehåller annat än siffror och ett - eller + före de fyra sista",
    ),
    (
        "is a samordningsnummer (day + 60), not a personnummer",
        "är ett samordningsnummer (dag + 60), inte ett personnummer",
    ),
    (
        "is a personnummer, not a samordningsnummer (day + 60)",
        "är ett personnummer, inte ett samordningsnummer (dag + 60)",
    ),
    ("is required", "krävs"),
    (
        "the participant is {} at start; the project takes those {} or older",
        "deltagaren är {} år vid start; projektet tar emot den som är {} eller äldre",
    ),
    (
        "a protected identity's number is never stored; give birth date and sex",
        "en skyddad identitets nummer sparas aldrig; ange födelsedatum och kön",
    ),
    (
        "a protected identity needs birth date and sex",
        "en skyddad identitet behöver födelsedatum och kön",
    ),
    (
        "birth date and sex come from the identity number",
        "födelsedatum och kön kommer från numret",
    ),
    ("a participant who leaves has an outcome", "en deltagare som slutar har ett utfall"),
    (
        "an outcome is given when the participant leaves",
        "utfallet anges när deltagaren slutar",
    ),
    ("{} is before the start date {}", "{} är före startdatumet {}"),
    ("{} is after the project's end {}", "{} är efter projektets slut {}"),
    (
        "a correction counts at once, so it needs a confirmed attendance certificate (närvarointyg)",
        "en rättelse räknas direkt och behöver därför ett bekräftat närvarointyg",
    ),
    ("the participant is not enrolled in {}", "deltagaren är inte inskriven under {}"),
    // Workbooks.
    (
        "no staff member with this number in {}",
        "ingen anställd med det numret i {}",
    ),
    ("outside the project ({} to {})", "utanför projektet ({} till {})"),
    (
        "an empty row between data rows; remove it",
        "en tom rad mellan raderna; ta bort den",
    ),
    (
        "an unexpected column; use the template's columns",
        "en kolumn som mallen inte har; använd mallens kolumner",
    ),
    (
        "formulas are not accepted; paste the values instead",
        "formler tas inte emot; klistra in värdena i stället",
    ),
    (
        "is a number, not a date; format the cell as a date or write YYYY-MM-DD",
        "är ett tal, inte ett datum; formatera cellen som datum eller skriv ÅÅÅÅ-MM-DD",
    ),
    ("is empty; a date is required", "är tom; ett datum krävs"),
    ("is empty; a month (YYYY-MM) is required", "är tom; en månad (ÅÅÅÅ-MM) krävs"),
    ("is empty; a number is required", "är tom; ett tal krävs"),
    (
        "is not a date; write YYYY-MM-DD or format the cell as a date",
        "är inte ett datum; skriv ÅÅÅÅ-MM-DD eller formatera cellen som datum",
    ),
    ("is not a month; write YYYY-MM", "är inte en månad; skriv ÅÅÅÅ-MM"),
    // Any text field.
    ("must not be empty", "Fältet får inte vara tomt."),
    ("must be at most {} characters", "Fältet får ha högst {} tecken."),
    // Workshops.
    ("{} already has a workshop named {}", "{} har redan en verkstad som heter {}."),
    // Organisations.
    ("another organisation has the code '{}'", "En annan organisation har redan koden {}."),
    ("another organisation has the municipality code {}", "En annan organisation har redan kommunkoden {}."),
    ("another organisation has the organisation number {}", "En annan organisation har redan organisationsnumret {}."),
    ("is required when there is no municipality code", "Koden behövs när det inte finns någon kommunkod."),
    ("only municipalities have a municipality code, not a {}", "Bara kommuner har kommunkod, inte en {}."),
    ("the parent already has an organisation named '{}'", "Där finns redan en organisation som heter {}."),
    ("a {} must have a parent {}", "En {} måste höra till en {}."),
    ("a {} must be placed under a {}, not under a {}", "En {} ska höra till en {}, inte till en {}."),
    ("'{}' is not a valid code: 1-16 characters A-Z, 0-9 or '-'", "{} är ingen giltig kod: 1–16 tecken A–Z, 0–9 eller bindestreck."),
    ("'{}' is not a municipality code: four digits, e.g. 1481", "{} är ingen kommunkod: fyra siffror, t.ex. 1481."),
    ("'{}' is not an organisation number: ten digits, NNNNNN-NNNN", "{} är inget organisationsnummer: tio siffror, NNNNNN-NNNN."),
    ("'{}' is not an organisation number: its third digit must be 2 or more", "{} är inget organisationsnummer: den tredje siffran ska vara 2 eller mer."),
    ("'{}' has a wrong check digit (expected {})", "{} har fel kontrollsiffra (den ska vara {})."),
    (
        "moving '{}' under organisation {} would make a cycle: it is the organisation itself or one of its descendants",
        "{} kan inte flyttas under sig själv eller någon av sina egna organisationer.",
    ),
    // Project settings and the social-fee table.
    ("'{}' is not an ESF case number such as 2011-3010123", "{} är inget ärendenummer som 2011-3010123."),
    ("must be more than 0 %", "måste vara mer än 0 %."),
    ("must not exceed the total budget", "får inte vara mer än projektets totala budget."),
    (
        "'other' employers have no default rate; set it per salary record",
        "En annan arbetsgivare har ingen tabellsats: ange satsen på varje lönerad.",
    ),
    ("{} is outside 1990-2100", "{} ligger utanför 1990–2100."),
    // Statistics' period.
    (
        "the first month {} is not a month; write YYYY-MM",
        "Från månad: {} är inte en månad; skriv ÅÅÅÅ-MM.",
    ),
    (
        "the last month {} is not a month; write YYYY-MM",
        "Till och med månad: {} är inte en månad; skriv ÅÅÅÅ-MM.",
    ),
    (
        "the last month {} is before the first month {}",
        "Till och med månad: {} är före från-månaden {}.",
    ),
    ("at most 120 months at a time", "Högst 120 månader åt gången."),
    ("is not a number", "är inte ett tal"),
    ("is not a valid date", "är inte ett giltigt datum"),
    ("must be one of {}", "måste vara en av {}"),
    ("the employee number is required", "anställningsnumret krävs"),
    (
        "the header must be '{}' (missing or renamed column)",
        "rubriken ska vara '{}' (kolumnen saknas eller har bytt namn)",
    ),
    ("the sheet has no rows to import", "bladet har inga rader att läsa in"),
    (
        "the workbook has no sheet named {}; use the template",
        "arbetsboken har inget blad som heter {}; använd mallen",
    ),
    ("the file is not an .xlsx workbook", "filen är inte en .xlsx-arbetsbok"),
    (
        "{} appears more than once; one row per day",
        "{} finns mer än en gång; en rad per dag",
    ),
    (
        "{} appears more than once for staff member {}; one row per day",
        "{} finns mer än en gång för anställd {}; en rad per dag",
    ),
    (
        "the workbook was made from template version {} of {}; this import reads version {}: download the template again and copy the rows into it",
        "Arbetsboken är gjord i version {} av mallen {}; inläsningen läser version {}: hämta mallen igen och kopiera in raderna.",
    ),
    (
        "the workbook is the template {}, not {}; choose the upload for {} or download the template for {}",
        "Arbetsboken är mallen {}, inte {}; välj inläsning av {} eller hämta mallen för {}.",
    ),
    (
        "the workbook carries no template version; this import reads version {} of {}: download the template again and copy the rows into it",
        "Arbetsboken saknar mallversion; inläsningen läser version {} av mallen {}: hämta mallen igen och kopiera in raderna.",
    ),
];

/// The holes of `pattern` in `message`, if the message has that shape.
fn holes<'m>(pattern: &str, message: &'m str) -> Option<Vec<&'m str>> {
    let parts: Vec<&str> = pattern.split("{}").collect();
    let (first, rest) = parts.split_first()?;
    let mut tail = message.strip_prefix(first)?;
    let mut found = Vec::new();
    for (i, part) in rest.iter().enumerate() {
        let last = i + 1 == rest.len();
        let at = if last {
            if part.is_empty() {
                tail.len()
            } else {
                tail.strip_suffix(part)?.len()
            }
        } else {
            tail.find(part)?
        };
        found.push(&tail[..at]);
        tail = &tail[at + part.len()..];
    }
    (rest.is_empty() && tail.is_empty() || !rest.is_empty()).then_some(found)
}

/// A hole as Swedish text: a decimal number with a comma, an English state in Swedish.
fn swedish_value(value: &str) -> String {
    if let Ok(state) = TimesheetState::parse(value) {
        return match state {
            TimesheetState::Draft => "ett utkast".into(),
            other => super::format::timesheet_state(other).to_lowercase(),
        };
    }
    if let Ok(state) = ReportState::parse(value) {
        return super::format::state(state).to_lowercase();
    }
    if let Ok(kind) = crate::domain::organisation::OrgKind::parse(value) {
        return super::format::org_kind(kind).to_lowercase();
    }
    // A decimal point between two digits is a comma in Swedish (`14.00` → `14,00`,
    // also inside a longer value such as `Timmar: 14.00`); dates and names keep theirs.
    let chars: Vec<char> = value.chars().collect();
    chars
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let between_digits = i > 0
                && chars[i - 1].is_ascii_digit()
                && chars.get(i + 1).is_some_and(|n| n.is_ascii_digit());
            if *c == '.' && between_digits {
                ','
            } else {
                *c
            }
        })
        .collect()
}

/// The Swedish wording of a use case's message (the message itself if unknown).
pub fn swedish(message: &str) -> String {
    for (pattern, sv) in TABLE {
        if let Some(values) = holes(pattern, message) {
            let mut out = String::new();
            let mut values = values.into_iter();
            let mut pieces = sv.split("{}").peekable();
            while let Some(piece) = pieces.next() {
                out.push_str(piece);
                if pieces.peek().is_some() {
                    let value = values.next().unwrap_or_default();
                    // A hole may itself be a known message (a rule inside a sentence).
                    let inner = swedish(value);
                    if inner != value {
                        out.push_str(&inner);
                    } else {
                        out.push_str(&swedish_value(value));
                    }
                }
            }
            return out;
        }
    }
    // A workbook cell's rule after its column's (Swedish) heading: "Datum is empty; …",
    // "Timmar: is not a number". The heading stays, the rule is translated.
    for (at, _) in message.match_indices(' ').take(3) {
        let (heading, rule) = (&message[..at], &message[at + 1..]);
        if heading.starts_with(char::is_uppercase) {
            let sv = swedish(rule);
            if sv != rule {
                return format!("{heading} {sv}");
            }
        }
    }
    message.to_string()
}

#[cfg(test)]
mod tests {
    use super::swedish;

    #[test]
    fn known_rules_read_in_swedish_with_their_values() {
        assert_eq!(
            swedish("14.00 hours in one day: at most 13 hours a day"),
            "14,00 timmar på en dag: högst 13 timmar per dag"
        );
        assert_eq!(
            swedish("Anna Berg would declare 1750.50 hours in 2016, past the yearly cap of 1720.00 hours (1 720 × employment rate over the months with a salary record)"),
            "Anna Berg skulle redovisa 1750,50 timmar under 2016, över årstaket på 1720,00 timmar (1 720 × sysselsättningsgrad för månaderna med lönerad)."
        );
        assert_eq!(
            swedish("the timesheet is signed; only a draft can be changed"),
            "Tidrapporten är signerad; bara ett utkast kan ändras."
        );
        assert_eq!(
            swedish("the report for 2016-03 is approved; its entries change only while it is open or returned (correct it with an adjustment in an open month)"),
            "Rapporten för 2016-03 är godkänd; dess poster ändras bara medan den är öppen eller återsänd (rätta med en justering i en öppen månad)."
        );
        assert_eq!(
            swedish("no staff member with this number in Mölndal"),
            "ingen anställd med det numret i Mölndal"
        );
        assert_eq!(swedish("is not a number"), "är inte ett tal");
        assert_eq!(
            swedish("the personnummer has a wrong check digit"),
            "personnumret har fel kontrollsiffra"
        );
        assert_eq!(
            swedish("Timmar: 14.00 hours in one day: at most 13 hours a day"),
            "Timmar: 14,00 timmar på en dag: högst 13 timmar per dag"
        );
        assert_eq!(
            swedish("no staff member with this number in mars.xlsx 2013-03-04"),
            "ingen anställd med det numret i mars.xlsx 2013-03-04"
        );
    }

    #[test]
    fn an_unknown_message_is_shown_as_it_is() {
        assert_eq!(swedish("something new"), "something new");
        assert_eq!(swedish("Datum something new"), "Datum something new");
        // A known pattern's words inside a longer message do not match by accident.
        assert_eq!(
            swedish("is not a number, really"),
            "is not a number, really"
        );
    }
}

#[cfg(test)]
mod timesheet_import_tests {
    use super::swedish;

    /// Every message a timesheet row can fail with reads in Swedish on the upload page.
    #[test]
    fn every_timesheet_row_error_reads_in_swedish() {
        for m in [
            "the employee number is required",
            "Datum is empty; a date is required",
            "Datum is not a date; write YYYY-MM-DD or format the cell as a date",
            "Datum is a number, not a date; format the cell as a date or write YYYY-MM-DD",
            "Datum is not a valid date",
            "Timmar: is empty; a number is required",
            "Timmar: is not a number",
            "Timmar: 14.00 hours in one day: at most 13 hours a day",
            "Finansiering must be one of 'projekt', 'medfinansiering'",
            "Aktivitet must be at most 500 characters",
            "2013-04-01 is not in 2013-03",
            "Belopp is not a number",
            "Månad is not a month; write YYYY-MM",
        ] {
            let sv = swedish(m);
            for english in [" is ", "must", "required", "characters", "number", " date"] {
                assert!(!sv.contains(english), "{m} reads {sv}");
            }
        }
    }
}
