"""Answers cross from the learner's kernel to the checker as data, and only as data.

Round trips keep every type and value a test can look at (dtypes, index names, time zones,
NaN); anything that is not data is refused with its type's name; a payload can only describe
data, so a forged or corrupted one is refused without running anything.
"""

from __future__ import annotations

import datetime
import decimal
import json
import math
from typing import Any
from unittest.mock import MagicMock
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
import pytest

from pmkit.grading._wire import (
    MAX_ANSWER_BYTES,
    BadPayload,
    NotData,
    TooLarge,
    decode,
    describe,
    dumps,
    encode,
    not_data_message,
)


def _round_trip(value: object) -> Any:
    return decode(json.loads(dumps(encode(value))))


SCALARS = [
    None,
    True,
    0,
    -(10**40),
    2.5,
    float("inf"),
    1 + 2j,
    "héllo",
    b"\x00bytes",
    decimal.Decimal("1.10"),
    datetime.date(2025, 5, 14),
    datetime.time(9, 30, 15),
    datetime.timedelta(days=2, seconds=5, microseconds=7),
    datetime.datetime(2025, 5, 14, 9, 30, 15, 123456),
    np.int64(1100),
    np.float32(1.5),
    np.bool_(True),
    np.datetime64("2025-05-14T09:30", "us"),
    pd.Timestamp("2025-05-14 10:00"),
    pd.Timestamp("3000-01-01").as_unit("s"),
    pd.Timedelta("1D 2h"),
]


@pytest.mark.parametrize("value", SCALARS, ids=lambda v: type(v).__name__)
def test_scalars_keep_their_exact_type_and_value(value: object) -> None:
    back = _round_trip(value)
    assert type(back) is type(value)
    assert back == value
    if isinstance(value, np.generic):
        assert back.dtype == value.dtype


def test_nan_and_missing_values_survive() -> None:
    assert math.isnan(_round_trip(float("nan")))
    assert _round_trip(pd.NaT) is pd.NaT
    assert _round_trip(pd.NA) is pd.NA


@pytest.mark.parametrize(
    "moment",
    [
        datetime.datetime(2025, 1, 2, 3, tzinfo=ZoneInfo("Europe/Paris")),
        datetime.datetime(2025, 1, 2, tzinfo=datetime.timezone(datetime.timedelta(hours=5))),
        pd.Timestamp("2025-05-14 10:00", tz="UTC"),
        pd.Timestamp("2025-05-14 10:00", tz="America/New_York"),
    ],
    ids=str,
)
def test_time_zones_survive(moment: Any) -> None:
    back = _round_trip(moment)
    assert back == moment
    assert back.utcoffset() == moment.utcoffset()


def test_containers_keep_their_kind() -> None:
    value = {"a": [1, (2, 3)], ("t", 1): {4, 5}, 7: frozenset({"x"}), None: []}
    back = _round_trip(value)
    assert back == value
    assert type(back["a"][1]) is tuple and type(back[7]) is frozenset


def test_numpy_arrays_keep_shape_and_dtype() -> None:
    for array in (np.arange(6).reshape(2, 3), np.array(["a", "bc"]), np.zeros(0, "M8[ns]")):
        back = _round_trip(array)
        assert back.dtype == array.dtype and back.shape == array.shape
        assert np.array_equal(back, array)


FRAMES = {
    "numbers, text, missing text, dates": pd.DataFrame(
        {
            "a": [1, 2],
            "b": ["x", None],
            "c": pd.to_datetime(["2025-01-01", "2025-01-02"]),
            "d": [0.5, float("nan")],
        }
    ),
    "nullable, categorical, time-zone-aware, object": pd.DataFrame(
        {
            "n": pd.array([1, None], dtype="Int64"),
            "b": pd.array([True, None], dtype="boolean"),
            "k": pd.Categorical(["u", "v"], categories=["v", "u"], ordered=True),
            "t": pd.to_datetime(["2025-01-01", "2025-01-02"]).tz_localize("Europe/Paris"),
            "o": pd.Series(["a", None], dtype=object),
            "m": [decimal.Decimal("1.5"), None],
        }
    ),
    "multi-index rows": pd.DataFrame({"x": [1, 2], "y": ["p", "q"], "v": [3.0, 4.0]}).set_index(
        ["x", "y"]
    ),
    "duplicate column names": pd.DataFrame([[1, 2]], columns=["a", "a"]),
    "multi-index columns": pd.DataFrame(
        [[1, 2]], columns=pd.MultiIndex.from_tuples([("a", 1), ("a", 2)])
    ),
    "empty": pd.DataFrame(),
    "named datetime index": pd.DataFrame(
        {"v": [1, 2]}, index=pd.DatetimeIndex(["2025-01-06", "2025-01-13"], name="week")
    ),
}


@pytest.mark.parametrize("frame", FRAMES.values(), ids=FRAMES.keys())
def test_dataframes_round_trip_with_dtypes_and_index(frame: pd.DataFrame) -> None:
    back = _round_trip(frame)
    assert type(back) is pd.DataFrame
    pd.testing.assert_frame_equal(back, frame, check_exact=True)
    assert list(back.dtypes) == list(frame.dtypes)


def test_series_keep_name_index_and_dtype() -> None:
    series = pd.Series([1.0, 2.0], index=pd.Index(["F1", "F2"], name="feature_id"), name="rice")
    back = _round_trip(series)
    pd.testing.assert_series_equal(back, series, check_exact=True)
    index = pd.RangeIndex(2, 10, 2, name="i")
    assert _round_trip(index).equals(index) and _round_trip(index).name == "i"


def test_a_duckdb_relation_crosses_as_its_result() -> None:
    import duckdb

    relation = duckdb.sql("SELECT 1 AS tickets, 'billing' AS category")
    back = _round_trip(relation)
    assert list(back.columns) == ["tickets", "category"] and back.iloc[0, 0] == 1


class _AlwaysEqual(int):
    def __eq__(self, other: object) -> bool:
        return True

    __hash__ = int.__hash__


class _Spoof:
    __class__ = property(lambda self: float)  # type: ignore[assignment]


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        (MagicMock(), "MagicMock"),
        (_AlwaysEqual(3), "_AlwaysEqual"),
        (_Spoof(), "_Spoof"),
        (np.array([object()]), "NumPy array of object"),
        (pd.Series([MagicMock()]), "MagicMock"),
        ([1, MagicMock()], "MagicMock"),
        (pd.period_range("2025-01", periods=2, freq="M").to_series(), "period"),
        (type("MySeries", (pd.Series,), {})([1]), "MySeries"),
    ],
    ids=lambda v: type(v).__name__,
)
def test_anything_that_is_not_data_is_refused_by_the_name_of_its_type(
    value: object, kind: str
) -> None:
    with pytest.raises(NotData) as refused:
        encode(value)
    assert kind in refused.value.what
    assert describe(value) == {"not_data": refused.value.what}


def test_the_refusal_message_says_what_an_answer_must_be() -> None:
    assert not_data_message("rice_scores", "MagicMock") == (
        "rice_scores is a MagicMock; an answer must be data: a number, text, a list, a dict or "
        "a DataFrame."
    )


def test_functions_are_marked_to_be_called_back_not_sent() -> None:
    assert describe(lambda x: x) == {"function": True}
    assert describe(len) == {"function": True}


def test_a_container_that_contains_itself_is_refused() -> None:
    loop: list[object] = []
    loop.append(loop)
    assert "not_data" in describe(loop)


def test_answers_are_capped_in_size() -> None:
    with pytest.raises(TooLarge):
        encode(np.zeros(MAX_ANSWER_BYTES // 8 + 1))
    with pytest.raises(TooLarge):
        encode(list(range(3_000_000)))
    assert describe("x" * (MAX_ANSWER_BYTES + 1)) == {"too_large": MAX_ANSWER_BYTES + 17}


FORGED = {
    "an object dtype": {"t": "ndarray", "dtype": "|O", "shape": [1], "b64": "AAAAAAAAAAA="},
    "a structured dtype": {"t": "np", "dtype": "i4,f8", "b64": ""},
    "a pickle": {"t": "pickle", "v": "gASVAAAAAAAAAAA="},
    "a class by name": {"t": "object", "class": "os.system", "args": ["true"]},
    "bytes that do not match the shape": {
        "t": "ndarray",
        "dtype": "<i8",
        "shape": [3],
        "b64": "AAAAAAAAAAA=",
    },
    "category codes out of range": {
        "t": "series",
        "name": {"t": "none"},
        "index": {"k": "range", "start": 0, "stop": 1, "step": 1, "name": {"t": "none"}},
        "values": {
            "k": "category",
            "categories": {"k": "index", "values": {"k": "object", "items": []}},
            "ordered": False,
            "codes": {"t": "ndarray", "dtype": "<i8", "shape": [1], "b64": "BQAAAAAAAAA="},
        },
    },
    "an integer with too many digits": {"t": "int", "v": "9" * 5000},
    "a time zone path": {"t": "datetime", "v": "2025-01-01T00:00:00", "tz": {"name": "../x"}},
    "not an object": ["t", "int"],
}


@pytest.mark.parametrize("payload", FORGED.values(), ids=FORGED.keys())
def test_a_forged_payload_is_refused_without_running_anything(payload: object) -> None:
    with pytest.raises(BadPayload):
        decode(payload)
