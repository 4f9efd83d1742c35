//! Writes every import template (each with its example row) into the corpus folder
//! given as the argument: the seeds of the workbook_bytes target.

use chrono::NaiveDate;
use esf_ledger::excel;

fn main() {
    let dir = std::path::PathBuf::from(std::env::args().nth(1).expect("usage: seeds DIR"));
    std::fs::create_dir_all(&dir).unwrap();
    let start = NaiveDate::from_ymd_opt(2012, 1, 1).unwrap();
    let end = NaiveDate::from_ymd_opt(2014, 12, 31).unwrap();
    let templates: [(&str, Result<Vec<u8>, String>); 8] = [
        ("timesheets", excel::timesheets::template(start, end)),
        ("premises", excel::premises::template()),
        ("other-costs", excel::other_costs::template()),
        ("cash", excel::cash::template()),
        ("budget", excel::budget::template()),
        ("participants", excel::participants::participant_template()),
        ("attendance", excel::participants::attendance_template()),
        ("compensation", excel::participants::compensation_template()),
    ];
    for (name, bytes) in templates {
        std::fs::write(dir.join(format!("{name}.xlsx")), bytes.unwrap()).unwrap();
    }
}
