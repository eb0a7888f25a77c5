"""pmkit.discovery: interview synthesis, stories, acceptance criteria, the tree and the spec.

Every expected value is worked out by hand in the comments; the bundled interviews' planted
facts (instructors/PLANTED_FACTS.md) are checked against a direct count with pandas.
"""

from __future__ import annotations

import pandas as pd
import pytest

from pmkit.datasets import load_interview_notes, load_interviews
from pmkit.discovery import (
    EVIDENCE_KINDS,
    NOTE_KINDS,
    SPEC_SECTIONS,
    check_spec,
    evidence_by_opportunity,
    opportunity_tree,
    parse_acceptance_criteria,
    parse_job_story,
    parse_user_story,
    spec_markdown,
)


def small_notes() -> tuple[pd.DataFrame, pd.DataFrame]:
    interviews = pd.DataFrame(
        {"interview_id": ["I1", "I2", "I3", "I4"], "segment": ["small", "small", "large", "large"]}
    )
    notes = pd.DataFrame(
        [
            ("I1", "past behaviour", "status", "Called the desk 3 times last week"),
            ("I1", "past behaviour", "status", "Keeps a sticky note of ticket numbers"),
            ("I1", "compliment", "ai", "Love the idea"),
            ("I2", "commitment", "status", "Booked a follow-up with her manager"),
            ("I2", "hypothetical", "ai", "I would use drafted replies"),
            ("I3", "past behaviour", "reports", "Spent 4 hours on the SLA report in June"),
            ("I3", "past behaviour", "reports", "Exports three CSVs and merges them"),
            ("I3", "past behaviour", "reports", "Missed the deadline in May"),
            ("I3", "opinion", "status", "Status matters"),
            ("I4", "past behaviour", "none", "Runs a team of 60"),
        ],
        columns=["interview_id", "kind", "opportunity", "note"],
    )
    return interviews, notes


def test_evidence_counts_people_with_past_behaviour_or_commitments_not_mentions() -> None:
    interviews, notes = small_notes()
    table = evidence_by_opportunity(notes, interviews)
    # status: I1 (2 notes) and I2 (a commitment) = 2 people, 3 notes; I3's opinion is left out.
    # reports: I3 alone, 3 notes. ai: only a compliment and a hypothetical: 0. I4's note: none.
    assert table["opportunity"].tolist() == ["status", "reports", "ai"]
    assert table["interviewees"].tolist() == [2, 1, 0]
    assert table["notes"].tolist() == [3, 3, 0]
    assert table["commitments"].tolist() == [1, 0, 0]
    assert table["share"].tolist() == [2 / 4, 1 / 4, 0.0]  # over all four interviews
    # the example is the commitment when there is one, else the first counted note
    assert table["example"].tolist() == [
        "Booked a follow-up with her manager",
        "Spent 4 hours on the SLA report in June",
        "",
    ]


def test_every_kind_can_be_counted_and_the_order_breaks_ties_by_commitments() -> None:
    interviews, notes = small_notes()
    table = evidence_by_opportunity(notes, interviews, kinds=NOTE_KINDS).set_index("opportunity")
    # all kinds: status I1, I2, I3 = 3; ai I1, I2 = 2; reports I3 = 1
    assert table["interviewees"].to_dict() == {"status": 3, "ai": 2, "reports": 1}
    tie = pd.DataFrame(
        {
            "interview_id": ["I1", "I2"],
            "kind": ["past behaviour", "commitment"],
            "opportunity": ["zeta", "alpha2"],
        }
    )
    # one person each; alpha2 has the commitment, so it comes first whatever the names
    assert evidence_by_opportunity(tie)["opportunity"].tolist() == ["alpha2", "zeta"]
    assert "example" not in evidence_by_opportunity(tie).columns  # no note column: no example


def test_evidence_by_segment_shares_are_over_each_segments_interviews() -> None:
    interviews, notes = small_notes()
    table = evidence_by_opportunity(notes, interviews, by="segment")
    assert table.columns[:2].tolist() == ["segment", "opportunity"]
    large = table[table["segment"] == "large"].set_index("opportunity")
    small = table[table["segment"] == "small"].set_index("opportunity")
    # large: I3 and I4; reports has I3: 1 of 2. small: I1 and I2 both on status: 2 of 2.
    assert large.loc["reports", "share"] == 0.5
    assert large.loc["status", "interviewees"] == 0  # I3's status note is an opinion
    assert small.loc["status", "share"] == 1.0
    assert table.groupby("segment").size().to_dict() == {"large": 3, "small": 3}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda n, i: n.assign(kind=n["kind"].replace("opinion", "guess")), "'guess' (row 8)"),
        (lambda n, i: n.drop(columns="opportunity"), "missing the column(s) 'opportunity'"),
        (lambda n, i: n.assign(interview_id=n["interview_id"].replace("I4", "I9")), "'I9'"),
    ],
)
def test_bad_notes_are_refused_naming_the_column_and_value(change, message: str) -> None:  # type: ignore[no-untyped-def]
    interviews, notes = small_notes()
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        evidence_by_opportunity(change(notes, interviews), interviews)


def test_bad_arguments_are_refused_naming_them() -> None:
    interviews, notes = small_notes()
    with pytest.raises(ValueError, match="by='segment' needs interviews"):
        evidence_by_opportunity(notes, by="segment")
    with pytest.raises(ValueError, match="by='plan' is not a column of interviews"):
        evidence_by_opportunity(notes, interviews, by="plan")
    with pytest.raises(ValueError, match="kinds holds 'quote'"):
        evidence_by_opportunity(notes, kinds=["quote"])
    with pytest.raises(ValueError, match="kinds is empty"):
        evidence_by_opportunity(notes, kinds=[])
    with pytest.raises(ValueError, match="notes must be a pandas DataFrame; got list"):
        evidence_by_opportunity([])  # type: ignore[arg-type]


def test_the_bundled_interviews_hold_the_planted_facts() -> None:
    interviews, notes = load_interviews(), load_interview_notes()
    assert len(interviews) == 24 and notes["note_id"].is_unique
    assert set(notes["kind"]) == set(NOTE_KINDS)
    assert set(notes["interview_id"]) == set(interviews["interview_id"])
    # a direct count with pandas, independent of evidence_by_opportunity
    evidence = notes[notes["kind"].isin(EVIDENCE_KINDS) & (notes["opportunity"] != "none")]
    people = evidence.groupby("opportunity")["interview_id"].nunique()
    mentions = notes[notes["opportunity"] != "none"].groupby("opportunity").size()
    assert people.idxmax() == "status_visibility" and people.max() == 11
    assert mentions.idxmax() == "handoff_context"  # the trap: mentions, not people
    table = evidence_by_opportunity(notes, interviews).set_index("opportunity")
    assert table["interviewees"].to_dict() == {
        **dict.fromkeys(table.index, 0),
        **people.to_dict(),
    }
    by_segment = evidence_by_opportunity(notes, interviews, by="segment")
    top = by_segment.groupby("segment").first()["opportunity"].to_dict()
    assert top == {
        "large": "sla_reporting",
        "mid": "status_visibility",
        "small": "status_visibility",
    }
    per_interview = notes.groupby("interview_id").size()
    assert per_interview.between(4, 8).all()
    # instructors/PLANTED_FACTS.md, section 6: E per segment, and the three traps
    e = by_segment.pivot(index="opportunity", columns="segment", values="interviewees")
    assert e.loc["status_visibility"].to_dict() == {"large": 1, "mid": 3, "small": 7}
    assert e.loc["sla_reporting"].to_dict() == {"large": 5, "mid": 2, "small": 0}
    assert table.loc["handoff_context", "notes"] == 15 > table.loc["status_visibility", "notes"]
    anyone = evidence_by_opportunity(notes, kinds=NOTE_KINDS).set_index("opportunity")
    assert anyone["interviewees"].sort_values(ascending=False).index[:2].tolist() == [
        "status_visibility",
        "ai_replies",
    ]
    assert table["commitments"].to_dict() == {
        "status_visibility": 2,
        "sla_reporting": 4,
        "handoff_context": 0,
        "ai_replies": 0,
        "mobile_app": 0,
    }


@pytest.mark.parametrize(
    "text",
    [
        "When my ticket has been open for two days, I want to see who has it, so I can plan.",
        "when my ticket has been open for two days, i want to see who has it so that I can plan",
        "When my ticket has been open\nfor two days, I want to see who has it, so I can plan!",
    ],
)
def test_a_job_story_is_split_into_its_three_parts_in_any_case_or_layout(text: str) -> None:
    story = parse_job_story(text)
    assert story.situation == "my ticket has been open for two days"
    assert story.motivation == "see who has it"
    assert story.outcome == "plan"
    assert str(story) == (
        "When my ticket has been open for two days, I want to see who has it, so I can plan."
    )


@pytest.mark.parametrize(
    ("text", "missing"),
    [
        ("I want to see my ticket, so I can plan.", "no 'When' part"),
        ("When my ticket is open, I need to see it, so I can plan.", "no 'I want to' part"),
        ("When my ticket is open, I want to see it.", "no 'so I can' part"),
        ("I want to see it, so I can plan, when my ticket is open.", "out of order"),
        ("So I can plan, when it is open I want to see it", "out of order"),
    ],
)
def test_a_broken_job_story_says_which_part_is_missing(text: str, missing: str) -> None:
    with pytest.raises(ValueError, match=missing) as info:
        parse_job_story(text)
    assert text.strip() in str(info.value)


def test_a_user_story_is_split_and_a_broken_one_named() -> None:
    story = parse_user_story(
        "As an agent, I want the requester's last three tickets, so that I do not re-ask."
    )
    assert (story.role, story.goal, story.benefit) == (
        "agent",
        "the requester's last three tickets",
        "I do not re-ask",
    )
    with pytest.raises(ValueError, match="no 'so that' part"):
        parse_user_story("As an agent, I want the requester's history.")
    with pytest.raises(ValueError, match="no 'As a' part"):
        parse_user_story("The agent wants history, so that they do not re-ask.")
    with pytest.raises(ValueError, match="the user story is empty"):
        parse_user_story("  ")


def test_acceptance_criteria_are_split_into_criteria_with_and_folded_in() -> None:
    criteria = parse_acceptance_criteria(
        """
        Scenario: the requester sees the team
        - **Given** a requester has an open ticket
        - And an agent in Network has picked it up
        - When the requester opens the ticket page
        - Then they see "Network" as the team
        - But they do not see the agent's private notes
        Given a ticket waits for the requester
        When the requester opens it
        Then the page says what the desk needs
          from them, in one sentence

        Given a closed ticket
        When the requester opens it
        Then the page offers to reopen it
        """
    )
    assert len(criteria) == 3  # a Given after a Then starts a new one; so does a blank line
    first, second, third = criteria
    assert first.given == (
        "a requester has an open ticket",
        "an agent in Network has picked it up",
    )
    assert first.then == (
        'they see "Network" as the team',
        "they do not see the agent's private notes",
    )
    assert second.then == ("the page says what the desk needs from them, in one sentence",)
    assert all(c.well_formed for c in criteria)
    assert (
        str(third)
        == "Given a closed ticket\nWhen the requester opens it\nThen the page offers to reopen it"
    )


def test_a_criterion_that_breaks_the_form_lists_each_problem() -> None:
    two_events, no_then, backwards, empty = parse_acceptance_criteria(
        "Given a ticket\nWhen the agent reassigns it\nAnd the new agent opens it\n"
        "Then the history is shown\n\n"
        "Given a ticket\nWhen it is closed\n\n"
        "When it is closed\nGiven a ticket\nThen a survey is sent\n\n"
        "Given a ticket\nWhen\nThen the requester is told"
    )
    assert two_events.problems == ("2 When steps: one behaviour per criterion (split it in two)",)
    assert no_then.problems == ("no Then step",)
    assert backwards.problems == ("steps out of order: Given, then When, then Then",)
    assert empty.problems == ("an empty When step: say what it is",)
    assert not any(c.well_formed for c in (two_events, no_then, backwards, empty))


def test_a_criterion_written_on_one_line_is_told_to_split_its_steps() -> None:
    [one_line] = parse_acceptance_criteria(
        "Given an open ticket, when the requester opens the page, then the page shows the team."
    )
    assert one_line.problems == (
        "no When step",
        "no Then step",
        "a When and a Then inside another step: put each step on a line of its own",
    )
    [fine] = parse_acceptance_criteria(
        "Given a ticket closed when the agent left\nWhen it is reopened\nThen it is queued"
    )
    assert fine.well_formed  # a 'when' inside a step is fine when the When step is there


def test_text_that_is_not_a_step_is_refused_naming_the_line() -> None:
    with pytest.raises(ValueError, match="line 2 of the acceptance criteria is not a Given"):
        parse_acceptance_criteria("\nThe page must be fast\nGiven a ticket")
    with pytest.raises(ValueError, match=r"line 1 .* starts with And before any"):
        parse_acceptance_criteria("And a ticket")
    with pytest.raises(ValueError, match="hold no Given, When or Then"):
        parse_acceptance_criteria("Scenario: nothing:")


def test_an_opportunity_tree_shows_its_gaps_as_a_frame_and_as_markdown() -> None:
    tree = opportunity_tree(
        "Fewer status chasers per ticket",
        {
            "Requesters cannot see where a ticket stands": {
                "A status page": ["5 of 5 requesters find the state", "agents keep it current"],
                "Status emails": [],
            },
            "Context is lost at hand-off": ["A hand-off summary"],
            "SLA reports take hours": [],
        },
    )
    assert tree.gaps == (
        "solution 'Status emails' has no assumption test yet",
        "solution 'A hand-off summary' has no assumption test yet",
        "opportunity 'SLA reports take hours' has no solution yet",
    )
    frame = tree.frame()
    assert len(frame) == 5  # 2 tests + 1 untested + 1 untested + 1 bare opportunity
    assert frame["assumption_test"].tolist().count("") == 3
    assert tree.markdown().splitlines()[:4] == [
        "**Outcome: Fewer status chasers per ticket**",
        "",
        "- Opportunity: Requesters cannot see where a ticket stands",
        "  - Solution: A status page",
    ]


def test_a_bad_tree_is_refused_naming_the_label() -> None:
    with pytest.raises(ValueError, match="the outcome must be a non-empty str"):
        opportunity_tree(" ", {})
    with pytest.raises(ValueError, match="'A page' is under 'a' and 'b'"):
        opportunity_tree("o", {"a": ["A page"], "b": ["A page"]})
    with pytest.raises(ValueError, match="the solutions of 'a' must be a list"):
        opportunity_tree("o", {"a": "A page"})
    with pytest.raises(ValueError, match="an assumption test of 'A page'"):
        opportunity_tree("o", {"a": {"A page": [""]}})


def complete_spec() -> dict[str, str]:
    return {
        "problem": "Requesters at small customers cannot see where a ticket stands, so they "
        "chase agents by chat and phone: 11 of 24 interviewees described it.",
        "goals": "Goal: requesters see the state and the owning team of every open ticket. "
        "Non-goal: changing how agents assign tickets.",
        "metrics": "Status chasers per ticket, from 0.8 to 0.4 within a quarter; guardrail: "
        "first-response time must not rise.",
        "user_stories": "- As a requester, I want to see which team has my ticket, so that I "
        "know whom to ask.\n- As an agent, I want fewer status calls, so that I can work the "
        "queue.",
        "acceptance_criteria": "Given an open ticket\nWhen the requester opens it\nThen the team "
        "is shown\n\nGiven a closed ticket\nWhen the requester opens it\nThen it offers a reopen",
        "open_questions": "Will agents keep the state current? We test it with two pilot teams "
        "for two weeks before building more.",
    }


def test_a_complete_spec_passes_and_renders_every_section() -> None:
    check = check_spec(complete_spec())
    assert check.complete and check.user_stories == 2 and check.acceptance_criteria == 2
    assert str(check) == "complete: 2 user stories and 2 acceptance criteria, well formed"
    markdown = spec_markdown(complete_spec(), title="Ticket status page")
    assert markdown.startswith("# Ticket status page\n")
    assert [line for line in markdown.splitlines() if line.startswith("## ")] == [
        f"## {heading}" for heading, _ in SPEC_SECTIONS.values()
    ]


def test_a_spec_check_names_each_broken_section() -> None:
    spec = complete_spec() | {
        "goals": "",
        "metrics": "Fewer status chasers per ticket, and agents happier with their queue work "
        "overall.",
        "user_stories": "- As a requester, I want the team shown.\n- As an agent, I want fewer "
        "calls, so that I work.",
        "acceptance_criteria": "Given a ticket\nWhen it opens\nAnd it loads\nThen it shows",
    }
    del spec["open_questions"]
    check = check_spec(spec)
    assert check.problems["goals"] == ("missing",)
    assert check.problems["open_questions"] == ("missing",)
    assert check.problems["metrics"] == ("no number (a baseline or a target)",)
    assert (
        len(check.problems["user_stories"]) == 1
        and "no 'so that' part" in check.problems["user_stories"][0]
    )
    assert check.problems["acceptance_criteria"] == (
        "criterion 1: 2 When steps: one behaviour per criterion (split it in two)",
    )
    assert "problem" not in check.problems and not check.complete
    with pytest.raises(ValueError, match="unknown section 'solution'"):
        check_spec({"solution": "x"})
