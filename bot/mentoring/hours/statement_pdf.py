"""A `Statement` as a PDF, with fpdf2 (pure Python: no system libraries or fonts to install).

CPU-bound and synchronous: callers run `render` in a worker thread (asyncio.to_thread), never on
the event loop. The built-in Helvetica font covers Latin-1 only, so other characters are
written as their nearest Latin-1 form (an en dash as "-", "Ł" as "L") or "?"; the bot ships no
font file.
"""

from __future__ import annotations

import unicodedata

from fpdf import FPDF
from fpdf.fonts import FontFace

from bot.mentoring.hours import texts as say
from bot.mentoring.hours.statement import Statement
from bot.mentoring.text import day as date_text

PUNCTUATION = str.maketrans(
    {"–": "-", "—": "-", "‘": "'", "’": "'", "“": '"', "”": '"', "…": "...", "·": "-"}
)
# Relative widths of the entry table's columns (date, hours, activity, with, org, credit, why).
COLUMN_WIDTHS = (22, 11, 30, 30, 30, 12, 35)


def latin1(value: str) -> str:
    """`value` as the built-in font can draw it."""
    value = value.translate(PUNCTUATION)
    if value.isascii():
        return value
    out = []
    for char in value:
        try:
            char.encode("latin-1")
            out.append(char)
        except UnicodeEncodeError:
            base = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode()
            out.append(base or "?")
    return "".join(out)


def render(statement: Statement) -> bytes:
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.set_title(latin1(say.STATEMENT_TITLE))
    pdf.set_author(latin1(statement.program))
    pdf.add_page()

    def line(text: str, size: float = 10, style: str = "", gap: float = 1.5) -> None:
        pdf.set_font("helvetica", style=style, size=size)
        pdf.multi_cell(0, size * 0.5, latin1(text), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(gap)

    line(say.STATEMENT_TITLE, size=15, style="B", gap=3)
    line(say.STATEMENT_MEMBER.format(name=statement.member))
    if statement.organization:
        line(say.STATEMENT_ORGANIZATION.format(organization=statement.organization))
    line(say.STATEMENT_PROGRAM.format(program=statement.program))
    line(
        say.STATEMENT_PERIOD.format(
            period=statement.period,
            start=date_text(statement.start),
            end=date_text(statement.last_day),
        )
    )
    line(say.STATEMENT_ISSUED.format(day=date_text(statement.issued_on)), gap=4)

    line(say.STATEMENT_RULE_HEADING, size=12, style="B")
    line(statement.rule, gap=4)

    line(say.STATEMENT_ENTRIES_HEADING, size=12, style="B")
    if statement.entries:
        pdf.set_font("helvetica", size=8)
        with pdf.table(
            col_widths=COLUMN_WIDTHS,
            headings_style=FontFace(emphasis="BOLD"),
            line_height=4,
            text_align="LEFT",
        ) as table:
            table.row([latin1(c) for c in say.STATEMENT_COLUMNS])
            for e in statement.entries:
                cells = (
                    e.day.isoformat(), say.number(e.hours), e.activity,
                    e.with_name or say.STATEMENT_ON_OWN, e.with_organization,
                    say.number(e.credited), e.why,
                )  # fmt: skip
                table.row([latin1(c) for c in cells])
        pdf.ln(4)
    else:
        line(say.STATEMENT_NO_ENTRIES, gap=4)

    line(say.STATEMENT_TOTAL_LOGGED.format(logged=say.hours(statement.logged)))
    if statement.same_org:
        line(say.STATEMENT_TOTAL_SAME_ORG.format(amount=say.hours(statement.same_org)))
    if statement.over_cap:
        cap = say.number(statement.cap)
        line(say.STATEMENT_TOTAL_OVER_CAP.format(cap=cap, amount=say.hours(statement.over_cap)))
    line(
        say.STATEMENT_TOTAL.format(credited=say.number(statement.credited)),
        size=12,
        style="B",
        gap=4,
    )
    if statement.verification:
        verified = say.STATEMENT_VERIFIED.format(
            coordinator=statement.verification.coordinator,
            day=date_text(statement.verification.on),
        )
        line(verified, style="B")
    else:
        line(say.STATEMENT_UNVERIFIED.replace("`", ""), size=9)
    return bytes(pdf.output())
