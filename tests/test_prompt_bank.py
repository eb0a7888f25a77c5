"""The interview prompt bank: schema, counts and content rules, checked on the raw JSON.

These checks read ``pmkit/interview/prompts.json`` directly and restate the rules (enums,
frameworks per category, framework steps from the course's content reference) instead of
trusting ``validate_bank``; the validator is then tested separately against broken copies.
"""

from __future__ import annotations

import copy
import difflib
import itertools
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from pmkit.interview import bank_path, load_prompts, normalize_text, validate_bank

BANK_FILE = Path(__file__).resolve().parents[1] / "pmkit" / "interview" / "prompts.json"

CATEGORIES = {
    "product sense": "PS",
    "metrics and analytics": "MA",
    "execution and prioritization": "EX",
    "estimation": "ES",
    "strategy": "ST",
    "behavioral": "BE",
    "technical": "TE",
}
BACKGROUNDS = {"it", "ops", "any"}
DIFFICULTIES = {"easy", "medium", "hard"}
EXPERIENCE = {
    "incident management",
    "change management",
    "vendor and SLA management",
    "process redesign",
    "tooling adoption",
    "capacity planning",
    "cross-team coordination",
}
# Which framework fits which category (behavioral -> STAR, estimation -> estimation steps, ...).
FITS = {
    "product sense": {"CIRCLES"},
    "metrics and analytics": {
        "metric-drop checklist",
        "HEART",
        "north star and metric tree",
        "experiment readout",
    },
    "execution and prioritization": {"prioritization scoring", "execution plan"},
    "estimation": {"estimation steps"},
    "strategy": {"strategy outline"},
    "behavioral": {"STAR"},
    "technical": {"technical trade-off"},
}
# Steps as CONTENT.md defines them (CIRCLES per Lewis Lin, STAR, estimation, metric-drop order).
STEPS = {
    "CIRCLES": [
        "Comprehend",
        "Identify the customer",
        "Report needs",
        "Cut through prioritization",
        "List solutions",
        "Evaluate trade-offs",
        "Summarize",
    ],
    "STAR": ["Situation", "Task", "Action", "Result"],
    "estimation steps": ["Clarify", "Write the equation", "Decompose", "Sanity-check"],
    "metric-drop checklist": [
        "Check the data and the tool",
        "Seasonality and history",
        "Recent releases",
        "Segments",
        "Other teams",
        "External events",
    ],
    "HEART": ["Goals", "Signals", "Metrics"],
}
REQUIRED = {
    "id": str,
    "category": str,
    "background": str,
    "difficulty": str,
    "framework": str,
    "prompt": str,
    "rubric": list,
    "pitfalls": list,
    "follow_ups": list,
    "experience": list,
}


@pytest.fixture(scope="module")
def raw() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(BANK_FILE.read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="module")
def prompts(raw: dict[str, Any]) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = raw["prompts"]
    return items


def _all_text(p: dict[str, Any]) -> list[str]:
    texts = [p["prompt"], *p["rubric"], *p["pitfalls"], *p["follow_ups"]]
    answer = p.get("model_answer")
    if answer:
        texts += [point for step in answer["steps"] for point in step["points"]]
        texts += answer.get("assumptions", [])
    return texts


# ----------------------------------------------------------------------------- schema


def test_the_bundled_file_is_the_one_the_package_loads() -> None:
    assert bank_path().resolve() == BANK_FILE
    assert len(load_prompts()) == len(json.loads(BANK_FILE.read_text())["prompts"])


def test_top_level_shape(raw: dict[str, Any]) -> None:
    assert raw["schema_version"] == 1
    assert isinstance(raw["prompts"], list)


def test_every_prompt_has_the_required_fields_with_the_right_types(
    prompts: list[dict[str, Any]],
) -> None:
    for p in prompts:
        assert set(p) - {"model_answer"} == set(REQUIRED), p.get("id")
        for name, kind in REQUIRED.items():
            assert isinstance(p[name], kind), (p["id"], name)
        for name in ("rubric", "pitfalls", "follow_ups", "experience"):
            assert all(isinstance(x, str) and x.strip() for x in p[name]), (p["id"], name)
        assert len(p["prompt"]) >= 40, p["id"]


def test_ids_are_unique_stable_and_prefixed_by_category(prompts: list[dict[str, Any]]) -> None:
    ids = [p["id"] for p in prompts]
    assert len(ids) == len(set(ids))
    for p in prompts:
        assert re.fullmatch(r"[A-Z]{2}-\d{3}", p["id"]), p["id"]
        assert p["id"][:2] == CATEGORIES[p["category"]], p["id"]
    for category, prefix in CATEGORIES.items():  # numbered 001, 002, ... with no gaps
        numbers = sorted(int(p["id"][3:]) for p in prompts if p["category"] == category)
        assert numbers == list(range(1, len(numbers) + 1)), prefix


def test_enums(prompts: list[dict[str, Any]]) -> None:
    for p in prompts:
        assert p["category"] in CATEGORIES, p["id"]
        assert p["background"] in BACKGROUNDS, p["id"]
        assert p["difficulty"] in DIFFICULTIES, p["id"]
        assert set(p["experience"]) <= EXPERIENCE, p["id"]


def test_rubric_pitfall_and_follow_up_counts(prompts: list[dict[str, Any]]) -> None:
    for p in prompts:
        assert 4 <= len(p["rubric"]) <= 6, p["id"]
        assert len(p["pitfalls"]) >= 2, p["id"]
        assert len(p["follow_ups"]) >= 2, p["id"]
        assert len(set(p["rubric"])) == len(p["rubric"]), p["id"]


def test_every_prompt_has_at_least_two_distinct_follow_up_questions(
    prompts: list[dict[str, Any]],
) -> None:
    short = [p["id"] for p in prompts if len(p["follow_ups"]) < 2]
    assert short == []
    for p in prompts:
        follow_ups = [normalize_text(q) for q in p["follow_ups"]]
        assert len(set(follow_ups)) == len(follow_ups), p["id"]
        assert normalize_text(p["prompt"]) not in follow_ups, p["id"]
        assert all("?" in q for q in p["follow_ups"]), p["id"]  # questions, not statements


def test_frameworks_fit_their_category(prompts: list[dict[str, Any]]) -> None:
    for p in prompts:
        assert p["framework"] in FITS[p["category"]], (p["id"], p["framework"])


def test_model_answers_follow_their_framework_steps(prompts: list[dict[str, Any]]) -> None:
    for p in prompts:
        answer = p.get("model_answer")
        if answer is None:
            continue
        names = [step["step"] for step in answer["steps"]]
        assert names == [s for s in names if s], p["id"]
        if p["framework"] in STEPS:
            assert names == STEPS[p["framework"]], p["id"]
        assert all(step["points"] for step in answer["steps"]), p["id"]


# ----------------------------------------------------------------------------- counts


def test_size_and_balance(prompts: list[dict[str, Any]]) -> None:
    assert len(prompts) >= 150
    backgrounds = Counter(p["background"] for p in prompts)
    assert backgrounds["it"] >= 40
    assert backgrounds["ops"] >= 40
    categories = Counter(p["category"] for p in prompts)
    assert set(categories) == set(CATEGORIES)
    assert min(categories.values()) >= 12
    for category in CATEGORIES:  # switchers find their own prompts in every category
        for background in ("it", "ops"):
            count = sum(
                p["category"] == category and p["background"] == background for p in prompts
            )
            assert count >= 3, (category, background)
    assert len({p["difficulty"] for p in prompts}) == 3


def test_model_answers_are_plentiful_and_spread(prompts: list[dict[str, Any]]) -> None:
    with_answer = [p for p in prompts if p.get("model_answer")]
    assert len(with_answer) >= 60
    per_category = Counter(p["category"] for p in with_answer)
    assert set(per_category) == set(CATEGORIES)  # every category has model answers
    assert min(per_category[c] for c in CATEGORIES) >= 7
    for category in CATEGORIES:  # and IT and ops switchers each find some in every category
        for background in ("it", "ops"):
            count = sum(
                p["category"] == category and p["background"] == background for p in with_answer
            )
            assert count >= 3, (category, background)
    frameworks = {p["framework"] for p in with_answer}
    assert frameworks == set().union(*FITS.values())  # every framework is worked at least once


def test_switcher_prompts_draw_on_it_and_ops_work(prompts: list[dict[str, Any]]) -> None:
    switchers = [p for p in prompts if p["background"] in ("it", "ops")]
    assert all(p["experience"] for p in switchers), [
        p["id"] for p in switchers if not p["experience"]
    ]
    areas = Counter(area for p in switchers for area in p["experience"])
    assert set(areas) == EXPERIENCE
    assert min(areas.values()) >= 8


# ----------------------------------------------------------------------------- duplicates


def test_no_duplicate_prompt_texts(prompts: list[dict[str, Any]]) -> None:
    texts = [normalize_text(p["prompt"]) for p in prompts]
    assert len(texts) == len(set(texts))
    assert normalize_text("Design a product, for On-Call engineers!") == normalize_text(
        "design a product for on call engineers"
    )


def _core(text: str) -> str:
    """The normalized text without the boilerplate every estimation prompt ends with."""
    return normalize_text(text).replace("state your assumptions", "").strip()


def _near_duplicates(texts: dict[str, str]) -> list[tuple[str, str, float, float]]:
    pairs = []
    words = {key: set(_core(t).split()) for key, t in texts.items()}
    for a, b in itertools.combinations(texts, 2):
        jaccard = len(words[a] & words[b]) / len(words[a] | words[b])
        matcher = difflib.SequenceMatcher(None, _core(texts[a]), _core(texts[b]))
        # quick_ratio() is an upper bound of ratio(), so it skips most pairs cheaply
        ratio = matcher.ratio() if matcher.quick_ratio() >= 0.85 else 0.0
        if jaccard >= 0.7 or ratio >= 0.85:
            pairs.append((a, b, round(jaccard, 2), round(ratio, 2)))
    return pairs


def test_no_near_duplicate_prompts(prompts: list[dict[str, Any]]) -> None:
    assert _near_duplicates({p["id"]: p["prompt"] for p in prompts}) == []


def test_the_near_duplicate_detector_catches_a_light_paraphrase(
    prompts: list[dict[str, Any]],
) -> None:
    original = prompts[0]["prompt"]
    paraphrase = original.replace("Design", "Build").replace("mid-sized", "medium-sized")
    found = _near_duplicates({"original": original, "paraphrase": paraphrase})
    assert [(a, b) for a, b, *_ in found] == [("original", "paraphrase")]


# ----------------------------------------------------------------------------- honesty


FACT_CLAIMS = re.compile(
    r"studies (show|find)|research (shows|finds)|statistics show|data shows|according to|"
    r"industry average|it is (well )?known|on average, |most (people|companies|users|candidates) ",
    re.IGNORECASE,
)


def test_no_statistics_stated_as_facts(prompts: list[dict[str, Any]]) -> None:
    offenders = [(p["id"], t) for p in prompts for t in _all_text(p) if FACT_CLAIMS.search(t)]
    assert offenders == []


def test_estimation_prompts_ask_for_assumptions(prompts: list[dict[str, Any]]) -> None:
    for p in prompts:
        if p["category"] == "estimation":
            assert "assumptions" in p["prompt"].lower(), p["id"]
            assert any("equation" in r.lower() for r in p["rubric"]), p["id"]


def test_estimation_model_answers_label_their_numbers_as_assumptions(
    prompts: list[dict[str, Any]],
) -> None:
    answers = [p for p in prompts if p["category"] == "estimation" and p.get("model_answer")]
    assert len(answers) >= 5
    for p in answers:
        assumptions = p["model_answer"]["assumptions"]
        assert assumptions, p["id"]
        assert all(a.startswith("Assume ") and "~" in a for a in assumptions), p["id"]
        equation = p["model_answer"]["steps"][1]["points"]
        assert any("=" in point for point in equation), p["id"]


SOURCED = ("DSDM", "GrowthBook")  # guidance the content reference names


def test_percentages_in_model_answers_are_assumptions_scenario_or_sourced(
    prompts: list[dict[str, Any]],
) -> None:
    """Outside illustrative STAR stories, a percentage is approximate (~), assumed, from the
    prompt's own scenario, or attributed to a source the content reference names."""
    offenders = []
    for p in prompts:
        answer = p.get("model_answer")
        if not answer or p["framework"] == "STAR":
            continue
        for point in [x for s in answer["steps"] for x in s["points"]]:
            for match in re.finditer(r"(~?)(\d+(?:\.\d+)?%)", point):
                ok = (
                    match.group(1) == "~"
                    or "assum" in point.lower()
                    or match.group(2) in p["prompt"]
                    or any(source in point for source in SOURCED)
                )
                if not ok:
                    offenders.append((p["id"], point))
    assert offenders == []


def test_star_model_answers_say_they_are_illustrative(prompts: list[dict[str, Any]]) -> None:
    stories = [p for p in prompts if p["framework"] == "STAR" and p.get("model_answer")]
    assert len(stories) >= 5
    for p in stories:
        assert "illustrative" in p["model_answer"].get("note", "").lower(), p["id"]


# ----------------------------------------------------------------------------- validator


def _broken(raw: dict[str, Any], index: int, **changes: Any) -> dict[str, Any]:
    data = copy.deepcopy(raw)
    for key, value in changes.items():
        if value is None:
            del data["prompts"][index][key]
        else:
            data["prompts"][index][key] = value
    return data


def test_validator_accepts_the_bank(raw: dict[str, Any]) -> None:
    assert len(validate_bank(raw)) == len(raw["prompts"])


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"category": "design"}, r"prompt 'PS-001'\.category must be one of .*got 'design'"),
        ({"background": "devops"}, r"\.background must be one of 'it', 'ops', 'any'; got 'devops'"),
        ({"difficulty": 2}, r"\.difficulty must be one of .*got 2"),
        ({"framework": "STAR"}, r"\.framework must be one of 'CIRCLES'; got 'STAR'"),
        ({"rubric": ["a", "b", "c"]}, r"\.rubric must have 4 to 6 items; got 3"),
        (
            {"rubric": ["a", "b", "c", "d", "e", "f", "g"]},
            r"\.rubric must have 4 to 6 items; got 7",
        ),
        ({"pitfalls": ["only one"]}, r"\.pitfalls must have at least 2 items; got 1"),
        ({"follow_ups": []}, r"\.follow_ups must have at least 2 items; got 0"),
        ({"follow_ups": ["Only one?"]}, r"\.follow_ups must have at least 2 items; got 1"),
        ({"experience": ["juggling"]}, r"\.experience\[0\] must be one of .*got 'juggling'"),
        (
            {"id": "XX-001"},
            r"\.id must look like 'PS-001' for category 'product sense'; got 'XX-001'",
        ),
        ({"prompt": "  "}, r"\.prompt must be non-empty text"),
        ({"pitfalls": None}, r"missing field\(s\) \['pitfalls'\]"),
        ({"colour": "blue"}, r"unknown field\(s\) \['colour'\]"),
    ],
)
def test_validator_rejects_bad_fields_naming_prompt_field_and_value(
    raw: dict[str, Any], changes: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        validate_bank(_broken(raw, 0, **changes))


def test_validator_rejects_duplicate_ids_and_texts(raw: dict[str, Any]) -> None:
    data = copy.deepcopy(raw)
    data["prompts"][1]["id"] = data["prompts"][0]["id"]
    with pytest.raises(ValueError, match=r"prompt id 'PS-001' is used twice"):
        validate_bank(data)
    data = copy.deepcopy(raw)
    data["prompts"][1]["prompt"] = data["prompts"][0]["prompt"].upper() + "!"
    with pytest.raises(ValueError, match=r"prompt 'PS-002' repeats the text of prompt 'PS-001'"):
        validate_bank(data)


def test_validator_checks_model_answer_steps_and_assumptions(raw: dict[str, Any]) -> None:
    index = next(i for i, p in enumerate(raw["prompts"]) if p["id"] == "ES-001")
    data = copy.deepcopy(raw)
    steps = data["prompts"][index]["model_answer"]["steps"]
    steps[0], steps[1] = steps[1], steps[0]
    with pytest.raises(ValueError, match=r"must follow the estimation steps .* in order"):
        validate_bank(data)
    data = copy.deepcopy(raw)
    data["prompts"][index]["model_answer"]["assumptions"] = ["There are 5 tickets per person"]
    with pytest.raises(ValueError, match=r"assumptions\[0\] must start with 'Assume'"):
        validate_bank(data)
    data = copy.deepcopy(raw)
    del data["prompts"][index]["model_answer"]["assumptions"]
    with pytest.raises(ValueError, match=r"must list the estimate's assumptions"):
        validate_bank(data)


def test_validator_rejects_a_wrong_schema_version(raw: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match="schema_version must be 1; got 2"):
        validate_bank({**raw, "schema_version": 2})
    with pytest.raises(ValueError, match="must be a JSON object; got list"):
        validate_bank([])


def _index(raw: dict[str, Any], prompt_id: str) -> int:
    return next(i for i, p in enumerate(raw["prompts"]) if p["id"] == prompt_id)


@pytest.mark.parametrize("prompt_id", ["PS-001", "MA-008", "EX-002", "ES-001", "BE-009", "TE-003"])
def test_validator_rejects_a_model_answer_with_a_missing_step(
    raw: dict[str, Any], prompt_id: str
) -> None:
    index = _index(raw, prompt_id)
    steps = raw["prompts"][index]["model_answer"]["steps"]
    for dropped in (0, len(steps) // 2, len(steps) - 1):  # first, middle and last step
        data = copy.deepcopy(raw)
        removed = data["prompts"][index]["model_answer"]["steps"].pop(dropped)
        with pytest.raises(ValueError, match=r"steps must follow the .* steps .* in order") as err:
            validate_bank(data)
        message = str(err.value)
        assert prompt_id in message
        assert repr(removed["step"]) not in message.split("; got ")[-1]  # names what it got


def test_validator_rejects_empty_steps_and_steps_that_are_not_objects(raw: dict[str, Any]) -> None:
    index = _index(raw, "PS-001")
    data = copy.deepcopy(raw)
    data["prompts"][index]["model_answer"]["steps"][2]["points"] = []
    with pytest.raises(ValueError, match=r"steps\[2\]\.points must have at least 1 items; got 0"):
        validate_bank(data)
    data = copy.deepcopy(raw)
    del data["prompts"][index]["model_answer"]["steps"][2]["points"]
    with pytest.raises(ValueError, match=r"steps\[2\]\.points must be a list of text; got None"):
        validate_bank(data)
    data = copy.deepcopy(raw)
    answer = data["prompts"][index]["model_answer"]
    answer["steps"] = [step["step"] for step in answer["steps"]]  # names without points
    with pytest.raises(ValueError, match=r"steps\[0\] must be an object with 'step' and 'points'"):
        validate_bank(data)


# ----------------------------------------------------------------------------- the lesson


LESSON = BANK_FILE.parents[2] / "notebooks" / "06_interview_practice.ipynb"


def test_the_lesson_states_the_banks_counts(prompts: list[dict[str, Any]]) -> None:
    cells = json.loads(LESSON.read_text(encoding="utf-8"))["cells"]
    text = " ".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    text = " ".join(text.split())
    stated = re.search(r"(\d+) original prompts, (\d+) of them with a model answer outline", text)
    assert stated, "lesson 06 no longer states the size of the bank"
    with_answer = sum("model_answer" in p for p in prompts)
    assert (int(stated.group(1)), int(stated.group(2))) == (len(prompts), with_answer)
