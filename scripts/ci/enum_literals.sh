#!/usr/bin/env bash
# Fails when a state, category, kind or role is spelled as a string literal in code
# outside src/domain (where the enums are defined and named): such values travel as
# the domain's enums from the database to the wire. Unit tests, comments and the
# OpenAPI tags are not code that decides anything and are skipped.
set -euo pipefail
cd "$(dirname "$0")/../.."
python3 - <<'PY'
import pathlib, re, sys

names = r"""draft signed attested open submitted returned approved consolidated claimed issued
in_kind public_cash owner_cash youth_compensation activity_compensation economist manager
admin auditor owner region municipality county_council female male samordningsnummer
protected total_eligible direct_cash at_risk dropped_out services travel materials
isced_0_2 isced_3_4 isced_5_8 back_in_studies in_work other_activity unemployed
long_term_unemployed inactive employed timesheet_adjustment other_cost
participant_compensation""".split()
# Audit entity names are their own vocabulary (the audit log's `entity` column); the
# entry macros name theirs as an argument.
# "samordningsnummer" is also the Swedish word the participant template shows.
allowed = {
    ("src/service/entries.rs", '"other_cost"'),
    # The log page names the audit log's entities in Swedish.
    ("src/web/pages/log.rs", '"other_cost"'),
    ("src/web/pages/log.rs", '"timesheet_adjustment"'),
    ("src/excel/participants.rs", '"samordningsnummer"'),
}
literal = re.compile(r'"(' + "|".join(names) + r')"')
found = []
for path in sorted(pathlib.Path("src").rglob("*.rs")):
    if path.parts[1] == "domain":
        continue
    for n, line in enumerate(path.read_text().splitlines(), 1):
        if line.strip().startswith("#[cfg(test)]"):
            break
        code = line.split("//", 1)[0]
        # OpenAPI tags and audit entity names (`entity: "…"`, `Change::of("…", …)`).
        if re.search(r'\b(tag|entity): "|Change::of\(', code):
            continue
        for m in literal.finditer(code):
            if (str(path), m.group(0)) in allowed:
                continue
            found.append(f"{path}:{n}: {m.group(0)} in: {line.strip()}")
if found:
    print("string literals of enum values outside src/domain (use the enum):")
    print("\n".join(found))
    sys.exit(1)
print("no enum value spelled as a string outside src/domain")
PY
