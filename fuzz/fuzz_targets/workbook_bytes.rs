//! Every Excel importer's reader on arbitrary bytes (seeded with the templates, see
//! scripts/fuzz/run.sh): a workbook is read or refused, never a panic, and within the
//! bounds the readers promise.
#![no_main]

use esf_ledger::excel;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    esf_ledger_fuzz_check(excel::timesheets::read(bytes).map(|r| r.map(|v| v.len())));
    esf_ledger_fuzz_check(excel::premises::read(bytes).map(|r| r.map(|v| v.len())));
    esf_ledger_fuzz_check(excel::other_costs::read(bytes).map(|r| r.map(|v| v.len())));
    esf_ledger_fuzz_check(excel::cash::read(bytes).map(|r| r.map(|v| v.len())));
    esf_ledger_fuzz_check(excel::budget::read(bytes).map(|r| r.map(|v| v.len())));
    esf_ledger_fuzz_check(excel::participants::read_participants(bytes).map(|r| r.map(|v| v.len())));
    esf_ledger_fuzz_check(excel::participants::read_attendance(bytes).map(|r| r.map(|v| v.len())));
    esf_ledger_fuzz_check(excel::participants::read_compensation(bytes).map(|r| r.map(|v| v.len())));
});

type Read = Result<Result<usize, excel::ImportErrors>, excel::grid::WorkbookError>;

fn esf_ledger_fuzz_check(read: Read) {
    match read {
        Ok(Ok(rows)) => assert!(rows <= excel::grid::MAX_DATA_ROWS),
        Ok(Err(errors)) => {
            assert!(errors.total > 0 && errors.listed.len() <= excel::MAX_LISTED_ERRORS);
            for e in &errors.listed {
                assert!(e.value.chars().count() <= excel::MAX_ECHOED_CHARS + 1);
            }
        }
        Err(_) => {}
    }
}
