"""Schemathesis hooks for the contract test: the workbook uploads are documented as
binary .xlsx bodies; send whatever bytes schemathesis generates as the body, so those
operations are exercised too (the server must refuse them cleanly)."""

import schemathesis

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@schemathesis.serializer(XLSX)
def xlsx(ctx, value):
    if isinstance(value, (bytes, bytearray)):
        return bytes(value)
    return str(value).encode()
