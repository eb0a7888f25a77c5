"""Answer variants files: what they accept, how they fail, and the notebook a variant makes.

The prover's use of them (a mistake must fail, an alternative pass) is proved on scratch
courses in tests/test_grading.py and on every real exercise in tests/test_exercise_integrity.py.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbfactory import GOOD_VARIANTS, make_notebook

from pmkit.grading._variants import (
    AnswerVariant,
    VariantError,
    load_variants,
    variant_notebook,
    variants_file,
)


@pytest.fixture
def source() -> dict[str, Any]:
    return json.loads(nbformat.writes(make_notebook()))


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "nb.variants.toml"
    path.write_text(text)
    return path


def test_the_variants_file_sits_beside_its_notebook() -> None:
    notebook = Path("solutions/05_experimentation/experimentation.ipynb")
    assert variants_file(notebook) == Path(
        "solutions/05_experimentation/experimentation.variants.toml"
    )


def test_a_missing_file_means_no_variants(source: dict[str, Any], tmp_path: Path) -> None:
    assert load_variants(tmp_path / "absent.variants.toml", source) == []


def test_variants_are_read_in_order_with_their_kind(source: dict[str, Any], tmp_path: Path) -> None:
    variants = load_variants(write(tmp_path, GOOD_VARIANTS), source)
    assert [(v.kind, v.name) for v in variants] == [
        ("mistake", "added instead of multiplied"),
        ("mistake", "the answer as text"),
        ("mistake", "off by one"),
        ("alternative", "the factors the other way round"),
        ("alternative", "written out"),
    ]
    assert variants[2].append and not variants[0].append
    assert variants[4].code == "answer = 0\nfor _ in range(6):\n    answer += 7"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[[q9_answer.mistake]]\nname='x'\ncode='y = 1'", r"\[q9_answer\] is not an auto-graded"),
        ("[[q1_answer.mistakes]]\nname='x'\ncode='y = 1'", "the kind must be 'mistake' or"),
        ("[[q1_answer.mistake]]\ncode='y = 1'", "name should be a non-empty string, not None"),
        ("[[q1_answer.mistake]]\nname='x'", "give exactly one of code and append"),
        ("[[q1_answer.mistake]]\nname='x'\ncode='a'\nappend='b'", "exactly one of code and"),
        ("[[q1_answer.mistake]]\nname='x'\ncode=''", "code should be Python code, not ''"),
        ("[[q1_answer.mistake]]\nname='x'\nsource='a'", r"unknown field\(s\) \['source'\]"),
        ("q1_answer = 3", "q1_answer should be a table, not 3"),
        ("[q1_answer]\nmistake = 3", r"should be \[\[q1_answer.mistake\]\]"),
        ("[[q1_answer.mistake]]\nname = 'x", "not valid TOML"),
    ],
)
def test_a_malformed_file_is_refused_naming_the_field(
    source: dict[str, Any], tmp_path: Path, text: str, expected: str
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(VariantError, match=expected) as info:
        load_variants(path, source)
    assert str(path) in str(info.value)


def test_a_variant_replaces_the_solution_region_and_the_notebook_ends_at_its_tests(
    source: dict[str, Any],
) -> None:
    variant = AnswerVariant("q1_answer", "mistake", "off", "answer = 41")
    notebook = variant_notebook(source, variant)
    assert len(notebook["cells"]) == 3  # setup, answer, tests: the written answer is not run
    assert notebook["cells"][1]["source"] == "answer = 41"
    assert "6 * 7" in "".join(source["cells"][1]["source"])  # the source is not changed


def test_an_appended_variant_keeps_the_solution_and_the_code_around_it(
    source: dict[str, Any],
) -> None:
    source["cells"][1]["source"] = (
        "import math\ndef f():\n    ### BEGIN SOLUTION\n    return 42\n    ### END SOLUTION\n"
        "answer = f()"
    )
    variant = AnswerVariant("q1_answer", "alternative", "float", "return 42.0", append=False)
    text = variant_notebook(source, variant)["cells"][1]["source"]
    assert text == "import math\ndef f():\n    return 42.0\nanswer = f()"
    appended = AnswerVariant("q1_answer", "alternative", "twice", "x = 1", append=True)
    text = variant_notebook(source, appended)["cells"][1]["source"]
    assert text == "import math\ndef f():\n    return 42\n    x = 1\nanswer = f()"
