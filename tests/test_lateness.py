"""Extensions and the gradebook lock (pmkit/grading/_lateness.py), without grading anything.

What grading does with them (lateness and penalties in the gradebook) is tested on real
submissions in tests/test_parallel_grading.py.
"""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest
from nbfactory import add_assignment, make_notebook

from pmkit.grading import Course, CourseError, parse_extra_time, read_extensions, write_extension
from pmkit.grading._lateness import EXTENSIONS_FILE, extension_hours, gradebook_lock, hours


@pytest.fixture
def hw(course: Course) -> Course:
    add_assignment(course, "hw", make_notebook())
    return course


def _write_csv(course: Course, *rows: str) -> None:
    text = "\n".join(["student_id,assignment,extra_time,reason", *rows]) + "\n"
    (course.root / EXTENSIONS_FILE).write_text(text)


@pytest.mark.parametrize(
    ("text", "minutes"),
    [("2d", 2880), ("1d 6h", 1800), ("90m", 90), ("0", 0), ("0d", 0), ("0.01h", 1)],
)
def test_extra_time_reads_in_whole_minutes(text: str, minutes: int) -> None:
    assert parse_extra_time(text) == timedelta(minutes=minutes)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", "extra_time is empty"),
        ("  ", "extra_time is empty"),
        ("0.2m", "extra_time '0.2m' is under a minute"),
        ("two days", "extra_time 'two days' is not a length of time"),
    ],
)
def test_extra_time_that_means_nothing_is_refused(text: str, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        parse_extra_time(text)


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        ("ana,nope,2d", "row 3: assignment 'nope' is not one of the course's: hw"),
        ("ana,hw,", "row 3: extra_time is empty"),
        ("ana,hw,0.3m", "row 3: extra_time '0.3m' is under a minute"),
        ("../x,hw,1d", "row 3: student id '../x' is not"),
        ("ben,hw,1h", "row 3: ben already has an extension for hw"),
    ],
)
def test_a_bad_extensions_row_is_refused_naming_it(hw: Course, row: str, problem: str) -> None:
    _write_csv(hw, "ben,hw,2d", row)
    with pytest.raises(CourseError, match=rf"extensions\.csv, {problem}"):
        read_extensions(hw)


def test_what_is_written_is_what_is_read_back(hw: Course) -> None:
    write_extension(hw, "hw", "ana", timedelta(hours=30), "illness")
    write_extension(hw, "hw", "ben", timedelta(seconds=100))  # rounded: 2 minutes
    assert read_extensions(hw) == {
        ("hw", "ana"): (timedelta(hours=30), "illness"),
        ("hw", "ben"): (timedelta(minutes=2), ""),
    }
    before = (hw.root / EXTENSIONS_FILE).read_text()
    with pytest.raises(ValueError, match="under a minute"):
        write_extension(hw, "hw", "cy", timedelta(seconds=20))  # would be written as 0
    assert (hw.root / EXTENSIONS_FILE).read_text() == before
    with pytest.raises(CourseError, match="no assignment 'nope'"):
        write_extension(hw, "nope", "cy", timedelta(days=1))
    write_extension(hw, "hw", "ana", timedelta(0))  # 0 removes it
    assert list(read_extensions(hw)) == [("hw", "ben")]


def test_hours_are_rounded_one_way_for_lateness_and_extensions() -> None:
    assert hours(99_000) == 27.5 and hours(1) == 0.0 and hours(3599) == 1.0
    assert extension_hours(timedelta(minutes=100)) == hours(6000) == 1.67
    assert extension_hours(None) == 0.0


def test_an_extension_waits_for_the_gradebook_lock(hw: Course) -> None:
    """While another writer (a grading run) holds the lock, extend cannot change the file."""
    finished = threading.Event()

    def extend() -> None:
        write_extension(hw, "hw", "ana", timedelta(days=1))
        finished.set()

    with gradebook_lock(hw):
        writer = threading.Thread(target=extend)
        writer.start()
        time.sleep(0.5)
        assert not finished.is_set()
        assert not (hw.root / EXTENSIONS_FILE).exists()
    writer.join(timeout=10)
    assert finished.is_set()
    assert read_extensions(hw) == {("hw", "ana"): (timedelta(days=1), "")}
