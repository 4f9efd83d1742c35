//! Participant workbooks: enrolments ("Deltagare"), monthly attendance ("Närvaro") and
//! compensation paid ("Ersättning"), templates and readers. An identity number is never
//! echoed: every error about an identity cell shows it masked.

use crate::views::RenderError;
use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::grid::{self, WorkbookError};
use super::template::{self, Column, Rule};
use super::{cells, ImportErrors};
use crate::domain::entry::CompensationKind;
use crate::domain::identity::{self, IdKind, Sex};
use crate::domain::participant::{EducationLevel, LabourStatus, Outcome, StatusAtStart};
use crate::domain::period::Month;

pub const PARTICIPANT_SHEET: &str = "Deltagare";
pub const PARTICIPANT_HEADERS: [&str; 13] = [
    "Typ av nummer",
    "Personnummer",
    "Födelsedatum",
    "Kön",
    "Startdatum",
    "Metodverkstad",
    "Status vid start",
    "Utbildningsnivå",
    "Arbetsmarknadsstatus",
    "I utbildning vid start",
    "Slutdatum",
    "Utfall vid avslut",
    "Kvalifikation vid avslut",
];
pub const ATTENDANCE_SHEET: &str = "Närvaro";
pub const ATTENDANCE_HEADERS: [&str; 3] = ["Personnummer", "Månad", "Timmar"];
pub const COMPENSATION_SHEET: &str = "Ersättning";
pub const COMPENSATION_HEADERS: [&str; 6] = [
    "Personnummer",
    "Månad",
    "Typ",
    "Belopp",
    "Utbetalare",
    "Närvarointyg bekräftat",
];

// Each value's Swedish label: the template's drop-down list (`*_LABELS`) and the pairs
// the reader matches (`*`), the pairs naming the labels by index so both use the same
// words.
const KIND_LABELS: &[&str] = &["personnummer", "samordningsnummer", "skyddad identitet"];
const KIND: &[(&str, IdKind)] = &[
    (KIND_LABELS[0], IdKind::Personnummer),
    (KIND_LABELS[1], IdKind::Samordningsnummer),
    (KIND_LABELS[2], IdKind::Protected),
];
const SEX_LABELS: &[&str] = &["kvinna", "man"];
const SEX: &[(&str, Sex)] = &[(SEX_LABELS[0], Sex::Female), (SEX_LABELS[1], Sex::Male)];
const STATUS_LABELS: &[&str] = &["riskerar studieavbrott", "har avbrutit studier"];
const STATUS: &[(&str, StatusAtStart)] = &[
    (STATUS_LABELS[0], StatusAtStart::AtRisk),
    (STATUS_LABELS[1], StatusAtStart::DroppedOut),
];
const LEVEL_LABELS: &[&str] = &["isced 0-2", "isced 3-4", "isced 5-8"];
const LEVEL: &[(&str, EducationLevel)] = &[
    (LEVEL_LABELS[0], EducationLevel::Isced02),
    (LEVEL_LABELS[1], EducationLevel::Isced34),
    (LEVEL_LABELS[2], EducationLevel::Isced58),
];
const LABOUR_LABELS: &[&str] = &["arbetslös", "långtidsarbetslös", "inaktiv", "anställd"];
const LABOUR: &[(&str, LabourStatus)] = &[
    (LABOUR_LABELS[0], LabourStatus::Unemployed),
    (LABOUR_LABELS[1], LabourStatus::LongTermUnemployed),
    (LABOUR_LABELS[2], LabourStatus::Inactive),
    (LABOUR_LABELS[3], LabourStatus::Employed),
];
const OUTCOME_LABELS: &[&str] = &["studier", "arbete", "annan aktivitet", "okänt"];
const OUTCOME: &[(&str, Outcome)] = &[
    (OUTCOME_LABELS[0], Outcome::BackInStudies),
    (OUTCOME_LABELS[1], Outcome::InWork),
    (OUTCOME_LABELS[2], Outcome::OtherActivity),
    (OUTCOME_LABELS[3], Outcome::Unknown),
];
const YES_NO_LABELS: &[&str] = &["ja", "nej"];
const YES_NO: &[(&str, bool)] = &[(YES_NO_LABELS[0], true), (YES_NO_LABELS[1], false)];
const COMPENSATION_LABELS: &[&str] = &["ungdomsersättning", "aktivitetsersättning", "annan"];
const COMPENSATION: &[(&str, CompensationKind)] = &[
    (COMPENSATION_LABELS[0], CompensationKind::YouthCompensation),
    (
        COMPENSATION_LABELS[1],
        CompensationKind::ActivityCompensation,
    ),
    (COMPENSATION_LABELS[2], CompensationKind::Other),
];

/// One enrolment row, its cells typed; the identity is kept as written for the service
/// to validate.
#[derive(Debug, Clone)]
pub struct EnrolmentRowIn {
    pub row: u32,
    pub id_kind: IdKind,
    pub identity_number: Option<String>,
    pub birth_date: Option<NaiveDate>,
    pub sex: Option<Sex>,
    pub start_date: NaiveDate,
    pub workshop: Option<String>,
    pub status_at_start: StatusAtStart,
    pub education_level: EducationLevel,
    pub labour_status: LabourStatus,
    pub in_education_at_start: bool,
    pub end_date: Option<NaiveDate>,
    pub outcome: Option<Outcome>,
    pub qualification_gained: bool,
}

#[derive(Debug, Clone)]
pub struct AttendanceRowIn {
    pub row: u32,
    pub identity: String,
    pub month: Month,
    pub hours: Decimal,
}

#[derive(Debug, Clone)]
pub struct CompensationRowIn {
    pub row: u32,
    pub identity: String,
    pub month: Month,
    pub kind: CompensationKind,
    pub amount: Decimal,
    pub payer: String,
    pub certificate_confirmed: bool,
}

/// An identity as written, masked to its birth date: YYYYMMDD-**** for the 12-digit
/// form and substitute codes, YYMMDD-**** for the 10-digit form, whatever else is in it.
pub fn mask_written(text: &str) -> String {
    let t = text.trim();
    if t.len() == 12 && t.as_bytes()[8] == b'T' {
        return identity::mask(t);
    }
    let digits: String = t.chars().filter(|c| c.is_ascii_digit()).collect();
    let keep = if digits.len() >= 12 { 8 } else { 6 };
    format!("{}-****", &digits[..keep.min(digits.len())])
}

/// Masks the values of the identity column in the errors.
fn mask_identity(mut errors: ImportErrors, column: &str) -> ImportErrors {
    for e in &mut errors.listed {
        if e.column == column && !e.value.is_empty() {
            e.value = mask_written(&e.value);
        }
    }
    errors
}

fn optional<T>(
    cell: &calamine::Data,
    read: impl FnOnce(&calamine::Data) -> Result<T, String>,
) -> Result<Option<T>, String> {
    if cells::is_blank(cell) {
        Ok(None)
    } else {
        read(cell).map(Some)
    }
}

pub fn participant_template() -> Result<Vec<u8>, RenderError> {
    let col = Column::new;
    let h = PARTICIPANT_HEADERS;
    template::build(&template::Template {
        sheet: PARTICIPANT_SHEET,
        columns: &[
            col(h[0], 20.0, None, Rule::OneOf(KIND_LABELS)),
            col(h[1], 16.0, Some("@"), Rule::MaxLength(13)),
            col(h[2], 13.0, Some("yyyy-mm-dd"), Rule::Date),
            col(h[3], 8.0, None, Rule::OneOf(SEX_LABELS)),
            col(h[4], 12.0, Some("yyyy-mm-dd"), Rule::Date),
            col(h[5], 24.0, None, Rule::MaxLength(200)),
            col(h[6], 24.0, None, Rule::OneOf(STATUS_LABELS)),
            col(h[7], 14.0, None, Rule::OneOf(LEVEL_LABELS)),
            col(h[8], 20.0, None, Rule::OneOf(LABOUR_LABELS)),
            col(h[9], 12.0, None, Rule::OneOf(YES_NO_LABELS)),
            col(h[10], 12.0, Some("yyyy-mm-dd"), Rule::Date),
            col(h[11], 18.0, None, Rule::OneOf(OUTCOME_LABELS)),
            col(h[12], 12.0, None, Rule::OneOf(YES_NO_LABELS)),
        ],
        instructions: &[
            "Fyll i fliken Deltagare: en rad per inskrivning i kommunen.",
            "Personnummer skrivs ÅÅMMDD-NNNN eller ÅÅÅÅMMDDNNNN. Vid skyddad identitet: lämna personnummer tomt, fyll i födelsedatum och kön.",
            "Deltagaren ska vara minst 16 år vid start. Inskrivningar för samma person får inte överlappa.",
            "Metodverkstaden ska finnas upplagd för kommunen. Slutdatum och utfall fylls i när deltagaren avslutas.",
            "Personnummer och startdatum identifierar raden: samma fil kan läsas in igen utan dubbletter.",
        ],
        example: &[
            "personnummer", "950412-2384", "", "", "2013-02-04", "Metodverkstan", "har avbrutit studier",
            "isced 0-2", "inaktiv", "nej", "", "", "nej",
        ],
    })
}

pub fn read_participants(
    bytes: &[u8],
) -> Result<Result<Vec<EnrolmentRowIn>, ImportErrors>, WorkbookError> {
    let read = grid::read_rows(
        bytes,
        PARTICIPANT_SHEET,
        &PARTICIPANT_HEADERS,
        |row, c, fail| {
            let id_kind = cells::choice(&c[0], KIND)
                .map_err(|m| fail(0, format!("Typ av nummer {m}")))
                .ok();
            let number = cells::text(&c[1]);
            let birth = optional(&c[2], cells::date)
                .map_err(|m| fail(2, format!("Födelsedatum {m}")))
                .ok();
            let sex = optional(&c[3], |x| cells::choice(x, SEX))
                .map_err(|m| fail(3, format!("Kön {m}")))
                .ok();
            let start = cells::date(&c[4])
                .map_err(|m| fail(4, format!("Startdatum {m}")))
                .ok();
            let workshop = cells::text(&c[5]);
            let status = cells::choice(&c[6], STATUS)
                .map_err(|m| fail(6, format!("Status vid start {m}")))
                .ok();
            let level = cells::choice(&c[7], LEVEL)
                .map_err(|m| fail(7, format!("Utbildningsnivå {m}")))
                .ok();
            let labour = cells::choice(&c[8], LABOUR)
                .map_err(|m| fail(8, format!("Arbetsmarknadsstatus {m}")))
                .ok();
            let in_edu = cells::choice(&c[9], YES_NO)
                .map_err(|m| fail(9, format!("I utbildning vid start {m}")))
                .ok();
            let end = optional(&c[10], cells::date)
                .map_err(|m| fail(10, format!("Slutdatum {m}")))
                .ok();
            let outcome = optional(&c[11], |x| cells::choice(x, OUTCOME))
                .map_err(|m| fail(11, format!("Utfall vid avslut {m}")))
                .ok();
            let qualification = optional(&c[12], |x| cells::choice(x, YES_NO))
                .map_err(|m| fail(12, format!("Kvalifikation vid avslut {m}")))
                .ok();
            Some(EnrolmentRowIn {
                row,
                id_kind: id_kind?,
                identity_number: (!number.is_empty()).then_some(number),
                birth_date: birth?,
                sex: sex?,
                start_date: start?,
                workshop: (!workshop.is_empty()).then_some(workshop),
                status_at_start: status?,
                education_level: level?,
                labour_status: labour?,
                in_education_at_start: in_edu?,
                end_date: end?,
                outcome: outcome?,
                qualification_gained: qualification?.unwrap_or(false),
            })
        },
    )?;
    Ok(read.map_err(|e| mask_identity(e, "B")))
}

pub fn attendance_template() -> Result<Vec<u8>, RenderError> {
    let col = Column::new;
    let h = ATTENDANCE_HEADERS;
    template::build(&template::Template {
        sheet: ATTENDANCE_SHEET,
        columns: &[
            col(h[0], 16.0, Some("@"), Rule::MaxLength(13)),
            col(h[1], 10.0, Some("@"), Rule::MaxLength(7)),
            col(h[2], 10.0, Some("0.00"), Rule::Between("0", "744")),
        ],
        instructions: &[
            "Fyll i fliken Närvaro: en rad per deltagare och månad (ÅÅÅÅ-MM) med faktiskt närvarade timmar.",
            "Personnummer som på deltagaren (eller koden för skyddad identitet). Högst två decimaler.",
            "Personnummer och månad identifierar raden: samma fil kan läsas in igen utan dubbletter.",
        ],
        example: &["950412-2384", "2013-03", "42.5"],
    })
}

pub fn read_attendance(
    bytes: &[u8],
) -> Result<Result<Vec<AttendanceRowIn>, ImportErrors>, WorkbookError> {
    let read = grid::read_rows(
        bytes,
        ATTENDANCE_SHEET,
        &ATTENDANCE_HEADERS,
        |row, c, fail| {
            let identity = cells::text(&c[0]);
            if identity.is_empty() {
                fail(0, "Personnummer is required".into());
            }
            let month = cells::month(&c[1])
                .map_err(|m| fail(1, format!("Månad {m}")))
                .ok();
            let hours = cells::decimal(&c[2])
                .map_err(|m| fail(2, format!("Timmar {m}")))
                .ok();
            Some(AttendanceRowIn {
                row,
                identity,
                month: month?,
                hours: hours?,
            })
        },
    )?;
    Ok(read.map_err(|e| mask_identity(e, "A")))
}

pub fn compensation_template() -> Result<Vec<u8>, RenderError> {
    let col = Column::new;
    let h = COMPENSATION_HEADERS;
    template::build(&template::Template {
        sheet: COMPENSATION_SHEET,
        columns: &[
            col(h[0], 16.0, Some("@"), Rule::MaxLength(13)),
            col(h[1], 10.0, Some("@"), Rule::MaxLength(7)),
            col(h[2], 22.0, None, Rule::OneOf(COMPENSATION_LABELS)),
            col(h[3], 14.0, Some("#,##0.00"), Rule::AtLeast("0.01")),
            col(h[4], 26.0, None, Rule::MaxLength(200)),
            col(h[5], 14.0, None, Rule::OneOf(YES_NO_LABELS)),
        ],
        instructions: &[
            "Fyll i fliken Ersättning: en rad per deltagare, månad och typ av ersättning.",
            "Ersättningen räknas som medfinansiering för månader då deltagaren var inskriven, och först när närvarointyget är bekräftat: med \"nej\" registreras den som väntande och räknas inte förrän intyget bekräftas.",
            "Personnummer, månad och typ identifierar raden: samma fil kan läsas in igen utan dubbletter.",
        ],
        example: &["950412-2384", "2013-03", "ungdomsersättning", "1500", "Mölndals stad", "ja"],
    })
}

pub fn read_compensation(
    bytes: &[u8],
) -> Result<Result<Vec<CompensationRowIn>, ImportErrors>, WorkbookError> {
    let read = grid::read_rows(
        bytes,
        COMPENSATION_SHEET,
        &COMPENSATION_HEADERS,
        |row, c, fail| {
            let identity = cells::text(&c[0]);
            if identity.is_empty() {
                fail(0, "Personnummer is required".into());
            }
            let month = cells::month(&c[1])
                .map_err(|m| fail(1, format!("Månad {m}")))
                .ok();
            let kind = cells::choice(&c[2], COMPENSATION)
                .map_err(|m| fail(2, format!("Typ {m}")))
                .ok();
            let amount = cells::decimal(&c[3])
                .map_err(|m| fail(3, format!("Belopp {m}")))
                .ok();
            let certificate = cells::choice(&c[5], YES_NO)
                .map_err(|m| fail(5, format!("Närvarointyg bekräftat {m}")))
                .ok();
            Some(CompensationRowIn {
                row,
                identity,
                month: month?,
                kind: kind?,
                amount: amount?,
                payer: cells::text(&c[4]),
                certificate_confirmed: certificate?,
            })
        },
    )?;
    Ok(read.map_err(|e| mask_identity(e, "A")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use strum::VariantArray;

    /// Every value has exactly one label, and no label two values.
    fn covers<T: VariantArray + PartialEq + std::fmt::Debug + Copy>(pairs: &[(&str, T)]) {
        assert_eq!(pairs.len(), T::VARIANTS.len());
        for v in T::VARIANTS {
            assert_eq!(pairs.iter().filter(|(_, p)| p == v).count(), 1, "{v:?}");
        }
        let mut labels: Vec<&str> = pairs.iter().map(|(l, _)| *l).collect();
        labels.dedup();
        assert_eq!(labels.len(), pairs.len());
    }

    #[test]
    fn every_value_has_its_label() {
        covers(KIND);
        covers(SEX);
        covers(STATUS);
        covers(LEVEL);
        covers(LABOUR);
        covers(OUTCOME);
        covers(COMPENSATION);
    }
}
