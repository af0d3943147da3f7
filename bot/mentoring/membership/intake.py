"""The intake application: its form, described once, and how an answer becomes an Application."""

from __future__ import annotations

from bot.mentoring.forms import Field, Form, Kind, Option, RawValues, check_values, list_of, text_of
from bot.mentoring.models import (
    Application,
    Frequency,
    MeetingFormat,
    PositionLevel,
    ProgramSettings,
    Role,
    Track,
)

FORM_KEY = "intake"
MAX_GOALS = 3
GOAL_LENGTH = 200
MAX_TOPICS = 10
MAX_DO_NOT_PAIR = 10

ROLE_OPTIONS = (
    Option(Role.MENTOR, "Mentor", "Share what you know with someone newer"),
    Option(Role.MENTEE, "Mentee", "Get guidance from an experienced colleague"),
    Option(Role.BOTH, "Both", "Mentor someone and be mentored yourself"),
)
TRACK_OPTIONS = {
    Track.TRADITIONAL: Option(Track.TRADITIONAL, "Traditional", "Experienced mentor, newer mentee"),
    Track.REVERSE: Option(Track.REVERSE, "Reverse", "Newer professional teaches a senior leader"),
    Track.CAREER: Option(Track.CAREER, "Career change", "Moving into or across public service"),
}
LEVEL_OPTIONS = (
    Option(PositionLevel.STUDENT, "Student or intern"),
    Option(PositionLevel.EARLY, "Early career"),
    Option(PositionLevel.MID, "Mid-career"),
    Option(PositionLevel.SENIOR, "Senior (department head, deputy)"),
    Option(PositionLevel.EXECUTIVE, "Executive (manager, administrator, director)"),
)
FORMAT_OPTIONS = (
    Option(MeetingFormat.VIDEO, "Video call"),
    Option(MeetingFormat.PHONE, "Phone"),
    Option(MeetingFormat.IN_PERSON, "In person"),
    Option(MeetingFormat.CHAT, "Chat"),
    Option(MeetingFormat.ANY, "No preference"),
)
FREQUENCY_OPTIONS = (
    Option(Frequency.WEEKLY, "Weekly"),
    Option(Frequency.BIWEEKLY, "Every two weeks"),
    Option(Frequency.MONTHLY, "Monthly"),
    Option(Frequency.QUARTERLY, "Quarterly"),
)
# A select holds at most 100 options; these cover the communities we serve. A member whose
# profile zone is not listed gets it added to their own form.
COMMON_TIMEZONES = (
    "Pacific/Honolulu", "America/Anchorage", "America/Los_Angeles", "America/Phoenix",
    "America/Denver", "America/Chicago", "America/New_York", "America/Puerto_Rico",
    "America/Halifax", "America/St_Johns", "America/Vancouver", "America/Edmonton",
    "America/Winnipeg", "America/Toronto", "America/Mexico_City", "America/Bogota",
    "America/Sao_Paulo", "Europe/London", "Europe/Dublin", "Europe/Paris", "Europe/Berlin",
    "Europe/Stockholm", "Africa/Johannesburg", "Africa/Nairobi", "Asia/Dubai", "Asia/Kolkata",
    "Asia/Singapore", "Asia/Tokyo", "Australia/Perth", "Australia/Sydney", "Pacific/Auckland",
    "UTC",
)  # fmt: skip

AGREE = "agree"
SHARE = "share"
NO_MENTEES = "0"
CAPACITY_LABEL = "How many mentees can you take? (required for mentors)"
CAPACITY_NEEDED = "As a mentor, tell us how many mentees you can take (1 to 5)."


def _timezone_options(extra: str | None) -> tuple[Option, ...]:
    zones = list(COMMON_TIMEZONES)
    if extra and extra not in zones:
        zones.insert(0, extra)
    return tuple(Option(z, z.replace("_", " ")) for z in zones)


def intake_form(
    program: ProgramSettings,
    *,
    current: Application | None = None,
    profile_timezone: str | None = None,
) -> Form:
    """The application form, prefilled with `current` (editing) or the member's profile zone."""
    zone = current.timezone if current else profile_timezone
    fields = (
        Field("role", "I'd like to join as a", Kind.RADIO, options=ROLE_OPTIONS),
        Field(
            "track",
            "Track",
            Kind.SELECT,
            options=tuple(TRACK_OPTIONS[t] for t in program.tracks),
        ),
        Field(
            "organization",
            "Organization",
            Kind.TEXT,
            max_length=120,
            placeholder="e.g. City of Springfield",
        ),
        Field("position_level", "Position level", Kind.SELECT, options=LEVEL_OPTIONS),
        Field(
            "years_experience",
            "Years of experience in the field",
            Kind.INTEGER,
            min_value=0,
            max_value=60,
        ),
        Field(
            "topics",
            "Topics",
            Kind.MULTI_SELECT,
            options=tuple(Option(t, t) for t in program.topics),
            max_selected=MAX_TOPICS,
            hint="What you'd like to learn or can teach. Pick up to 10.",
        ),
        *(
            Field(
                f"goal_{n}",
                f"Goal {n}" if n > 1 else "Your main goal for the program",
                Kind.TEXT,
                required=n == 1,
                max_length=GOAL_LENGTH,
                placeholder="e.g. Prepare to become a department head" if n == 1 else None,
            )
            for n in range(1, MAX_GOALS + 1)
        ),
        Field(
            "region",
            "Region",
            Kind.TEXT,
            required=False,
            max_length=80,
            placeholder="e.g. Pacific Northwest",
        ),
        Field("timezone", "Time zone", Kind.SELECT, options=_timezone_options(zone)),
        Field("meeting_format", "Preferred meeting format", Kind.SELECT, options=FORMAT_OPTIONS),
        Field(
            "meeting_frequency",
            "How often would you like to meet?",
            Kind.SELECT,
            options=FREQUENCY_OPTIONS,
        ),
        # Required, so Slack doesn't label it "(optional)": mentors need it. Mentees keep the
        # 0 it starts with (parse_application also accepts it blank from a mentee).
        Field(
            "capacity",
            CAPACITY_LABEL,
            Kind.INTEGER,
            min_value=0,
            max_value=5,
            hint="Mentors: 1 to 5. Joining only as a mentee? Leave it at 0.",
            required_message=CAPACITY_NEEDED,
        ),
        Field(
            "term_ack",
            "Program term",
            Kind.CHECKBOXES,
            options=(
                Option(
                    AGREE,
                    f"I commit to the {program.term_months}-month term "
                    "and to meeting at least quarterly",
                ),
            ),
            required_message="Please confirm you can commit to the program term.",
        ),
        Field(
            "do_not_pair",
            "Please don't pair me with",
            Kind.USERS,
            required=False,
            max_selected=MAX_DO_NOT_PAIR,
            hint="Only coordinators see this list.",
        ),
        Field(
            "consent_share",
            "Sharing",
            Kind.CHECKBOXES,
            required=False,
            options=(Option(SHARE, "Share my profile with my match"),),
            hint="If unchecked, your match sees only your name and role.",
        ),
    )
    initial = (
        to_values(current)
        if current
        else {"timezone": zone, "consent_share": [SHARE], "capacity": NO_MENTEES}
    )
    return Form(
        key=FORM_KEY,
        title="Join the program" if current is None else "Edit your application",
        submit="Submit" if current is None else "Save",
        fields=fields,
        intro=(
            f"Apply to *{program.name}*. It takes about three minutes, and you can change your "
            "answers later with `/mentor join`."
        ),
        initial={k: v for k, v in initial.items() if v not in (None, [], "")},
    )


def to_values(app: Application) -> RawValues:
    goals = list(app.goals) + [None] * (MAX_GOALS - len(app.goals))
    return {
        "role": app.role.value,
        "track": app.track.value,
        "organization": app.organization,
        "position_level": app.position_level.value,
        "years_experience": str(app.years_experience),
        "topics": list(app.topics),
        **{f"goal_{n + 1}": goal for n, goal in enumerate(goals)},
        "region": app.region,
        "timezone": app.timezone,
        "meeting_format": app.meeting_format.value,
        "meeting_frequency": app.meeting_frequency.value,
        "capacity": str(app.capacity) if app.capacity is not None else NO_MENTEES,
        "term_ack": [AGREE] if app.term_acknowledged else [],
        "do_not_pair": list(app.do_not_pair),
        "consent_share": [SHARE] if app.consent_share else [],
    }


def parse_application(
    form: Form, values: RawValues, *, applicant_id: str
) -> tuple[Application | None, dict[str, str]]:
    """Validate an answer: the form's own limits first, then the rules that span fields."""
    errors = check_values(form, values)
    role_text = text_of(values, "role")
    role = Role(role_text) if role_text in Role._value2member_map_ else None
    capacity = text_of(values, "capacity")
    if role and role.mentors and capacity in (None, NO_MENTEES):
        errors["capacity"] = CAPACITY_NEEDED
    elif role and not role.mentors and capacity is None:
        errors.pop("capacity", None)  # required of mentors only
    avoid = list_of(values, "do_not_pair")
    if applicant_id in avoid and "do_not_pair" not in errors:
        errors["do_not_pair"] = "You can't list yourself here."
    if errors or role is None:
        return None, errors
    goals = tuple(g for n in range(1, MAX_GOALS + 1) if (g := text_of(values, f"goal_{n}")))
    return (
        Application(
            role=role,
            track=Track(text_of(values, "track")),
            organization=text_of(values, "organization") or "",
            position_level=PositionLevel(text_of(values, "position_level")),
            years_experience=int(text_of(values, "years_experience") or 0),
            topics=tuple(list_of(values, "topics")),
            goals=goals,
            region=text_of(values, "region"),
            timezone=text_of(values, "timezone") or "UTC",
            meeting_format=MeetingFormat(text_of(values, "meeting_format")),
            meeting_frequency=Frequency(text_of(values, "meeting_frequency")),
            capacity=int(capacity) if capacity and role.mentors else None,
            term_acknowledged=AGREE in list_of(values, "term_ack"),
            do_not_pair=tuple(dict.fromkeys(avoid)),
            consent_share=SHARE in list_of(values, "consent_share"),
        ),
        {},
    )


def _label(options: tuple[Option, ...], value: str) -> str:
    return next((o.label for o in options if o.value == value), value)


def summarize(app: Application) -> list[tuple[str, str]]:
    """(label, answer) pairs for showing an application back to its author or a match."""
    rows = [
        ("Role", _label(ROLE_OPTIONS, app.role)),
        ("Track", TRACK_OPTIONS[app.track].label),
        ("Organization", app.organization),
        ("Position level", _label(LEVEL_OPTIONS, app.position_level)),
        ("Experience", f"{app.years_experience} years"),
        ("Topics", ", ".join(app.topics)),
        ("Goals", "\n".join(f"• {g}" for g in app.goals)),
        ("Region", app.region or "—"),
        ("Time zone", app.timezone.replace("_", " ")),
        (
            "Meeting",
            f"{_label(FORMAT_OPTIONS, app.meeting_format)}, "
            f"{_label(FREQUENCY_OPTIONS, app.meeting_frequency).lower()}",
        ),
    ]
    if app.capacity is not None:
        rows.append(("Mentees I can take", str(app.capacity)))
    rows.append(("Share profile with match", "Yes" if app.consent_share else "No"))
    return rows


ROLE_PHRASES = {Role.MENTOR: "a mentor", Role.MENTEE: "a mentee", Role.BOTH: "a mentor and mentee"}


def role_label(role: Role) -> str:
    return _label(ROLE_OPTIONS, role).lower()


def role_phrase(role: Role) -> str:
    return ROLE_PHRASES[role]
