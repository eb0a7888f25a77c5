"""Interview synthesis: how many people gave evidence for each opportunity.

The course's rule (content reference, "Discovery and specs"): tag each note with the problem it
shows, then count **distinct interviewees** per problem, not mentions, and count only
**evidence**: what people did (past behaviour) and what they gave up (a commitment of time,
money or an introduction). Opinions, hypotheticals ("I would use...") and compliments are not
evidence (Rob Fitzpatrick, *The Mom Test*, 2013). One talkative interviewee who mentions a
problem ten times is still one person.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from pmkit._validation import require_columns

NOTE_KINDS: tuple[str, ...] = (
    "past behaviour",
    "commitment",
    "opinion",
    "hypothetical",
    "compliment",
)
"""What an interview note records: something the person did, something they committed to, a
view, a guess about the future, or praise. Only the first two are evidence."""

EVIDENCE_KINDS: tuple[str, ...] = ("past behaviour", "commitment")
"""The note kinds that count as evidence (The Mom Test): past behaviour and commitments."""

NO_OPPORTUNITY = "none"
"""The opportunity tag of a background note (the team, its tools): never counted."""

_NOTE_COLUMNS = ("interview_id", "kind", "opportunity")


def _check_notes(notes: pd.DataFrame) -> None:
    require_columns(notes, _NOTE_COLUMNS, "notes")
    unknown = notes.loc[~notes["kind"].isin(NOTE_KINDS), "kind"]
    if len(unknown):
        raise ValueError(
            f"notes['kind'] holds {unknown.iloc[0]!r} (row {unknown.index[0]!r}); a kind is one "
            f"of {list(NOTE_KINDS)}"
        )


def _check_kinds(kinds: Iterable[str]) -> tuple[str, ...]:
    chosen = tuple(kinds)
    if not chosen:
        raise ValueError("kinds is empty: name at least one of " + str(list(NOTE_KINDS)))
    for kind in chosen:
        if kind not in NOTE_KINDS:
            raise ValueError(f"kinds holds {kind!r}; a kind is one of {list(NOTE_KINDS)}")
    return chosen


def evidence_by_opportunity(
    notes: pd.DataFrame,
    interviews: pd.DataFrame | None = None,
    *,
    by: str | None = None,
    kinds: Iterable[str] = EVIDENCE_KINDS,
) -> pd.DataFrame:
    """Count, per opportunity, the distinct interviewees whose notes give evidence for it.

    ``notes`` has one row per note with ``interview_id``, ``kind`` (one of
    :data:`NOTE_KINDS`) and ``opportunity`` (background notes are tagged
    :data:`NO_OPPORTUNITY` and left out). Only notes of ``kinds`` count, by default
    :data:`EVIDENCE_KINDS`. Returns a new DataFrame, one row per opportunity (every tagged
    opportunity, with 0 where no note of ``kinds`` supports it):

    * ``interviewees``: distinct interviews with at least one counted note: the number to
      compare;
    * ``share``: ``interviewees`` over the number of interviews (all of ``interviews`` when
      given, else every interview in ``notes``);
    * ``notes``: counted notes (mentions: shown to be ignored, not to rank by);
    * ``commitments``: distinct interviews with a commitment note;
    * ``example``: the first counted note's text (a commitment's, when there is one), when
      ``notes`` has a ``note`` column.

    Sorted by ``interviewees``, then ``commitments``, both descending, then by name.

    With ``by`` (a column of ``interviews``, such as ``"segment"``), one row per group and
    opportunity, the group first, and ``share`` is over that group's interviews: which problem
    matters to which customers.

    >>> notes = pd.DataFrame({
    ...     "interview_id": ["I1", "I1", "I1", "I2", "I2", "I3"],
    ...     "kind": ["past behaviour"] * 3 + ["hypothetical", "commitment", "past behaviour"],
    ...     "opportunity": ["a", "a", "a", "b", "b", "b"],
    ... })
    >>> evidence_by_opportunity(notes)[["opportunity", "interviewees", "notes", "commitments"]]
      opportunity  interviewees  notes  commitments
    0           b             2      2            1
    1           a             1      3            0
    """
    _check_notes(notes)
    counted_kinds = _check_kinds(kinds)
    tagged = notes[notes["opportunity"] != NO_OPPORTUNITY]
    if interviews is not None:
        if "interview_id" not in interviews.columns:
            raise ValueError("interviews has no column 'interview_id'")
        unknown = sorted(set(notes["interview_id"]) - set(interviews["interview_id"]))
        if unknown:
            raise ValueError(f"notes['interview_id'] holds {unknown[0]!r}, not in interviews")
    if by is not None:
        if interviews is None:
            raise ValueError(f"by={by!r} needs interviews, the table that holds that column")
        if by not in interviews.columns:
            raise ValueError(
                f"by={by!r} is not a column of interviews (it has {list(interviews.columns)})"
            )
    population = (
        interviews[["interview_id", *([by] if by else [])]]
        if interviews is not None
        else pd.DataFrame({"interview_id": notes["interview_id"].unique()})
    ).drop_duplicates("interview_id")
    groups: list[tuple[object, set[str]]] = (
        [(key, set(part["interview_id"])) for key, part in population.groupby(by, sort=True)]
        if by
        else [(None, set(population["interview_id"]))]
    )
    opportunities = sorted(tagged["opportunity"].unique())
    rows = []
    for key, members in groups:
        in_group = tagged[tagged["interview_id"].isin(members)]
        counted = in_group[in_group["kind"].isin(counted_kinds)]
        for opportunity in opportunities:
            mine = counted[counted["opportunity"] == opportunity]
            committed = mine[mine["kind"] == "commitment"]
            row: dict[str, object] = {} if by is None else {by: key}
            row |= {
                "opportunity": opportunity,
                "interviewees": int(mine["interview_id"].nunique()),
                "share": mine["interview_id"].nunique() / len(members) if members else 0.0,
                "notes": len(mine),
                "commitments": int(committed["interview_id"].nunique()),
            }
            if "note" in notes.columns:
                source = committed if len(committed) else mine
                row["example"] = str(source["note"].iloc[0]) if len(source) else ""
            rows.append(row)
    columns = [*([by] if by else []), "opportunity", "interviewees", "share", "notes"]
    columns += ["commitments", *(["example"] if "note" in notes.columns else [])]
    frame = pd.DataFrame(rows, columns=columns)
    sort_keys = [*([by] if by else []), "interviewees", "commitments", "opportunity"]
    ascending = [*([True] if by else []), False, False, True]
    return frame.sort_values(sort_keys, ascending=ascending, kind="stable").reset_index(drop=True)
