"""The one CSV writer for files people open in a spreadsheet (exports, match proposals)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

# A cell starting with one of these is run as a formula by spreadsheet programs: written as
# text instead (CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_bytes(columns: Sequence[str], rows: Iterable[Sequence[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([f"'{v}" if v.startswith(FORMULA_START) else v for v in row])
    # A byte-order mark, so spreadsheet programs read names and notes as UTF-8.
    return out.getvalue().encode("utf-8-sig")
