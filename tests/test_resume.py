"""Tests for pmkit.resume, the impact-bullet analyzer.

Three kinds of checks:
- measured quality on a labelled set (tests/data/resume_bullets.json), labelled by reading each
  bullet as a recruiter would (see its "label_guide"), not by running the analyzer. The "dev"
  split was written alongside the rules; the "holdout" split was written and labelled after the
  rules were frozen, so its thresholds are lower and say what the analyzer really does;
- targeted unit tests for each detector and each duty-speak phrase, including numbers that are
  not metrics (Windows 10, 24/7, ISO 27001, Tier 2, years);
- the contract: verdict rule, suggestions that never invent numbers, DataFrame output, example
  pairs (every "before" fails, every "after" passes), input validation.
"""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import pandas as pd
import pytest

from pmkit.resume import (
    BACKGROUNDS,
    CHECKS,
    DETECTORS,
    DUTY_SPEAK_PHRASES,
    VERDICT_RULE,
    BulletAnalysis,
    analyze_bullet,
    analyze_bullets,
    example_pairs,
)

DATA = Path(__file__).parent / "data" / "resume_bullets.json"
LABELS = (*DETECTORS, "passes")


def load_bullets() -> list[dict]:
    return json.loads(DATA.read_text(encoding="utf-8"))["bullets"]


BULLETS = load_bullets()


def rule(labels: dict[str, bool]) -> bool:
    return (
        labels["action_verb"]
        and labels["metric"]
        and labels["comparison"]
        and (labels["outcome"] or labels["scope"])
        and labels["method"]
        and not labels["duty_speak"]
        and not labels["wrong_direction"]
    )


def precision_recall(split: str | None, name: str) -> tuple[float, float]:
    chosen = [b for b in BULLETS if split is None or b["split"] == split]
    tp = fp = fn = 0
    for bullet in chosen:
        analysis = analyze_bullet(bullet["text"])
        got = analysis.passes if name == "passes" else bool(getattr(analysis, name))
        want = bullet["labels"][name]
        tp += want and got
        fp += got and not want
        fn += want and not got
    return tp / (tp + fp), tp / (tp + fn)


# ------------------------------------------------------------------------- the labelled set


def test_labelled_set_is_well_formed() -> None:
    assert len(BULLETS) >= 60
    assert len({b["id"] for b in BULLETS}) == len(BULLETS)
    assert len({b["text"] for b in BULLETS}) == len(BULLETS)
    assert sum(b["split"] == "holdout" for b in BULLETS) >= 20
    assert sum(b["split"] == "holdout-2" for b in BULLETS) >= 40
    assert {b["background"] for b in BULLETS} == {"it", "ops", "general"}
    for bullet in BULLETS:
        assert set(bullet["labels"]) == set(LABELS), bullet["id"]
        # the verdict label is the documented rule applied to the detector labels
        assert bullet["labels"]["passes"] == rule(bullet["labels"]), bullet["id"]
        # a comparison needs a metric
        assert not bullet["labels"]["comparison"] or bullet["labels"]["metric"], bullet["id"]
    # both outcomes of each label occur, so precision and recall mean something
    for name in LABELS:
        values = {b["labels"][name] for b in BULLETS}
        assert values == {True, False}, name


# Thresholds set from the measured values (benchmarks/resume_analyzer.py), rounded down:
# the whole set must stay at or above these. Outcome is the weakest detector.
ALL_THRESHOLDS = {
    "action_verb": (0.95, 0.95),
    "metric": (0.95, 0.95),
    "comparison": (0.95, 0.95),
    "outcome": (0.9, 0.85),
    "scope": (0.95, 0.95),
    "method": (0.95, 0.95),
    "duty_speak": (0.95, 0.85),
    "wrong_direction": (0.95, 0.95),
    "passes": (0.95, 0.85),
}
# The held-out splits, written after the rules were frozen: one bullet moves a score by 2-50
# points, so these are floors that catch regressions, not claims of accuracy. "holdout" (20
# bullets) has no change for the worse, so that detector is measured on "holdout-2" only.
HOLDOUT_THRESHOLDS = {
    "holdout": {
        "action_verb": (0.9, 0.9),
        "metric": (0.9, 0.9),
        "comparison": (0.9, 0.9),
        "outcome": (0.6, 0.5),
        "scope": (0.9, 0.75),
        "method": (0.9, 0.9),
        "duty_speak": (0.9, 0.9),
        "passes": (0.9, 0.85),
    },
    # measured on the frozen rules of commit 639d892 (48 bullets by a separate author):
    # every precision 1.00; recall 0.73 for the verdict, 0.77 duty-speak, 0.84 outcome
    "holdout-2": {
        "action_verb": (0.95, 0.95),
        "metric": (0.95, 0.95),
        "comparison": (0.95, 0.9),
        "outcome": (0.95, 0.8),
        "scope": (0.95, 0.9),
        "method": (0.95, 0.9),
        "duty_speak": (0.95, 0.75),
        "wrong_direction": (0.95, 0.95),
        "passes": (0.95, 0.7),
    },
}


@pytest.mark.parametrize("name", LABELS)
def test_precision_and_recall_on_all_labelled_bullets(name: str) -> None:
    precision, recall = precision_recall(None, name)
    low_p, low_r = ALL_THRESHOLDS[name]
    assert precision >= low_p, f"{name} precision {precision:.2f} < {low_p}"
    assert recall >= low_r, f"{name} recall {recall:.2f} < {low_r}"


@pytest.mark.parametrize(
    ("split", "name"),
    [(split, name) for split, floors in HOLDOUT_THRESHOLDS.items() for name in floors],
)
def test_precision_and_recall_on_holdout(split: str, name: str) -> None:
    precision, recall = precision_recall(split, name)
    low_p, low_r = HOLDOUT_THRESHOLDS[split][name]
    assert precision >= low_p, f"{split} {name} precision {precision:.2f} < {low_p}"
    assert recall >= low_r, f"{split} {name} recall {recall:.2f} < {low_r}"


@pytest.mark.parametrize("bullet", BULLETS, ids=[b["id"] for b in BULLETS])
def test_verdict_follows_the_documented_rule(bullet: dict) -> None:
    a = analyze_bullet(bullet["text"])
    got = {name: bool(getattr(a, name)) for name in DETECTORS}
    assert a.passes == rule(got)
    assert a.score == len(CHECKS) - len(a.missing)
    assert a.passes == (a.score == len(CHECKS))
    assert set(a.missing) <= set(CHECKS)
    assert ("method" in a.missing) == (not a.method)
    assert ("no duty-speak" in a.missing) == bool(a.duty_speak)
    assert ("outcome or scope" in a.missing) == (not a.outcome and not a.scope)
    assert ("no change for the worse" in a.missing) == bool(a.wrong_direction)


def test_verdict_rule_is_documented() -> None:
    for word in (
        "action_verb",
        "metric",
        "comparison",
        "outcome or scope",
        "method",
        "duty_speak",
        "wrong_direction",
    ):
        assert word in VERDICT_RULE


# -------------------------------------------------------------------------- action verb


@pytest.mark.parametrize(
    ("text", "verb"),
    [
        ("Cut ticket backlog by 40%.", "Cut"),
        ("Launched a self-service portal.", "Launched"),
        ("Redesigned the on-call rotation.", "Redesigned"),
        ("Led a team of 6.", "Led"),
        ("Successfully migrated 420 VMs.", "migrated"),
        ("In 2021, consolidated 3 data centers.", "consolidated"),
        ("As incident manager, cut MTTR by half.", "cut"),
        ("- Replatformed the billing service.", "Replatformed"),  # unlisted -ed verb
        ("Forecast peak demand 8 weeks out.", "Forecast"),  # irregular past
        ("Brought onboarding down to 2 days.", "Brought"),
    ],
)
def test_action_verb_found(text: str, verb: str) -> None:
    a = analyze_bullet(text)
    assert a.action_verb
    assert a.action_verb.evidence == (verb,)
    start, end = a.action_verb.spans[0]
    assert a.text[start:end] == verb


@pytest.mark.parametrize(
    ("text", "weak"),
    [
        ("Helped reduce ticket backlog by 35%.", "Helped"),
        ("Assisted with onboarding.", "Assisted"),
        ("Worked on network upgrades.", "Worked"),
        ("Supported 300 users.", "Supported"),
        ("Handled escalations from key accounts.", "Handled"),
        ("Proactively monitored backups.", "monitored"),
        ("Was responsible for patching.", "Was"),
    ],
)
def test_weak_verbs_do_not_count(text: str, weak: str) -> None:
    a = analyze_bullet(text)
    assert not a.action_verb
    assert a.weak_verb == weak
    assert "action verb" in a.missing


@pytest.mark.parametrize(
    "text",
    [
        "Ticket backlog was reduced from 900 to 150.",
        "Reduction of ticket backlog by 40%.",
        "Experienced IT professional with 8 years in networking.",
        "Key contributor to a 20% drop in churn.",
    ],
)
def test_passive_noun_and_profile_openings_have_no_action_verb(text: str) -> None:
    assert not analyze_bullet(text).action_verb


def test_passive_voice_is_flagged() -> None:
    assert analyze_bullet("Ticket backlog was reduced from 900 to 150.").passive
    assert not analyze_bullet("Reduced ticket backlog from 900 to 150.").passive


# ------------------------------------------------------------------------------- metric


@pytest.mark.parametrize(
    ("text", "evidence"),
    [
        ("Cut churn by 30%.", "30%"),
        ("Saved $180K a year.", "$180K"),
        ("Saved €2.5 million.", "€2.5 million"),
        ("Cut setup from 4h to 45min.", "4h"),
        ("Cut setup to 45 minutes.", "45 minutes"),
        ("Migrated 420 virtual machines.", "420"),
        ("Doubled self-service adoption.", "Doubled"),
        ("Grew revenue 3x.", "3x"),
        ("Raised CSAT to 4.6/5.", "4.6/5"),
        ("Led a 9-month migration.", "9-month"),
        ("Onboarded 2000 users.", "2000"),  # a year-like number that counts something
        ("Closed the quarter with zero open P1s.", "zero"),
    ],
)
def test_metric_found(text: str, evidence: str) -> None:
    a = analyze_bullet(text)
    assert a.metric
    assert evidence in a.metric.evidence


@pytest.mark.parametrize(
    "text",
    [
        "Managed the Windows 10 rollout.",
        "Provided 24/7 support.",
        "Achieved ISO 27001 certification.",
        "Led Tier 2 support.",
        "Resolved P1 incidents.",
        "Planned capacity for the 2020 peak season.",
        "Owned the FY2023 roadmap.",
        "Completed ITIL 4 Foundation.",
        "Designed a 3-tier architecture.",
        "Rolled out two-factor authentication.",
        "Built a zero-touch laptop image.",
        "Ran the Q3 business review.",
        "Moved Server 2019 hosts to the cloud.",
        "Wrote the COVID-19 site plan.",
        "Ranked 1st in the regional review.",
    ],
)
def test_numbers_that_are_names_or_labels_are_not_metrics(text: str) -> None:
    a = analyze_bullet(text)
    assert not a.metric, a.metric.evidence


# --------------------------------------------------------------------------- comparison


@pytest.mark.parametrize(
    "text",
    [
        "Cut setup time from 4 hours to 45 minutes.",
        "Cut setup time from 4h to 45min.",
        "Cut ticket backlog by 30%.",
        "Kept dispatch at 98% vs 81% the year before.",
        "Raised uptime to 99.9%, up from 97.5%.",
        "Lowered error rate, down from 6% last year.",
        "Moved availability 99.5% → 99.95%.",
        "Halved onboarding time.",
        "Grew active users 3x.",
        "Saved $420K a year.",
        "Cut handle time 2 minutes faster than target.",
        "Delivered the project 10% under budget.",
        "Grew NPS 12 points year-over-year.",
        "Lowered cost per pallet from $48 to $39 (-19%).",
    ],
)
def test_comparison_found(text: str) -> None:
    a = analyze_bullet(text)
    assert a.metric and a.comparison, text


@pytest.mark.parametrize(
    "text",
    [
        "Reduced MTTR to 45 minutes.",
        "Reduced mean time to resolve P1 incidents to 45 minutes.",
        "Achieved 99.95% uptime.",
        "Increased first-contact resolution to 72%.",
        "Migrated 420 VMs in 6 months.",
        "Reduced customer wait times.",  # no number at all
    ],
)
def test_result_without_baseline_has_no_comparison(text: str) -> None:
    a = analyze_bullet(text)
    assert not a.comparison, a.comparison.evidence
    assert "baseline or comparison" in a.missing


# ------------------------------------------------------------------------------ outcome


@pytest.mark.parametrize(
    ("text", "evidence"),
    [
        ("Cut wait time from 3 days to 4 hours for 2,000 employees.", "for 2,000 employees"),
        ("Cut setup from 2 days to 3 hours so that new employees start on day one.", "so that"),
        ("Raised customer satisfaction from 78% to 91%.", "customer satisfaction"),
        ("Lifted CSAT from 78% to 91%.", "CSAT"),
        ("Automated triage, freeing agents for complex cases.", "freeing agents"),
        ("Doubled adoption among 5,000 employees.", "adoption among 5,000 employees"),
        ("Cut stockouts that customers reported by half.", "customers reported"),
        ("Reduced churn from 5% to 3%.", "churn"),
    ],
)
def test_outcome_found(text: str, evidence: str) -> None:
    a = analyze_bullet(text)
    assert a.outcome
    assert any(evidence in e for e in a.outcome.evidence), a.outcome.evidence


@pytest.mark.parametrize(
    "text",
    [
        "Cut order-to-ship time by 30% for 40 stores.",  # stores are not people
        "Assisted with onboarding of new hires.",  # people, but no change
        "Drove a 25% reduction in calls to the 60-agent contact center.",  # size, not people
        "Raised test coverage from 35% to 80%, so releases no longer needed a manual week.",
        "Built dashboards for store managers.",  # a beneficiary, but nothing changed
    ],
)
def test_outcome_not_found(text: str) -> None:
    a = analyze_bullet(text)
    assert not a.outcome, a.outcome.evidence


# -------------------------------------------------------------------------------- scope


@pytest.mark.parametrize(
    ("text", "evidence"),
    [
        ("Led a team of 6 analysts.", "team of 6"),
        ("Patched 600 Linux servers.", "600 Linux servers"),
        ("Ran a 2,000-user help desk.", "2,000-user"),
        ("Oversaw a $2.4M IT budget.", "$2.4M"),
        ("Moved 40 apps over 2 quarters.", "over 2 quarters"),
        ("Led a 9-month ERP migration.", "9-month"),
        ("Rolled out MFA company-wide.", "company-wide"),
        ("Answered thousands of customer calls.", "thousands of customer calls"),
        ("Processed 150 purchase orders per week.", "150 purchase orders"),
    ],
)
def test_scope_found(text: str, evidence: str) -> None:
    a = analyze_bullet(text)
    assert a.scope
    assert any(evidence in e for e in a.scope.evidence), a.scope.evidence


@pytest.mark.parametrize(
    "text",
    [
        "Built a model that forecasts storage needs 6 months ahead.",  # a horizon, not a span
        "Resolved 40% of tickets at first contact.",  # a share, not a size
        "Cut setup time from 2 days to 3 hours.",  # durations of the result
        "Streamlined operations across the warehouse.",
    ],
)
def test_scope_not_found(text: str) -> None:
    a = analyze_bullet(text)
    assert not a.scope, a.scope.evidence


# ------------------------------------------------------------------------------- method


@pytest.mark.parametrize(
    ("text", "evidence"),
    [
        ("Cut backlog by 30% by automating triage.", "by automating triage"),
        ("Cut backlog by 30% after introducing a triage queue.", "after introducing"),
        ("Monitored network performance using SolarWinds.", "using SolarWinds"),
        ("Cut costs by 20% through vendor consolidation.", "through vendor consolidation"),
        ("Cut tickets by 30% with a self-service reset portal.", "with a self-service"),
        ("Raised accuracy from 91% to 99%, adding scan-to-confirm at packing.", "adding"),
        ("Automated patching for 600 servers.", "Automated patching for 600 servers"),
        ("Negotiated SLAs with 3 carriers.", "Negotiated SLAs with 3 carriers"),
    ],
)
def test_method_found(text: str, evidence: str) -> None:
    a = analyze_bullet(text)
    assert a.method
    assert any(e.startswith(evidence) for e in a.method.evidence), a.method.evidence


@pytest.mark.parametrize(
    "text",
    [
        "Cut ticket backlog by 30%.",  # "by" an amount is not a method
        "Led a team of 6 through a 9-month ERP migration.",  # "through" means during
        "Managed the Windows 10 rollout.",  # a lead verb names no method
        "Raised accuracy from 91% to 99%, cutting stockouts by half.",  # a result clause
        "Led a project with a team of 5.",
        "Finished the audit by the end of 2021.",
    ],
)
def test_method_not_found(text: str) -> None:
    a = analyze_bullet(text)
    assert not a.method, a.method.evidence


# ---------------------------------------------------------------------------- direction


@pytest.mark.parametrize(
    ("text", "evidence"),
    [
        ("Increased ticket volume from 200 to 900 a month.", "Increased ticket volume"),
        ("Raised monthly cloud spend from $10K to $50K.", "Raised monthly cloud spend"),
        ("Doubled cloud spend by moving to 3 regions.", "Doubled cloud spend"),
        ("Moved the defect rate from 3% to 7% across 12 lines.", "the defect rate from 3% to 7%"),
        ("Cut inventory accuracy from 98% to 91% by dropping cycle counts.", "Cut inventory"),
        ("Migrated email, raising helpdesk calls from 80 to 140 a week.", "raising helpdesk"),
        ("Rolled out a new WMS with 40% more picking errors.", "40% more picking errors"),
        ("Reduced wait time from 6 minutes to 9 minutes.", "Reduced wait time"),  # numbers win
        ("Lowered CSAT from 4.5/5 to 3.9/5.", "Lowered CSAT"),
    ],
)
def test_change_for_the_worse_found(text: str, evidence: str) -> None:
    a = analyze_bullet(text)
    assert a.wrong_direction, text
    assert any(e.startswith(evidence) for e in a.wrong_direction.evidence), (
        a.wrong_direction.evidence
    )
    assert "no change for the worse" in a.missing
    assert not a.passes


@pytest.mark.parametrize(
    "text",
    [
        "Cut ticket volume from 900 to 200 a month.",
        "Raised on-time incident response from 81% to 95%.",  # on-time: higher is better
        "Increased tickets resolved per agent from 20 to 35 a week.",  # work done, not problems
        "Cut first-pass defects from 3.4% to 1.1%.",
        "Grew the team from 4 to 12 engineers.",  # no known direction
        "Increased deployments from 2 a month to 20.",
        "Raised uptime from 99.5% to 99.95%.",
        "Cut overtime by 35%.",
        "Lifted first-visit fix rate from 71% to 86%.",
        "Cut failed changes from 14% to 4%.",
    ],
)
def test_improvements_are_not_changes_for_the_worse(text: str) -> None:
    a = analyze_bullet(text)
    assert not a.wrong_direction, a.wrong_direction.evidence


# ------------------------------------------------------------------- comparisons in words


@pytest.mark.parametrize(
    ("text", "evidence"),
    [
        ("Cut failed runs from 1 in 200 to 1 in 1,000.", "from 1 in 200 to 1 in 1,000"),
        ("Raised self-service from a third to two thirds.", "from a third to two thirds"),
        ("Cut rebuild time from 6 hours to half an hour.", "from 6 hours to half an hour"),
        ("Cut wait from an hour to 10 minutes.", "from an hour to 10 minutes"),
        ("Cut restores from twice a week to once a month.", "from twice a week to once a month"),
        ("Raised adoption from a quarter to over half.", "from a quarter to over half"),
    ],
)
def test_comparisons_in_words(text: str, evidence: str) -> None:
    a = analyze_bullet(text)
    assert a.metric and a.comparison
    assert evidence in a.comparison.evidence, a.comparison.evidence


@pytest.mark.parametrize(
    "text",
    [
        "Onboarded 120 starters a quarter.",  # "a quarter" is a rate here, not a fraction
        "Saved $5K a year.",
        "Shipped the second half of the roadmap.",
    ],
)
def test_words_that_are_not_fractions_or_durations(text: str) -> None:
    a = analyze_bullet(text)
    kinds = [e for e in a.metric.evidence if "quarter" in e or "year" in e or "half" in e]
    assert kinds == [], a.metric.evidence


# ------------------------------------------------------------------------ method and scope


@pytest.mark.parametrize(
    ("text", "evidence"),
    [
        ("Shifted deploys off-peak, cutting failed changes from 9% to 2%.", "Shifted deploys"),
        ("Swapped paper forms for a web form, cutting errors by half.", "Swapped"),
        ("Cut errors from 9% to 2% with new runbooks.", "with new runbooks"),
        ("Cut outages from 11 to 2 a quarter after the move to SD-WAN.", "after the move"),
        ("Cut recovery time from 6 hours to 2 following the switch to snapshots.", "following"),
    ],
)
def test_methods_without_by(text: str, evidence: str) -> None:
    a = analyze_bullet(text)
    assert a.method
    assert any(e.startswith(evidence) for e in a.method.evidence), a.method.evidence


@pytest.mark.parametrize(
    ("text", "evidence"),
    [
        ("Cut onboarding from 5 days to 1 for 120 starters a quarter.", "120 starters"),
        ("Cut close from 8 days to 5 for the payments team.", "for the payments team"),
        ("Cut restock time from 5 days to 2 for every branch.", "every branch"),
        ("Cut shift handover from 40 to 15 minutes for a 30-person night shift.", "30-person"),
        ("Cut invoice queries by half across 9 franchisees.", "9 franchisees"),
    ],
)
def test_scopes_without_a_listed_count_noun(text: str, evidence: str) -> None:
    a = analyze_bullet(text)
    assert a.scope
    assert any(evidence in e for e in a.scope.evidence), a.scope.evidence


def test_named_team_is_also_an_outcome() -> None:
    a = analyze_bullet("Cut close from 8 days to 5 for the payments team.")
    assert a.outcome and a.scope


# --------------------------------------------------------------------------- duty-speak

DUTY_EXAMPLES = {
    "responsible for": ("Responsible for the service desk.", "Responsible for"),
    "duties included": ("Duties included vendor follow-up.", "Duties included"),
    "tasked with": ("Tasked with improving onboarding.", "Tasked with"),
    "in charge of": ("Was in charge of the NOC.", "in charge of"),
    "served as": ("Served as escalation point for Tier 3.", "Served as"),
    "helped": ("Helped reduce backlog by 35%.", "Helped"),
    "assisted with": ("Assisted with onboarding of new hires.", "Assisted with"),
    "worked on": ("Worked on network upgrades.", "Worked on"),
    "participated in": ("Participated in DR tests.", "Participated in"),
    "involved in": ("Was involved in the CI/CD migration.", "involved in"),
    "contributed to": ("Contributed to a 20% drop in churn.", "Contributed to"),
    "day-to-day": ("Handled day-to-day warehouse operations.", "day-to-day"),
    "as needed": ("Restored files as needed.", "as needed"),
    "optimized processes": ("Optimized processes in finance.", "Optimized processes"),
    "streamlined operations": ("Streamlined operations at 3 sites.", "Streamlined operations"),
    "improved efficiency": ("Improved efficiency of the returns desk.", "Improved efficiency"),
    "ensured smooth operations": ("Coordinated teams to ensure smooth delivery.", "ensure smooth"),
    "various": ("Resolved various tickets.", "various"),
    "etc.": ("Managed printers, laptops, etc.", "etc."),
    "and more": ("Handled hardware, software and more.", "and more."),
    "synergies": ("Drove synergies across 4 teams.", "synergies"),
    "aligning stakeholders": ("Cut costs 10% by aligning stakeholders.", "aligning stakeholders"),
    "improved outcomes": ("Improved outcomes by 30% across 4 teams.", "Improved outcomes"),
    "best-in-class": ("Built a best-in-class service desk.", "best-in-class"),
}


def test_every_duty_phrase_has_a_test() -> None:
    assert set(DUTY_EXAMPLES) == set(DUTY_SPEAK_PHRASES)


@pytest.mark.parametrize("phrase", DUTY_SPEAK_PHRASES)
def test_duty_phrase_flagged_with_offending_words(phrase: str) -> None:
    text, offending = DUTY_EXAMPLES[phrase]
    a = analyze_bullet(text)
    assert a.duty_speak
    assert phrase in a.duty_phrases
    assert offending in a.duty_speak.evidence, a.duty_speak.evidence
    assert "no duty-speak" in a.missing
    assert not a.passes


@pytest.mark.parametrize(
    "text",
    [
        "Cut password-reset wait from 4 hours to 10 minutes for 3,000 employees.",
        "Automated triage, helping customers self-serve 40% of requests.",  # "helping" a result
        "Optimized the pick path for 2 warehouses.",  # names what was optimized
        "Negotiated etcd support with the vendor.",  # "etc" inside a word
        "Raised efficiency of the packing line from 82% to 91%.",  # measured, named
        "Improved query performance from 40 seconds to 3 for 250 analysts.",  # a named measure
        "Aligned backup windows across 3 data centers.",  # aligned things, not stakeholders
        "Delivered results dashboards to 12 store managers.",  # "results" names a thing here
    ],
)
def test_no_duty_speak(text: str) -> None:
    a = analyze_bullet(text)
    assert not a.duty_speak, a.duty_speak.evidence


# ------------------------------------------------------------------------------ suggestion

ALL_TEXTS = [b["text"] for b in BULLETS] + list(example_pairs()["before"])


def numbers(text: str) -> list[str]:
    return re.findall(r"\d+(?:[.,]\d+)*", text)


@pytest.mark.parametrize("text", ALL_TEXTS)
def test_suggestion_never_invents_numbers(text: str) -> None:
    suggestion = analyze_bullet(text).suggestion
    for number in numbers(suggestion):
        assert number in numbers(text), (number, suggestion)


@pytest.mark.parametrize("text", ALL_TEXTS)
def test_suggestion_has_a_placeholder_for_each_missing_part(text: str) -> None:
    a = analyze_bullet(text)
    s = a.suggestion
    if a.passes:
        assert s == a.text
        return
    assert s != a.text
    if not a.action_verb:
        assert s.startswith("<Verb") or analyze_bullet(s).action_verb, s
    if not a.comparison:
        assert "<baseline>" in s
    if not a.outcome and not a.scope:
        assert "<who" in s
    if not a.method:
        assert "<how" in s
    if a.wrong_direction:
        assert "<what got better" in s
    for filler in ("various", "etc", "as needed", "synerg", "best-in-class"):
        assert filler not in s.lower()


@pytest.mark.parametrize("text", ALL_TEXTS)
def test_suggestion_reads_as_one_bullet(text: str) -> None:
    """No slot is repeated or lands inside the writer's own from/to pair."""
    s = analyze_bullet(text).suggestion
    for slot in ("<Verb", "<baseline>", "<who", "<how", "<what got better"):
        assert s.count(slot) <= 1, s
    assert not re.search(r"<result>\S* from\b", s), s  # "from <baseline> to <result> from 4h"
    assert not re.search(r"\bfrom [^<,]+\(vs <baseline>\) to\b", s), s
    assert not re.search(r"\bfor <who[^>]*> for\b|\bfor [^,<]+ for <who", s), s
    assert "while cost-" not in s and "<Verb: cut/raised/launched> <Verb" not in s


def test_suggestion_examples() -> None:
    assert analyze_bullet("Helped reduce ticket backlog by 35%.").suggestion == (
        "Reduced ticket backlog by 35% for <who: which users or customers, how many>, "
        "by <how: the change you made>."
    )
    assert analyze_bullet(
        "Ticket backlog was reduced from 900 to 150 open tickets."
    ).suggestion == (
        "Reduced ticket backlog from 900 to 150 open tickets, by <how: the change you made>."
    )
    assert analyze_bullet("Reduced MTTR to 45 minutes for 3,000 users.").suggestion == (
        "Reduced MTTR from <baseline> to 45 minutes for 3,000 users, by <how: the change you made>."
    )
    assert analyze_bullet("Achieved 99.95% uptime for 3,000 users.").suggestion == (
        "Achieved 99.95% uptime (vs <baseline>) for 3,000 users, by <how: the change you made>."
    )
    assert analyze_bullet(
        "Raised monthly cloud spend from $10K to $50K by migrating 40 services to AWS."
    ).suggestion == (
        "<Verb: cut/raised/launched> <what got better: a measure that improved for users or the "
        "business> from <baseline> to <result> by migrating 40 services to AWS."
    )
    assert analyze_bullet(
        "Drove synergies that improved outcomes by 30% across 4 teams by aligning stakeholders."
    ).suggestion == (
        "Drove <what changed> that improved <which measure> by 30% across 4 teams by "
        "<how: the change you made>."
    )
    weak = analyze_bullet("Processed 150 purchase orders per week.").suggestion
    assert weak.startswith("<Verb: cut/raised/launched> <what> from <baseline> to <result>")
    assert weak.endswith("while processing 150 purchase orders per week.")
    launched = analyze_bullet("Launched an internal knowledge base.").suggestion
    assert launched.startswith("Launched an internal knowledge base, <cutting/raising> <what>")
    filler = analyze_bullet("Streamlined operations and optimized processes at 3 sites.")
    assert "<which process step>" in filler.suggestion


def test_suggestion_with_placeholders_filled_passes() -> None:
    """Filling the template with real words (and numbers of the writer's own) passes."""
    skeleton = analyze_bullet("Launched an internal knowledge base.").suggestion
    filled = (
        skeleton.replace("<cutting/raising>", "cutting")
        .replace("<what>", "repeat tickets")
        .replace("<baseline>", "900 a month")
        .replace("<result>", "600")
        .replace("<who: which users or customers, how many>", "for 2,000 employees")
        .replace("for for", "for")
    )
    assert analyze_bullet(filled).passes, filled


# -------------------------------------------------------------------------- presentation


def test_summary_and_html() -> None:
    a = analyze_bullet("Responsible for the service desk & <b>escalations</b>.")
    text = a.summary()
    assert "NEEDS WORK (1/7 checks)" in text
    assert "'Responsible for'" in text
    assert "Suggestion:" in text
    page = a._repr_html_()
    assert "<b>escalations</b>" not in page  # the bullet is escaped
    assert "&lt;b&gt;escalations&lt;/b&gt;" in page
    assert "<mark title='duty-speak'" in page
    good = analyze_bullet(
        "Cut password-reset wait from 4 hours to 10 minutes for 3,000 employees "
        "by launching a self-service portal."
    )
    assert "PASSES (7/7 checks)" in good.summary()
    assert "Suggestion" not in good.summary()
    assert "passes" in good._repr_html_()
    assert good._repr_html_().count("<mark") >= 5


def test_analysis_is_frozen() -> None:
    a = analyze_bullet("Cut costs by 10%.")
    assert isinstance(a, BulletAnalysis)
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.passes = True  # type: ignore[misc]
    assert a.checks == {name: name not in a.missing for name in CHECKS}


# ------------------------------------------------------------------------------ DataFrames


def test_analyze_bullets_matches_analyze_bullet() -> None:
    texts = [b["text"] for b in BULLETS[:15]]
    frame = analyze_bullets(texts)
    assert list(frame.columns) == [
        "bullet",
        *DETECTORS,
        "passes",
        "score",
        "missing",
        "suggestion",
    ]
    assert len(frame) == 15
    assert isinstance(frame.index, pd.RangeIndex)
    for name in (*DETECTORS, "passes"):
        assert frame[name].dtype == bool
    for i, text in enumerate(texts):
        a = analyze_bullet(text)
        row = frame.iloc[i]
        assert row["bullet"] == a.text
        assert [bool(row[n]) for n in DETECTORS] == [bool(getattr(a, n)) for n in DETECTORS]
        assert row["passes"] == a.passes
        assert row["score"] == a.score
        assert row["missing"] == "; ".join(a.missing)
        assert row["suggestion"] == a.suggestion


def test_analyze_bullets_keeps_series_index() -> None:
    series = pd.Series(
        ["Increased revenue.", "Saved $1M a year by ending 3 contracts."], index=["a", "b"]
    )
    frame = analyze_bullets(series)
    assert list(frame.index) == ["a", "b"]
    assert frame.loc["b", "passes"]
    assert not frame.loc["a", "passes"]
    assert analyze_bullets([]).empty


# ----------------------------------------------------------------------------- validation


@pytest.mark.parametrize("bad", [None, 42, 3.5, b"Cut costs", ["Cut costs"]])
def test_non_string_bullet_is_a_type_error(bad: object) -> None:
    with pytest.raises(TypeError, match=r"text must be a string") as info:
        analyze_bullet(bad)  # type: ignore[arg-type]
    assert repr(bad) in str(info.value)


@pytest.mark.parametrize("bad", ["", "   ", "\n\t"])
def test_empty_bullet_is_a_value_error(bad: str) -> None:
    with pytest.raises(ValueError, match=r"text must be a non-empty bullet") as info:
        analyze_bullet(bad)
    assert repr(bad) in str(info.value)


def test_analyze_bullets_validation_names_the_position() -> None:
    with pytest.raises(TypeError, match=r"bullets must be a list or pandas Series"):
        analyze_bullets("Cut costs by 10%.")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"bullets\[1\] must be a string.*got 3"):
        analyze_bullets(["Cut costs by 10%.", 3])  # type: ignore[list-item]
    with pytest.raises(ValueError, match=r"bullets\['b'\] must be a non-empty bullet; got ''"):
        analyze_bullets(pd.Series(["Cut costs by 10%.", ""], index=["a", "b"]))


# --------------------------------------------------------------------------- example pairs


def test_example_pairs_shape() -> None:
    pairs = example_pairs()
    assert list(pairs.columns) == ["background", "topic", "before", "after", "what_changed"]
    assert set(pairs["background"]) == set(BACKGROUNDS) == {"it", "ops"}
    for background in BACKGROUNDS:
        subset = example_pairs(background)
        assert len(subset) >= 12
        assert set(subset["background"]) == {background}
        assert subset["topic"].is_unique
    assert pairs["before"].is_unique and pairs["after"].is_unique
    assert "illustrative" in pairs.attrs["note"].lower()
    assert (pairs["what_changed"].str.len() > 20).all()


@pytest.mark.parametrize(
    ("before", "after"),
    list(zip(example_pairs()["before"], example_pairs()["after"], strict=True)),
)
def test_every_before_fails_and_every_after_passes(before: str, after: str) -> None:
    assert not analyze_bullet(before).passes, before
    result = analyze_bullet(after)
    assert result.passes, (after, result.missing)


@pytest.mark.parametrize("bad", ["IT", "operations", "", 1])
def test_example_pairs_rejects_unknown_background(bad: object) -> None:
    with pytest.raises(ValueError, match=r"background must be one of 'it', 'ops'") as info:
        example_pairs(bad)  # type: ignore[arg-type]
    assert repr(bad) in str(info.value)
