"""A `Statement` as a PDF, with fpdf2.

CPU-bound and synchronous: callers run `render` in a worker thread (asyncio.to_thread), never on
the event loop. Text is set in DejaVu Sans, the font matplotlib ships (matplotlib is here for
the coordinators' charts): it covers Latin with every accent, Greek, Cyrillic and Vietnamese,
so "Nguyễn" and "Łukasz" print as written. A character it lacks (a CJK name, say) is written as
its nearest Latin form, or "?", rather than an empty box.
"""

from __future__ import annotations

import importlib.util
import unicodedata
from functools import cache
from pathlib import Path

from fpdf import FPDF
from fpdf.fonts import FontFace

from bot.mentoring.hours import texts as say
from bot.mentoring.hours.statement import Statement
from bot.mentoring.text import day as date_text

FONT = "dejavu"
# Relative widths of the entry table's columns (date, hours, activity, with, org, credit, why).
COLUMN_WIDTHS = (22, 11, 30, 30, 30, 12, 35)


@cache
def font_folder() -> Path:
    # Found without importing matplotlib (its import is slow, and only its files are needed).
    spec = importlib.util.find_spec("matplotlib")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("matplotlib is not installed: the PDF font comes with it")
    return Path(spec.submodule_search_locations[0]) / "mpl-data" / "fonts" / "ttf"


def drawable(value: str, glyphs: dict[int, int]) -> str:
    """`value` with any character the font has no glyph for replaced by its nearest form."""
    out = []
    for char in value:
        if ord(char) in glyphs or char in "\n\t":
            out.append(char)
            continue
        base = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode()
        out.append(base or "?")
    return "".join(out)


def render(statement: Statement) -> bytes:
    pdf = FPDF(format="A4")
    folder = font_folder()
    pdf.add_font(FONT, "", str(folder / "DejaVuSans.ttf"))
    pdf.add_font(FONT, "B", str(folder / "DejaVuSans-Bold.ttf"))
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.set_title(say.STATEMENT_TITLE)
    pdf.set_author(statement.program)
    pdf.add_page()
    pdf.set_font(FONT, size=10)
    glyphs = pdf.current_font.cmap  # type: ignore[union-attr]

    def drawn(text: str) -> str:
        return drawable(text, glyphs)

    def line(text: str, size: float = 10, style: str = "", gap: float = 1.5) -> None:
        pdf.set_font(FONT, style=style, size=size)
        pdf.multi_cell(0, size * 0.5, drawn(text), new_x="LMARGIN", new_y="NEXT")
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
        pdf.set_font(FONT, size=8)
        with pdf.table(
            col_widths=COLUMN_WIDTHS,
            headings_style=FontFace(emphasis="BOLD"),
            line_height=4,
            text_align="LEFT",
        ) as table:
            table.row([drawn(c) for c in say.STATEMENT_COLUMNS])
            for e in statement.entries:
                cells = (
                    e.day.isoformat(), say.number(e.hours), e.activity,
                    e.with_name or say.STATEMENT_ON_OWN, e.with_organization,
                    say.number(e.credited), e.why,
                )  # fmt: skip
                table.row([drawn(c) for c in cells])
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
