"""One date style in every message: "Mon, Jan 4, 2027" (and "... at 9:00 AM CST")."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.mentoring import text
from bot.mentoring.campaigns import texts as campaign_messages

CORE = Path(__file__).resolve().parents[2] / "bot/mentoring"
# Date directives in a strftime call or an f-string format spec, e.g. "%B %-d" or {d:%a %b}.
DATE_FORMAT = re.compile(r"%-?[aAbBdeYy]\b|%-?[aAbBdeYy]\s")
MONTHS_LINE = 'MONTHS = tuple(f"{date(2000, month, 1):%B}" for month in range(1, 13))'
# Not dates: a cron weekday field, and month names for a yearly rule ("every year on May 1").
ALLOWED = {
    ("campaigns/form.py", 'weekday = f"{day:%a}".lower()'),
    ("campaigns/texts.py", MONTHS_LINE),
}


def test_the_one_style() -> None:
    assert text.day(date(2027, 1, 4)) == "Mon, Jan 4, 2027"
    when = datetime(2027, 1, 4, 15, 0, tzinfo=UTC).astimezone(ZoneInfo("America/Chicago"))
    assert text.moment(when) == "Mon, Jan 4, 2027 at 9:00 AM CST"


def test_campaign_times_use_it() -> None:
    when = datetime(2027, 1, 4, 9, tzinfo=ZoneInfo("America/Chicago"))
    assert campaign_messages.local_when(when) == "Mon, Jan 4, 2027 at 9:00 AM CST"


def test_no_other_date_format_in_the_core() -> None:
    strays = [
        f"{path.relative_to(CORE)}:{n}: {line.strip()}"
        for path in sorted(CORE.rglob("*.py"))
        if path.relative_to(CORE) != Path("text.py")
        for n, line in enumerate(path.read_text().splitlines(), 1)
        if DATE_FORMAT.search(line) and (str(path.relative_to(CORE)), line.strip()) not in ALLOWED
    ]
    assert strays == [], "format dates with bot/mentoring/text.py:\n" + "\n".join(strays)
