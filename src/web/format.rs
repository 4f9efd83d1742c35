//! Numbers, money and states as a Swedish reader expects them: `1 234 567,89 kr`, the
//! thousands grouped by a no-break space, a decimal comma. Exact: öre are formatted, never
//! rounded.

use crate::domain::money::Ore;
use crate::domain::workflow::{AttestBlock, ReportState, TimesheetState};

pub use crate::domain::swedish::grouped;
use crate::domain::swedish::GROUP;

/// An amount as `1 234 567,89 kr` (a minus sign in front of a negative one).
pub fn kr(amount: Ore) -> String {
    crate::domain::swedish::kronor(amount)
}

/// A rate as a Swedish percentage, exact (`38,46 %`, `100 %`): ppm of one, so up to four
/// decimals, trailing zeros left out.
/// A share rounded for reading, Swedish style: `1,3484 %`.
pub fn shown_percent(p: crate::domain::entered::ShownPercent) -> String {
    crate::domain::swedish::share(p)
}

pub fn percent(rate: crate::domain::rate::Ppm) -> String {
    let ppm = rate.get();
    let sign = if ppm < 0 { "\u{2212}" } else { "" };
    let abs = ppm.unsigned_abs();
    let (whole, frac) = (abs / 10_000, abs % 10_000);
    let frac = format!("{frac:04}");
    let frac = frac.trim_end_matches('0');
    if frac.is_empty() {
        format!("{sign}{}{GROUP}%", grouped(whole))
    } else {
        format!("{sign}{},{frac}{GROUP}%", grouped(whole))
    }
}

/// The state of a report, in words.
pub fn state(state: ReportState) -> &'static str {
    state.label()
}

/// Hours with a decimal comma and grouped thousands (`7,50`, `1 720,00`).
pub fn hours(h: crate::domain::hours::CentiHours) -> String {
    let c = h.get();
    let sign = if c < 0 { "\u{2212}" } else { "" };
    let abs = c.unsigned_abs();
    format!("{sign}{},{:02}", grouped(abs / 100), abs % 100)
}

/// Hours as typed into a form field (`7,5`, `8`): no grouping, no trailing zeros.
pub fn hours_input(h: crate::domain::hours::CentiHours) -> String {
    let text = hours(h).replace(GROUP, "");
    match text.split_once(',') {
        Some((w, "00")) => w.to_string(),
        Some((w, f)) => format!("{w},{}", f.trim_end_matches('0')),
        None => text,
    }
}

/// The state of a timesheet, in words.
pub fn timesheet_state(state: TimesheetState) -> &'static str {
    match state {
        TimesheetState::Draft => "Utkast",
        TimesheetState::Signed => "Signerad",
        TimesheetState::Attested => "Attesterad",
    }
}

/// Why a timesheet can't be attested by the user, as a sentence.
pub fn attest_block(block: AttestBlock) -> String {
    match block {
        AttestBlock::NotSigned(s) => format!(
            "Tidrapporten är {}; bara en signerad tidrapport attesteras.",
            timesheet_state(s).to_lowercase()
        ),
        AttestBlock::EnteredByYou => {
            "Du registrerade den: en annan chef måste attestera (fyra ögon).".into()
        }
        AttestBlock::SignedByYou => {
            "Du signerade den: en annan chef måste attestera (fyra ögon).".into()
        }
        AttestBlock::NoRight => {
            "Bara en chef för organisationen eller en nivå ovanför attesterar.".into()
        }
        AttestBlock::MonthClosed => {
            "Månadens rapport är inte längre öppen; den måste öppnas igen först.".into()
        }
    }
}

/// How premises are financed, in words.
pub fn premises_financing(f: crate::domain::entry::PremisesFinancing) -> &'static str {
    use crate::domain::entry::PremisesFinancing as F;
    match f {
        F::Cash => "Projektet betalar (kostnad)",
        F::InKind => "Bidrag i annat än pengar (medfinansiering)",
    }
}

/// The kinds of other cost, in words.
pub fn other_category(c: crate::domain::entry::OtherCategory) -> &'static str {
    use crate::domain::entry::OtherCategory as C;
    match c {
        C::Services => "Externa tjänster",
        C::Travel => "Resor",
        C::Materials => "Material",
    }
}

/// The kinds of cash co-financing, in words.
pub fn cash_kind(k: crate::domain::entry::CashKind) -> &'static str {
    use crate::domain::entry::CashKind as K;
    match k {
        K::PublicCash => "Offentliga kontanta medel",
        K::OwnerCash => "Egna kontanta medel",
    }
}

/// A role, in words.
pub fn role(r: crate::domain::roles::Role) -> &'static str {
    use crate::domain::roles::Role as R;
    match r {
        R::Economist => "Ekonom",
        R::Manager => "Chef (attesterar och godkänner)",
        R::Admin => "Administratör",
        R::Auditor => "Revisor (läser)",
    }
}

/// The kinds of participant compensation, in words.
pub fn compensation_kind(k: crate::domain::entry::CompensationKind) -> &'static str {
    k.label()
}

/// The kinds of identity, in words.
pub fn id_kind(k: crate::domain::identity::IdKind) -> &'static str {
    use crate::domain::identity::IdKind as K;
    match k {
        K::Personnummer => "Personnummer",
        K::Samordningsnummer => "Samordningsnummer",
        K::Protected => "Skyddad identitet",
    }
}

pub fn sex(s: crate::domain::identity::Sex) -> &'static str {
    use crate::domain::identity::Sex as S;
    match s {
        S::Female => "Kvinna",
        S::Male => "Man",
    }
}

pub fn status_at_start(s: crate::domain::participant::StatusAtStart) -> &'static str {
    use crate::domain::participant::StatusAtStart as S;
    match s {
        S::AtRisk => "Riskerar studieavbrott",
        S::DroppedOut => "Har avbrutit studier",
    }
}

pub fn education_level(l: crate::domain::participant::EducationLevel) -> &'static str {
    use crate::domain::participant::EducationLevel as L;
    match l {
        L::Isced02 => "Grundskola eller kortare (ISCED 0-2)",
        L::Isced34 => "Gymnasium (ISCED 3-4)",
        L::Isced58 => "Eftergymnasial (ISCED 5-8)",
    }
}

pub fn labour_status(s: crate::domain::participant::LabourStatus) -> &'static str {
    use crate::domain::participant::LabourStatus as S;
    match s {
        S::Unemployed => "Arbetslös",
        S::LongTermUnemployed => "Långtidsarbetslös",
        S::Inactive => "Inaktiv (varken arbetar eller söker arbete)",
        S::Employed => "Anställd",
    }
}

pub fn outcome(o: crate::domain::participant::Outcome) -> &'static str {
    use crate::domain::participant::Outcome as O;
    match o {
        O::BackInStudies => "Tillbaka i studier",
        O::InWork => "I arbete",
        O::OtherActivity => "Annan sysselsättning",
        O::Unknown => "Okänt",
    }
}

/// The short name of a weekday (`mån`, `tis`, …).
pub fn weekday(date: chrono::NaiveDate) -> &'static str {
    use chrono::Datelike;
    match date.weekday() {
        chrono::Weekday::Mon => "mån",
        chrono::Weekday::Tue => "tis",
        chrono::Weekday::Wed => "ons",
        chrono::Weekday::Thu => "tor",
        chrono::Weekday::Fri => "fre",
        chrono::Weekday::Sat => "lör",
        chrono::Weekday::Sun => "sön",
    }
}

/// A moment as a Swedish reader expects it: Swedish time (summer time included),
/// `2013-03-14 09:05`.
pub fn when(at: chrono::DateTime<chrono::Utc>) -> String {
    at.with_timezone(&chrono_tz::Europe::Stockholm)
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

/// A month in words, for headings (`mars 2013`).
pub fn indirect_base(b: crate::domain::project::IndirectBase) -> &'static str {
    use crate::domain::project::IndirectBase as B;
    match b {
        B::Staff => "Direkta kontanta personalkostnader",
        B::Direct => "Alla direkta kontanta kostnader",
    }
}

pub fn distribution_key(k: crate::domain::project::DistributionKey) -> &'static str {
    use crate::domain::project::DistributionKey as K;
    match k {
        K::TotalEligible => "Andel av totala stödberättigande kostnader",
        K::DirectCash => "Andel av direkta kontanta kostnader",
    }
}

pub fn employer_kind(k: crate::domain::organisation::EmployerKind) -> &'static str {
    use crate::domain::organisation::EmployerKind as E;
    match k {
        E::Municipality => "Kommun eller kommunalförbund",
        E::CountyCouncil => "Landsting eller region",
        E::Other => "Annan arbetsgivare",
    }
}

pub fn org_kind(k: crate::domain::organisation::OrgKind) -> &'static str {
    use crate::domain::organisation::OrgKind as K;
    match k {
        K::Owner => "Projektägare",
        K::Region => "Region",
        K::Municipality => "Kommun",
    }
}

pub fn month_words(m: crate::domain::period::Month) -> String {
    m.in_words()
}

pub fn month_name(month: u32) -> &'static str {
    crate::domain::period::month_name(month)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_reads_as_swedish() {
        assert_eq!(kr(Ore::new(123_456_789)), "1\u{a0}234\u{a0}567,89\u{a0}kr");
        assert_eq!(kr(Ore::new(5)), "0,05\u{a0}kr");
        assert_eq!(kr(Ore::new(-100_000)), "\u{2212}1\u{a0}000,00\u{a0}kr");
        assert_eq!(
            kr(Ore::new(i64::MIN)),
            "\u{2212}92\u{a0}233\u{a0}720\u{a0}368\u{a0}547\u{a0}758,08\u{a0}kr"
        );
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1000), "1\u{a0}000");
    }

    #[test]
    fn percentages_are_exact() {
        use crate::domain::rate::Ppm;
        assert_eq!(percent(Ppm::new(384_600)), "38,46\u{a0}%");
        assert_eq!(percent(Ppm::new(1_000_000)), "100\u{a0}%");
        assert_eq!(percent(Ppm::new(3_142)), "0,3142\u{a0}%");
        assert_eq!(percent(Ppm::new(500_000)), "50\u{a0}%");
    }

    #[test]
    fn moments_are_in_swedish_time() {
        use chrono::TimeZone;
        let winter = chrono::Utc.with_ymd_and_hms(2013, 1, 14, 8, 5, 0).unwrap();
        let summer = chrono::Utc.with_ymd_and_hms(2013, 7, 14, 8, 5, 0).unwrap();
        assert_eq!(when(winter), "2013-01-14 09:05");
        assert_eq!(when(summer), "2013-07-14 10:05");
    }

    #[test]
    fn hours_read_as_swedish() {
        use crate::domain::hours::CentiHours;
        assert_eq!(hours(CentiHours::new(750)), "7,50");
        assert_eq!(hours(CentiHours::new(172_000)), "1\u{a0}720,00");
        assert_eq!(hours_input(CentiHours::new(750)), "7,5");
        assert_eq!(hours_input(CentiHours::new(800)), "8");
        assert_eq!(hours_input(CentiHours::new(825)), "8,25");
        assert_eq!(hours_input(CentiHours::new(172_000)), "1720");
    }

    #[test]
    fn every_state_has_words() {
        for s in [
            ReportState::Open,
            ReportState::Submitted,
            ReportState::Returned,
            ReportState::Approved,
            ReportState::Consolidated,
            ReportState::Claimed,
        ] {
            assert!(!state(s).is_empty());
        }
    }
}
