"""Thank-you posts: a member thanks a mentor, publicly in the community channel or privately.

The mentor gets a DM either way; a public thank-you is also posted to the community channel
with #ThankYourMentor and the program's hashtags. Both go through the outbox in the same
transaction as the thank-you row, whose request key (the modal's view id) makes a double
submit count once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.mentoring.clock import Clock
from bot.mentoring.forms import Field, Form, Kind, Option, RawValues, check_values, list_of
from bot.mentoring.forms import text_of as text_in
from bot.mentoring.membership.use_cases import Membership
from bot.mentoring.models import MemberStatus, PairStatus, Role, Tenant
from bot.mentoring.ports import DeliveryKind, Message, Outbox
from bot.mentoring.thanks import texts as say
from storage import repositories as repo
from storage.database import Database
from storage.models import Member, Pairing, Program, ThankYou

# The button (Home tab, the #ThankYourMentor Day campaign post) and the global shortcut.
OPEN_THANKS = "thank_mentor"
SHORTCUT = "thank_mentor"
FORM = "thank_mentor_form"
MESSAGE_LENGTH = 1000
PUBLIC, PRIVATE = "public", "private"
# Pairs that actually ran: their mentor is "your mentor", current or past.
STARTED = (PairStatus.ACTIVE, PairStatus.COMPLETED, PairStatus.ENDED)
USER_ID = re.compile(r"[UW][A-Z0-9]{2,31}")


@dataclass(frozen=True)
class Sent:
    mentor: str
    public: bool
    channel: str | None  # where the public post goes (None: private, or no community channel)
    created: bool  # False: a replayed submission; nothing was sent twice

    @property
    def confirmation(self) -> str:
        if self.channel:
            return say.DONE_PUBLIC.format(channel=self.channel, mentor=self.mentor)
        if self.public:
            return say.DONE_NO_CHANNEL.format(mentor=self.mentor)
        return say.DONE_PRIVATE.format(mentor=self.mentor)


def escaped(text: str) -> str:
    """Typed text shown as typed: no mentions, channel pings or links smuggled into a post
    (Slack's escaping; Teams shows the entities as the characters too)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def quoted(text: str) -> str:
    return "\n".join(f"> {line}" if line.strip() else ">" for line in escaped(text).splitlines())


def hashtags(program_tags: list[str]) -> str:
    tags: list[str] = []
    for tag in (say.HASHTAG, *program_tags):
        if tag.lower() not in {t.lower() for t in tags}:
            tags.append(tag)
    return " ".join(tags)


def thanks_form(default_mentor: str | None, values: RawValues | None = None) -> Form:
    initial: RawValues = {"visibility": PUBLIC}
    if default_mentor:
        initial["mentor"] = [default_mentor]
    return Form(
        key=FORM,
        title=say.TITLE,
        submit=say.SUBMIT,
        intro=say.INTRO,
        fields=(
            Field(
                "mentor", say.MENTOR_LABEL, Kind.USERS, max_selected=1,
                hint=say.MENTOR_HINT_YOURS if default_mentor else say.MENTOR_HINT_ANY,
                required_message=say.PICK_MENTOR,
            ),
            Field(
                "message", say.MESSAGE_LABEL, Kind.LONG_TEXT, max_length=MESSAGE_LENGTH,
                placeholder=say.MESSAGE_PLACEHOLDER,
            ),
            Field(
                "visibility", say.WHERE_LABEL, Kind.RADIO,
                options=(Option(PUBLIC, say.PUBLIC), Option(PRIVATE, say.PRIVATE)),
            ),
        ),
        initial=values or initial,
    )  # fmt: skip


class Thanks:
    def __init__(
        self, db: Database, membership: Membership, outbox: Outbox, clock: Clock | None = None
    ) -> None:
        self._db = db
        self._membership = membership
        self._outbox = outbox
        self._clock = clock or (lambda: datetime.now(UTC))

    async def _my_mentors(self, session: AsyncSession, program: Program, user_id: str) -> list[str]:
        """The person's mentors, current first, then the most recent past one."""
        rows = await session.scalars(
            select(Pairing)
            .where(
                Pairing.program_id == program.id,
                Pairing.mentee_id == user_id,
                Pairing.status.in_(STARTED),
                Pairing.started_at.is_not(None),  # an invitation declined or ended unanswered
            )
            .order_by(Pairing.started_at.desc(), Pairing.id.desc())
        )
        pairs = sorted(
            rows, key=lambda p: p.status != PairStatus.ACTIVE
        )  # stable: active ones first
        return list(dict.fromkeys(p.mentor_id for p in pairs))

    async def _is_program_mentor(
        self, session: AsyncSession, program: Program, user_id: str
    ) -> bool:
        member: Member | None = await repo.get_member(session, program, user_id)
        if member is None or member.application is None:
            return False
        today = self._clock().astimezone(ZoneInfo(program.timezone)).date()
        status = self._membership.effective_status(member, today)
        return status is not MemberStatus.LEFT and Role(member.application.role).mentors

    async def form(self, tenant: Tenant, user_id: str) -> Form:
        async with self._db.transaction(tenant) as session:
            program = await self._membership.load_program(session, tenant)
            mentors = await self._my_mentors(session, program, user_id)
            return thanks_form(mentors[0] if mentors else None)

    async def _check_mentor(
        self, session: AsyncSession, program: Program, user_id: str, values: RawValues
    ) -> tuple[str | None, str | None]:
        picked = list_of(values, "mentor")
        if not picked:
            return None, say.PICK_MENTOR
        mentor = picked[0]
        if not USER_ID.fullmatch(mentor):
            return None, say.NOT_A_PERSON
        if mentor == user_id:
            return None, say.NOT_YOURSELF
        # Bots and people from other workspaces are never members of this tenant's program.
        if mentor in await self._my_mentors(
            session, program, user_id
        ) or await self._is_program_mentor(session, program, mentor):
            return mentor, None
        return None, say.NOT_A_MENTOR.format(who=mentor, program=program.name)

    async def send(
        self, tenant: Tenant, user_id: str, values: RawValues, request_key: str
    ) -> tuple[Sent | None, dict[str, str]]:
        """Record and queue the thank-you; (what happened, errors by field)."""
        now = self._clock()
        async with self._db.transaction(tenant) as session:
            program = await self._membership.load_program(session, tenant)
            errors = check_values(thanks_form(None), values)
            mentor, problem = await self._check_mentor(session, program, user_id, values)
            if problem:
                errors.setdefault("mentor", problem)
            if errors or mentor is None:
                return None, errors
            public = text_in(values, "visibility") == PUBLIC
            channel = program.community_channel if public else None
            key = request_key[:80]
            created = await repo.insert_if_absent(
                session, ThankYou, platform=tenant.platform, workspace_id=tenant.workspace_id,
                program_id=program.id, from_id=user_id, to_id=mentor, request_key=key,
                message=text_in(values, "message"), public=public, channel=channel,
                created_at=now,
            )  # fmt: skip
            row = await session.scalar(
                select(ThankYou).where(
                    ThankYou.request_key == key,
                )
            )
            assert row is not None  # inserted now, or by the first of two submissions
            if created:
                await self._queue(session, tenant, program, row, now)
            sent = Sent(row.to_id, row.public, row.channel, created)
        if created:
            self._outbox.wake()
        return sent, {}

    async def _queue(
        self, session: AsyncSession, tenant: Tenant, program: Program, row: ThankYou,
        now: datetime,
    ) -> None:  # fmt: skip
        sender, mentor, words = row.from_id, row.to_id, quoted(row.message)
        where = say.DM_SHARED.format(channel=row.channel) if row.channel else say.DM_PRIVATE
        dm = Message(
            text=say.DM_TEXT.format(sender=sender),
            paragraphs=(say.DM_TITLE.format(sender=sender), words, where),
        )
        await self._outbox.enqueue(
            session, tenant, f"thanks:{row.id}:dm", DeliveryKind.DM, mentor, dm, now
        )
        if row.channel:
            post = Message(
                text=say.POST_TEXT.format(sender=sender, mentor=mentor),
                paragraphs=(
                    say.POST_TITLE.format(sender=sender, mentor=mentor),
                    words,
                    hashtags(list(program.hashtags)),
                ),
            )
            await self._outbox.enqueue(
                session, tenant, f"thanks:{row.id}:post", DeliveryKind.POST, row.channel, post,
                now,
            )  # fmt: skip
