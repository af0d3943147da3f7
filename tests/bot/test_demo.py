"""`mentorbot demo`, the README's first command: every step it shows really happens."""

from __future__ import annotations

from pathlib import Path

import pytest

from sandbox.demo import run_demo


async def test_demo_shows_the_whole_program(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    await run_demo(database_url=f"sqlite+aiosqlite:///{tmp_path / 'demo.db'}")
    out = capsys.readouterr().out
    casey, dana, eli = (
        out.split(f"=== What {name}")[1].split("=== What")[0]
        for name in ("Casey Coordinator", "Dana Diaz", "Eli Evans")
    )
    assert "Welcome to the community" in dana  # the welcome DM, through the outbox
    assert "Meet your mentoring partner" in eli  # matched, accepted and introduced
    # Two weeks later: the first check-in, answered, and the DM shows what was recorded.
    assert "How's it going with @dana?" in eli
    assert "*Hours spent* 1.5 hours" in eli
    assert "How's it going with @eli?" in dana
    # January 4 at 9:05 in Chicago: the campaign posts in the community channel.
    assert "[#mentoring-community] # I Am a Mentor Day" in casey
    assert "#MentoringMonth #IAmAMentor" in casey and "[Become a mentor]" in casey
    # Hours: Dana logs her prep and sees her professional-development credit.
    assert "*1.5 credit-eligible hours* of your 20-hour mentoring maximum" in dana
    assert "Toward the 40-hour professional-development requirement" in dana
    # January 31: Eli thanks Dana from the campaign post; the channel and Dana's DM show it.
    assert "[#mentoring-community] :sparkles: *@eli thanks @dana*" in casey
    assert "#ThankYourMentor" in casey and "@eli sent you a thank-you!" in dana
    assert "Done in" in out
