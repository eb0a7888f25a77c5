"""The outreach pipeline: contacts and their stages in a local DuckDB file, read as a funnel.

A job search through people is a funnel: you **contact** someone, they **reply**, you have a
**conversation**, they give you a **referral**, you get an **interview**. The tracker keeps two
tables in ``outreach.duckdb`` in your data folder (an explicit ``path``, then
``PMKIT_DATA_DIR``, then the user data folder; never the course repository):

* ``contacts``: ``contact_id``, ``name``, ``channel`` (how you reached them), ``company``,
  ``role``, ``notes``, ``added_at``;
* ``outreach_events``: ``contact_id``, ``stage``, ``event_time`` (UTC), ``note``; plus a view
  ``outreach_log`` with each event's ``channel``.

The analysis is the course's funnel (:func:`pmkit.metrics.funnel`) with ``user_id`` = contact,
``event_name`` = stage: a contact enters at their first ``contacted`` event, and each later
stage counts when it happens after the previous one, inside a window of
:data:`OUTREACH_WINDOW_DAYS` days from the first contact (outreach moves in weeks, not the 7
days of a product funnel; pass ``window_days`` to change it).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import NamedTuple

import duckdb
import numpy as np
import pandas as pd

from pmkit._userdata import data_file
from pmkit.metrics import funnel

STAGES: tuple[str, ...] = ("contacted", "replied", "conversation", "referral", "interview")
"""The outreach stages, in funnel order."""

CHANNELS: tuple[str, ...] = (
    "introduction",
    "alumni network",
    "meetup",
    "LinkedIn message",
    "cold email",
    "other",
)
"""How a contact was reached. "introduction" is a warm introduction by someone you know (called
a referral in everyday speech; the kit keeps "referral" for the funnel stage)."""

OUTREACH_WINDOW_DAYS = 90.0
"""The funnel's default window: stages count up to 90 days after the first contact."""

OUTREACH_FILENAME = "outreach.duckdb"

_SCHEMA = (
    "CREATE SEQUENCE IF NOT EXISTS contact_ids START 1",
    """CREATE TABLE IF NOT EXISTS contacts (
        contact_id BIGINT PRIMARY KEY DEFAULT nextval('contact_ids'),
        name VARCHAR NOT NULL,
        channel VARCHAR NOT NULL,
        company VARCHAR NOT NULL,
        role VARCHAR NOT NULL,
        notes VARCHAR NOT NULL,
        added_at TIMESTAMP NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS outreach_events (
        contact_id BIGINT NOT NULL,
        stage VARCHAR NOT NULL,
        event_time TIMESTAMP NOT NULL,
        note VARCHAR NOT NULL
    )""",
    """CREATE OR REPLACE VIEW outreach_log AS
        SELECT e.contact_id, c.channel, e.stage, e.event_time, e.note
        FROM outreach_events AS e JOIN contacts AS c USING (contact_id)""",
)


def outreach_db_path(path: str | Path | None = None) -> Path:
    """Return where the outreach tracker's DuckDB file lives (nothing is created).

    >>> outreach_db_path("/tmp/my-pmkit").name
    'outreach.duckdb'
    """
    return data_file(OUTREACH_FILENAME, path)


def _utc(field: str, value: object) -> datetime:
    """Return ``value`` as a naive UTC datetime (naive input is taken as UTC)."""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            raise ValueError(
                f"{field} must be a time such as '2025-03-04 14:30'; got {value!r}"
            ) from None
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if isinstance(value, date) and not isinstance(value, datetime):
        value = datetime(value.year, value.month, value.day)
    if not isinstance(value, datetime):
        raise ValueError(f"{field} must be a datetime, a date or an ISO time text; got {value!r}")
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value


def _text(field: str, value: object, *, required: bool = False) -> str:
    if not isinstance(value, str):
        raise ValueError(f"{field} must be text; got {value!r}")
    if required and not value.strip():
        raise ValueError(f"{field} must not be empty; got {value!r}")
    return value.strip()


class OutreachTracker:
    """Your outreach pipeline, kept in a DuckDB file in your data folder.

    ``OutreachTracker()`` uses ``outreach.duckdb`` in ``$PMKIT_DATA_DIR`` or the user data
    folder; ``OutreachTracker(path)`` uses that folder or file. The file is created on the first
    write; each call opens and closes it, so nothing stays locked.

    >>> import tempfile
    >>> folder = tempfile.TemporaryDirectory()
    >>> tracker = OutreachTracker(folder.name)
    >>> ada = tracker.add_contact("Ada", "meetup", contacted_at="2025-03-03 18:00")
    >>> tracker.log_stage(ada, "replied", at="2025-03-05 09:00")
    >>> tracker.funnel()[["stage", "contacts"]].head(2).to_dict("list")
    {'stage': ['contacted', 'replied'], 'contacts': [1, 1]}
    >>> folder.cleanup()
    """

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = outreach_db_path(path)

    def connect(self, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
        """Open the tracker's DuckDB file (created with its tables unless ``read_only``).

        Use it in a ``with`` block and run your own SQL on ``contacts``, ``outreach_events`` or
        the ``outreach_log`` view; close it before calling the tracker's other methods.
        """
        if read_only:
            if not self.path.exists():
                raise ValueError(f"{self.path} does not exist yet: add a contact first")
            return duckdb.connect(str(self.path), read_only=True)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        connection = duckdb.connect(str(self.path))
        for statement in _SCHEMA:
            connection.execute(statement)
        return connection

    def add_contact(
        self,
        name: str,
        channel: str,
        *,
        company: str = "",
        role: str = "",
        notes: str = "",
        contacted_at: object = None,
    ) -> int:
        """Add a contact you have reached out to, log their ``contacted`` stage, return their id.

        ``channel`` is one of :data:`CHANNELS`; ``contacted_at`` is when you first contacted
        them (a datetime, a date or ISO text; naive times are UTC; now by default).
        """
        checked_name = _text("name", name, required=True)
        if channel not in CHANNELS:
            options = ", ".join(map(repr, CHANNELS))
            raise ValueError(f"channel must be one of {options}; got {channel!r}")
        when = _utc("contacted_at", contacted_at) if contacted_at is not None else _now()
        values = [_text("company", company), _text("role", role), _text("notes", notes)]
        with self.connect() as con:
            row = con.execute(
                "INSERT INTO contacts (name, channel, company, role, notes, added_at) "
                "VALUES (?, ?, ?, ?, ?, ?) RETURNING contact_id",
                [checked_name, channel, *values, when],
            ).fetchone()
            assert row is not None
            contact_id = int(row[0])
            con.execute(
                "INSERT INTO outreach_events VALUES (?, 'contacted', ?, '')", [contact_id, when]
            )
        return contact_id

    def log_stage(self, contact_id: int, stage: str, *, at: object = None, note: str = "") -> None:
        """Log that ``contact_id`` reached ``stage`` (``"replied"`` ... ``"interview"``).

        ``at`` is when (a datetime, a date or ISO text; naive times are UTC; now by default). It
        must come after the contact's events at earlier stages, so that the funnel, which counts
        a stage only after the previous one, sees the order you lived; a stage may be logged
        more than once (a second interview). The ``contacted`` stage is logged by
        :meth:`add_contact`.
        """
        if stage not in STAGES[1:]:
            options = ", ".join(map(repr, STAGES[1:]))
            raise ValueError(f"stage must be one of {options}; got {stage!r}")
        if isinstance(contact_id, bool) or not isinstance(contact_id, (int, np.integer)):
            raise ValueError(f"contact_id must be a contact's id (an integer); got {contact_id!r}")
        when = _utc("at", at) if at is not None else _now()
        checked_note = _text("note", note)
        earlier = list(STAGES[: STAGES.index(stage)])
        with self.connect() as con:
            if con.execute(
                "SELECT count(*) FROM contacts WHERE contact_id = ?", [int(contact_id)]
            ).fetchone() == (0,):
                raise ValueError(f"contact_id {contact_id!r} is not in the tracker")
            latest = con.execute(
                "SELECT stage, event_time FROM outreach_events WHERE contact_id = ? "
                "AND list_contains(?, stage) ORDER BY event_time DESC LIMIT 1",
                [int(contact_id), earlier],
            ).fetchone()
            if latest is not None and not when > latest[1]:
                raise ValueError(
                    f"at must be after contact {contact_id}'s {latest[0]!r} event "
                    f"({latest[1]:%Y-%m-%d %H:%M} UTC); got {when:%Y-%m-%d %H:%M}. Stages count "
                    f"in order ({' -> '.join(STAGES)}); give a time of day for same-day events"
                )
            con.execute(
                "INSERT INTO outreach_events VALUES (?, ?, ?, ?)",
                [int(contact_id), stage, when, checked_note],
            )

    def contacts(self) -> pd.DataFrame:
        """Return the contacts with the furthest stage each has reached (``stage``).

        Columns: ``contact_id``, ``name``, ``channel``, ``company``, ``role``, ``notes``,
        ``added_at`` and ``stage``. An empty frame before the first contact.
        """
        columns = ["contact_id", "name", "channel", "company", "role", "notes", "added_at"]
        if not self.path.exists():
            empty = pd.DataFrame({c: pd.Series(dtype="str") for c in [*columns, "stage"]})
            return empty.astype({"contact_id": "int64", "added_at": "datetime64[us]"})
        with self.connect() as con:
            frame = con.execute(
                f"SELECT {', '.join(columns)} FROM contacts ORDER BY contact_id"
            ).df()
            stages = con.execute("SELECT contact_id, stage FROM outreach_events").df()
        order = {s: i for i, s in enumerate(STAGES)}
        furthest = (
            stages.assign(order=stages["stage"].map(order))
            .sort_values("order")
            .groupby("contact_id")["stage"]
            .last()
        )
        frame["stage"] = frame["contact_id"].map(furthest).astype("str")
        return frame.astype({"contact_id": "int64"})

    def events(self) -> pd.DataFrame:
        """Return every logged event with its contact's channel, oldest first.

        Columns: ``contact_id`` (int64), ``channel``, ``stage``, ``event_time`` (naive UTC) and
        ``note``: the shape :func:`outreach_funnel` reads.
        """
        if not self.path.exists():
            return _empty_events()
        with self.connect() as con:
            frame = con.execute(
                "SELECT contact_id, channel, stage, event_time, note FROM outreach_log "
                "ORDER BY event_time, contact_id"
            ).df()
        return frame.astype({"contact_id": "int64"})

    def funnel(
        self, *, by: str | None = None, window_days: float = OUTREACH_WINDOW_DAYS
    ) -> pd.DataFrame:
        """Return the outreach funnel of the tracked events (see :func:`outreach_funnel`)."""
        return outreach_funnel(self.events(), by=by, window_days=window_days)

    def funnel_sql(self, *, window_days: float = OUTREACH_WINDOW_DAYS) -> str:
        """Return the SQL of the overall funnel, as run on the ``outreach_events`` table."""
        return funnel.sql(
            "outreach_events",
            list(STAGES),
            window_days,
            user_id="contact_id",
            event_name="stage",
            event_time="event_time",
        )


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _empty_events() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "contact_id": pd.Series(dtype="int64"),
            "channel": pd.Series(dtype="str"),
            "stage": pd.Series(dtype="str"),
            "event_time": pd.Series(dtype="datetime64[us]"),
            "note": pd.Series(dtype="str"),
        }
    )


def _funnel_rows(events: pd.DataFrame, window_days: float) -> pd.DataFrame:
    result = funnel(
        events,
        list(STAGES),
        window_days,
        user_id="contact_id",
        event_name="stage",
        event_time="event_time",
        steps_must_occur=False,  # a stage nobody has reached yet is a real 0
    )
    days = 24 * 3600
    return pd.DataFrame(
        {
            "step": result["step"],
            "stage": result["event_name"].astype("str"),
            "contacts": result["users"],
            "conversion_from_start": result["conversion_from_start"],
            "conversion_from_previous": result["conversion_from_previous"],
            "median_days_from_start": result["median_seconds_from_start"] / days,
            "median_days_from_previous": result["median_seconds_from_previous"] / days,
        }
    )


def outreach_funnel(
    events: pd.DataFrame, *, by: str | None = None, window_days: float = OUTREACH_WINDOW_DAYS
) -> pd.DataFrame:
    """Return the outreach funnel: contacts per stage and the conversion between stages.

    ``events`` has ``contact_id``, ``stage`` and ``event_time`` (and the ``by`` column when
    given), like :meth:`OutreachTracker.events` or :func:`sample_outreach`. The funnel is
    :func:`pmkit.metrics.funnel` over :data:`STAGES` (this order): a contact enters at their
    first ``contacted`` event, and each later stage counts at its earliest event after the
    previous stage, within ``window_days`` of the entry. With ``by="channel"``, one funnel per
    channel (channels in :data:`CHANNELS` order, then any others).

    Columns: [``by``], ``step``, ``stage``, ``contacts`` (int64), ``conversion_from_start``,
    ``conversion_from_previous`` (fractions; NaN when the previous stage has nobody),
    ``median_days_from_start`` and ``median_days_from_previous``.

    >>> contacts, events = sample_outreach()
    >>> overall = outreach_funnel(events)
    >>> overall["stage"].tolist() == list(STAGES)
    True
    """
    if not isinstance(events, pd.DataFrame):
        raise ValueError(f"events must be a pandas DataFrame; got {type(events).__name__}")
    if by is None:
        return _funnel_rows(events, window_days)  # funnel checks window_days
    if by not in events.columns:
        raise ValueError(
            f"events has no column {by!r} to split by; it has {', '.join(map(str, events.columns))}"
        )
    present = [str(x) for x in events[by].dropna().unique()]
    groups = [c for c in CHANNELS if c in present] + sorted(c for c in present if c not in CHANNELS)
    parts = []
    for group in groups:
        part = _funnel_rows(events[events[by].astype("str") == group], window_days)
        part.insert(0, by, group)
        parts.append(part)
    if not parts:
        empty = _funnel_rows(events.iloc[0:0], float(window_days)).iloc[0:0]
        empty.insert(0, by, pd.Series(dtype="str"))
        return empty
    return pd.concat(parts, ignore_index=True).astype({by: "str"})


class OutreachSample(NamedTuple):
    """A sample outreach log: its contacts and their stage events."""

    contacts: pd.DataFrame
    events: pd.DataFrame


# Invented for teaching: the chance of moving on to each next stage, per channel. These are not
# data about job searches, and nothing should be concluded from them about real channels.
_SAMPLE_RATES: dict[str, tuple[float, float, float, float]] = {
    "introduction": (0.80, 0.70, 0.45, 0.55),
    "alumni network": (0.60, 0.60, 0.35, 0.45),
    "meetup": (0.50, 0.60, 0.30, 0.40),
    "LinkedIn message": (0.30, 0.50, 0.25, 0.40),
    "cold email": (0.15, 0.45, 0.20, 0.35),
}
_SAMPLE_MIX = (0.15, 0.20, 0.15, 0.30, 0.20)
_SAMPLE_DELAY_DAYS = ((1, 10), (2, 14), (2, 21), (5, 30))
_FIRST_NAMES = (
    "Ada", "Ben", "Chidi", "Dana", "Eli", "Fatima", "Goran", "Hana", "Ivan", "Jia", "Kofi",
    "Lena", "Mateo", "Nora", "Omar", "Priya", "Quinn", "Rosa", "Sven", "Tariq", "Uma", "Vik",
    "Wen", "Yara", "Zoe",
)  # fmt: skip
_COMPANIES = (
    "Northwind Logistics", "Helix Health", "Brightdesk", "Kestrel Retail", "Orbital Freight",
    "Ledgerline", "Parcelpoint", "Quanta Energy", "Tidewater Bank", "Vantage Software",
)  # fmt: skip
_ROLES = ("Product Manager", "Senior PM", "Group PM", "Head of Product", "Product Owner")


def sample_outreach(seed: int = 3, n_contacts: int = 80) -> OutreachSample:
    """Return a made-up outreach log for practice, as ``(contacts, events)``.

    Deterministic for a given ``seed``. Contacts are spread over the first 16 weeks of 2025 and
    over five channels; each moves on to the next stage with a chance that depends on the
    channel, after a few days. Every rate, name and company is **invented** for the exercise:
    the log says nothing about how real job searches or channels perform. Like a real log, it
    has a few untidy rows: some contacts reply twice, a few give a referral without a
    conversation first, and a few late stages fall outside the 90-day window.

    ``contacts``: ``contact_id``, ``name``, ``channel``, ``company``, ``role``, ``added_at``.
    ``events``: ``contact_id``, ``channel``, ``stage``, ``event_time`` (naive UTC), sorted by
    time.

    >>> contacts, events = sample_outreach()
    >>> len(contacts), int((events["stage"] == "contacted").sum())
    (80, 80)
    """
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise ValueError(f"seed must be an integer; got {seed!r}")
    if isinstance(n_contacts, bool) or not isinstance(n_contacts, int) or n_contacts < 1:
        raise ValueError(f"n_contacts must be a whole number >= 1; got {n_contacts!r}")
    rng = np.random.default_rng(seed)
    channels = list(_SAMPLE_RATES)
    start = datetime(2025, 1, 6, 9, 0)
    contact_rows = []
    event_rows: list[tuple[int, str, str, datetime]] = []
    for contact_id in range(1, n_contacts + 1):
        channel = channels[int(rng.choice(len(channels), p=_SAMPLE_MIX))]
        contacted = start + pd.Timedelta(
            days=int(rng.integers(0, 112)), hours=int(rng.integers(0, 9))
        )
        contact_rows.append(
            {
                "contact_id": contact_id,
                "name": f"{_FIRST_NAMES[contact_id % len(_FIRST_NAMES)]} "
                f"{chr(ord('A') + int(rng.integers(0, 26)))}.",
                "channel": channel,
                "company": _COMPANIES[int(rng.integers(0, len(_COMPANIES)))],
                "role": _ROLES[int(rng.integers(0, len(_ROLES)))],
                "added_at": contacted,
            }
        )
        event_rows.append((contact_id, channel, "contacted", contacted))
        when = contacted
        for step, rate in enumerate(_SAMPLE_RATES[channel], start=1):
            if rng.random() >= rate:
                break
            low, high = _SAMPLE_DELAY_DAYS[step - 1]
            delay = float(rng.uniform(low, high)) * (3.0 if rng.random() < 0.08 else 1.0)
            when = when + pd.Timedelta(hours=round(delay * 24))
            stage = STAGES[step]
            if stage == "conversation" and rng.random() < 0.08:
                continue  # a referral may come without a logged conversation: the funnel stops
            event_rows.append((contact_id, channel, stage, when))
            if stage == "replied" and rng.random() < 0.15:  # a second reply, later
                event_rows.append((contact_id, channel, stage, when + pd.Timedelta(days=2)))
    contacts = pd.DataFrame(contact_rows).astype(
        {"contact_id": "int64", "added_at": "datetime64[us]"}
    )
    events = (
        pd.DataFrame(event_rows, columns=["contact_id", "channel", "stage", "event_time"])
        .astype({"contact_id": "int64", "event_time": "datetime64[us]"})
        .sort_values(["event_time", "contact_id"], kind="stable")
        .reset_index(drop=True)
    )
    return OutreachSample(contacts, events)


def stage_counts(events: pd.DataFrame, stages: Sequence[str] = STAGES) -> pd.Series:
    """Return how many distinct contacts have any event at each stage (no order, no window).

    A naive count, for comparison with :func:`outreach_funnel`: it counts a referral without a
    conversation and a stage after the window, which the funnel does not.

    >>> events = pd.DataFrame({"contact_id": [1, 1, 2], "stage": ["contacted", "replied",
    ...                        "contacted"]})
    >>> stage_counts(events).tolist()
    [2, 1, 0, 0, 0]
    """
    if not isinstance(events, pd.DataFrame):
        raise ValueError(f"events must be a pandas DataFrame; got {type(events).__name__}")
    for column in ("contact_id", "stage"):
        if column not in events.columns:
            raise ValueError(f"events is missing the column {column!r}")
    counts = events.groupby("stage")["contact_id"].nunique()
    return counts.reindex(list(stages), fill_value=0).astype("int64").rename("contacts")
