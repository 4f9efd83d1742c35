//! The identity-number parser: any text either is refused with a message or gives an
//! identity whose stored form is 12 digits (or SCB's substitute code), reads back as
//! the same identity, and whose mask shows nothing past the birth date.
#![no_main]

use chrono::NaiveDate;
use esf_ledger::domain::identity::{self, IdKind};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: &str| {
    let reference = NaiveDate::from_ymd_opt(2013, 6, 30).unwrap();
    for kind in [IdKind::Personnummer, IdKind::Samordningsnummer] {
        if let Ok(id) = identity::parse(input, kind, reference) {
            assert_eq!(id.kind, kind);
            assert_eq!(id.stored.len(), 12, "{input:?} → {id:?}");
            assert!(id.stored.bytes().all(|b| b.is_ascii_digit()), "{input:?} → {id:?}");
            let again = identity::parse(&id.stored, kind, reference).expect("the stored form parses");
            assert_eq!(again, id, "{input:?}");
            assert_eq!(id.masked(), format!("{}-****", &id.stored[..8]));
        }
    }
    if let Ok(id) = identity::parse_any(input, reference) {
        let again = identity::parse_any(&id.stored, reference).expect("the stored form parses");
        assert_eq!(again, id, "{input:?}");
        let _ = id.display();
    }
});
