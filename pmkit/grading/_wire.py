"""Answers as data: how a learner's values cross from the learner's kernel to the trusted checker.

The checker decides verdicts in a process where learner code never ran (see ``_trusted.py``), so
what a test needs from the learner's notebook must cross as *data*, in a form whose loading can
run no code: JSON whose every node is tagged with its type, with NumPy buffers as base64 bytes
of a whitelisted dtype. No pickle, no ``eval``, no class looked up by name from the payload.

What counts as data (everything else is refused with the name of its type):

- ``None``, ``bool``, ``int``, ``float``, ``complex``, ``str``, ``bytes``, ``Decimal``;
- ``datetime``, ``date``, ``time``, ``timedelta``; pandas ``Timestamp``, ``Timedelta``,
  ``NaT`` and ``NA``;
- NumPy scalars and arrays of booleans, numbers, datetimes, timedeltas and fixed-width text
  (never ``object`` arrays);
- lists, tuples, sets, frozensets and dicts of data;
- pandas ``Index`` (including ``RangeIndex`` and ``MultiIndex``), ``Series`` and ``DataFrame``
  whose columns are NumPy numbers, booleans or datetimes, pandas strings, nullable numbers,
  categoricals, time-zone-aware datetimes, or ``object`` columns holding data;
- a DuckDB relation, taken as its result DataFrame.

Types are matched exactly: a subclass (an ``int`` with an ``__eq__`` that always says yes, a
``DataFrame`` subclass) is not data. A function is not data either; :func:`describe` marks it so
the checker can call it back in the learner's kernel (only data crosses either way).

This module imports only the standard library at import time, so the learner's kernel loads it
in milliseconds; NumPy and pandas are used only when a value is one of theirs.
"""

from __future__ import annotations

import base64
import datetime
import decimal
import functools
import json
import math
import re
import sys
import types
from collections.abc import Callable, Iterable
from typing import Any

MIME = "application/vnd.pmkit.answers+json"
"""The MIME type the learner's kernel publishes answers under (a ``display_data`` message)."""

MAX_ANSWER_BYTES = 16 * 1024 * 1024
"""The largest encoded answer: an answer is a result, a summary or a table of results, never a
whole data set (the course's biggest table, 400,000 events, is about 60 MB as data)."""

MAX_DEPTH = 40
"""How deeply containers may nest (a list in a dict in a list ...)."""

FUNCTION_TYPES = (
    types.FunctionType,
    types.BuiltinFunctionType,
    types.MethodType,
    functools.partial,
)
"""Values the checker calls back in the learner's kernel instead of receiving as data."""

_NUMPY_KINDS = "biufcmMU"
_DTYPE_TEXT = re.compile(r"^[<>|=]?[biufcmMU]\d{0,3}(\[(?:[a-z]{1,2}|\d{0,9}[a-z]{1,2})\])?$")
_MASKED = {
    "Int8",
    "Int16",
    "Int32",
    "Int64",
    "UInt8",
    "UInt16",
    "UInt32",
    "UInt64",
    "Float32",
    "Float64",
    "boolean",
}
_MASKED_NUMPY = {
    "Int8": "int8",
    "Int16": "int16",
    "Int32": "int32",
    "Int64": "int64",
    "UInt8": "uint8",
    "UInt16": "uint16",
    "UInt32": "uint32",
    "UInt64": "uint64",
    "Float32": "float32",
    "Float64": "float64",
    "boolean": "bool",
}
DATA_KINDS = "a number, text, a list, a dict or a DataFrame"


class NotData(Exception):
    """A value (or a part of it) is not data; ``what`` names its type, e.g. ``MagicMock``."""

    def __init__(self, what: str) -> None:
        super().__init__(what)
        self.what = what


class TooLarge(Exception):
    """An encoded answer would be larger than the limit; ``size`` is at least this many bytes."""

    def __init__(self, size: int) -> None:
        super().__init__(size)
        self.size = size


class BadPayload(ValueError):
    """A payload does not follow the format (a forged or corrupted message); says where."""


def a_kind(what: str) -> str:
    """Return a type's name with its article: "a MagicMock", "an object".

    >>> a_kind("object")
    'an object'
    """
    return f"{'an' if what[:1].lower() in 'aeiou' else 'a'} {what}"


def not_data_message(name: str, what: str) -> str:
    """Return the message a test fails with when ``name`` holds something that is not data."""
    return f"{name} is {a_kind(what)}; an answer must be data: {DATA_KINDS}."


def too_large_message(name: str, size: int) -> str:
    """Return the message a test fails with when ``name`` is larger than an answer may be."""
    return (
        f"{name} is too large to grade (more than {size / 1e6:.0f} MB as data; the limit is "
        f"{MAX_ANSWER_BYTES / 1e6:.0f} MB): an answer should be a result or a summary, not a "
        "whole data set."
    )


# ------------------------------------------------------------------------------- encoding
def _numpy() -> Any:
    return sys.modules.get("numpy")


def _pandas() -> Any:
    return sys.modules.get("pandas")


def _kind_name(value: object) -> str:
    return type(value).__name__


class _Encoder:
    """Encode one value, counting bytes so an oversized answer stops early."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.size = 0

    def _count(self, size: int) -> None:
        self.size += size
        if self.size > self.limit:
            raise TooLarge(self.size)

    def value(self, value: object, depth: int = 0) -> dict[str, Any]:
        if depth > MAX_DEPTH:
            raise NotData(f"container nested more than {MAX_DEPTH} levels deep")
        self._count(16)
        kind = type(value)
        if value is None:
            return {"t": "none"}
        if kind is bool:
            return {"t": "bool", "v": bool(value)}
        if kind is int:
            text = int.__repr__(value)
            self._count(len(text))
            return {"t": "int", "v": text}
        if kind is float:
            return {"t": "float", "v": float.hex(value)}  # type: ignore[arg-type]
        if kind is complex:
            number: complex = value  # type: ignore[assignment]
            return {"t": "complex", "re": number.real.hex(), "im": number.imag.hex()}
        if kind is str:
            text = str.__str__(value)
            self._count(len(text))
            return {"t": "str", "v": text}
        if kind is bytes:
            data: bytes = value  # type: ignore[assignment]
            self._count(len(data) * 4 // 3)
            return {"t": "bytes", "b64": base64.b64encode(data).decode()}
        if kind is decimal.Decimal:
            return {"t": "decimal", "v": str(value)}
        if kind in (list, tuple, set, frozenset):
            items: Iterable[object] = value  # type: ignore[assignment]
            return {"t": kind.__name__, "items": [self.value(i, depth + 1) for i in items]}
        if kind is dict:
            mapping: dict[object, object] = value  # type: ignore[assignment]
            return {
                "t": "dict",
                "items": [
                    [self.value(k, depth + 1), self.value(v, depth + 1)] for k, v in mapping.items()
                ],
            }
        if kind in (datetime.datetime, datetime.date, datetime.time, datetime.timedelta):
            return self._stdlib_time(value)
        np, pd = _numpy(), _pandas()
        if np is not None and isinstance(value, np.generic):
            return self._numpy_scalar(np, value)
        if np is not None and kind is np.ndarray:
            return self._ndarray(np, value)
        if pd is not None:
            encoded = self._pandas(pd, value, depth)
            if encoded is not None:
                return encoded
        raise NotData(_kind_name(value))

    def _stdlib_time(self, value: Any) -> dict[str, Any]:
        if type(value) is datetime.timedelta:
            return {"t": "timedelta", "d": value.days, "s": value.seconds, "us": value.microseconds}
        if type(value) is datetime.date:
            return {"t": "date", "v": value.isoformat(), "tz": None}
        tz = _tz(value.tzinfo, value if type(value) is datetime.datetime else None)
        naive = value.replace(tzinfo=None) if tz is not None else value
        return {"t": type(value).__name__, "v": naive.isoformat(), "tz": tz}

    def _numpy_scalar(self, np: Any, value: Any) -> dict[str, Any]:
        dtype = value.dtype
        if type(value) is not dtype.type or dtype.kind not in _NUMPY_KINDS:
            raise NotData(_kind_name(value))
        return {"t": "np", "dtype": dtype.str, "b64": base64.b64encode(value.tobytes()).decode()}

    def _ndarray(self, np: Any, value: Any) -> dict[str, Any]:
        if value.dtype.kind not in _NUMPY_KINDS:
            raise NotData(f"NumPy array of {value.dtype} (only numbers, booleans, times and text)")
        self._count(value.nbytes * 4 // 3)
        data = np.ascontiguousarray(value)
        return {
            "t": "ndarray",
            "dtype": value.dtype.str,
            "shape": list(value.shape),
            "b64": base64.b64encode(data.tobytes()).decode(),
        }

    def _pandas(self, pd: Any, value: Any, depth: int) -> dict[str, Any] | None:
        kind = type(value)
        if kind is pd.DataFrame:
            if len(value.columns) and value.shape[0]:
                self._count(int(value.memory_usage(index=False, deep=False).sum()))
            return {
                "t": "frame",
                "index": self._index(pd, value.index, depth),
                "columns": self._index(pd, value.columns, depth),
                "data": [self._array(pd, value.iloc[:, i], depth) for i in range(value.shape[1])],
            }
        if kind is pd.Series:
            return {
                "t": "series",
                "name": self.value(value.name, depth + 1),
                "index": self._index(pd, value.index, depth),
                "values": self._array(pd, value, depth),
            }
        if isinstance(value, pd.Index) and kind.__module__.startswith("pandas"):
            return {"t": "index", "index": self._index(pd, value, depth)}
        if value is pd.NaT:
            return {"t": "nat"}
        if kind is pd.Timestamp:
            return {
                "t": "timestamp",
                "v": int(value.asm8.view("i8")),
                "unit": value.unit,
                "tz": _tz(value.tzinfo, value),
            }
        if kind is pd.Timedelta:
            return {"t": "pdtimedelta", "v": int(value.asm8.view("i8")), "unit": value.unit}
        if value is pd.NA:
            return {"t": "na"}
        if kind.__name__ == "DuckDBPyRelation" and kind.__module__.startswith("duckdb"):
            return self.value(value.df(), depth)
        return None

    def _index(self, pd: Any, index: Any, depth: int) -> dict[str, Any]:
        kind = type(index)
        if kind is pd.RangeIndex:
            return {
                "k": "range",
                "start": index.start,
                "stop": index.stop,
                "step": index.step,
                "name": self.value(index.name, depth + 1),
            }
        if kind is pd.MultiIndex:
            return {
                "k": "multi",
                "levels": [
                    self._array(pd, index.get_level_values(i), depth) for i in range(index.nlevels)
                ],
                "names": [self.value(n, depth + 1) for n in index.names],
            }
        if not kind.__module__.startswith("pandas"):
            raise NotData(_kind_name(index))
        return {
            "k": "index",
            "values": self._array(pd, index, depth),
            "name": self.value(index.name, depth + 1),
        }

    def _array(self, pd: Any, column: Any, depth: int) -> dict[str, Any]:
        """Encode the values of one column, index or level (a Series or an Index)."""
        np = _numpy()
        dtype, array = column.dtype, column.array
        if isinstance(dtype, np.dtype):
            values = np.asarray(array)
            if dtype.kind == "O":
                return {"k": "object", "items": [self.value(v, depth + 1) for v in values]}
            encoded = self._ndarray(np, values)
            return {"k": "numpy", "dtype": encoded["dtype"], "b64": encoded["b64"]}
        if isinstance(dtype, pd.StringDtype):
            items = [None if v is None or v is pd.NA or v != v else str(v) for v in array]
            self._count(sum(len(i) for i in items if i is not None))
            missing = "nan" if _is_nan(dtype.na_value) else "NA"
            return {"k": "string", "storage": dtype.storage, "na": missing, "items": items}
        if isinstance(dtype, pd.CategoricalDtype):
            return {
                "k": "category",
                "categories": self._index(pd, dtype.categories, depth),
                "ordered": bool(dtype.ordered),
                "codes": self._ndarray(np, np.asarray(array.codes, dtype="int64")),
            }
        if isinstance(dtype, pd.DatetimeTZDtype):
            return {
                "k": "datetimetz",
                "unit": dtype.unit,
                "tz": _tz(dtype.tz, None),
                "i8": self._ndarray(np, np.asarray(array.asi8)),
            }
        if dtype.name in _MASKED:
            mask = np.asarray(array.isna(), dtype=bool)
            fill = False if dtype.name == "boolean" else 0
            data = array.to_numpy(dtype=_MASKED_NUMPY[dtype.name], na_value=fill)
            return {
                "k": "masked",
                "dtype": dtype.name,
                "data": self._ndarray(np, data),
                "mask": self._ndarray(np, mask),
            }
        raise NotData(f"column of dtype {dtype} (pandas numbers, text, dates or categories only)")


def _is_nan(value: object) -> bool:
    return isinstance(value, float) and math.isnan(value)


def _tz(tz: Any, moment: Any) -> dict[str, Any] | None:
    """Encode a time zone by its IANA name, or as a fixed UTC offset."""
    if tz is None:
        return None
    name = getattr(tz, "key", None) or getattr(tz, "zone", None)
    if isinstance(name, str):
        return {"name": name}
    if tz is datetime.UTC or str(tz) == "UTC":
        return {"name": "UTC"}
    offset = tz.utcoffset(moment)
    if isinstance(offset, datetime.timedelta):
        return {"offset": offset.total_seconds()}
    raise NotData(f"time zone {tz!r}")


def encode(value: object, *, limit: int = MAX_ANSWER_BYTES) -> dict[str, Any]:
    """Encode a value as tagged JSON-ready data.

    Raises :class:`NotData` (naming the offending type) for anything that is not data and
    :class:`TooLarge` past ``limit`` bytes.

    >>> encode([1, "a"])["items"][1]
    {'t': 'str', 'v': 'a'}
    """
    return _Encoder(limit).value(value)


def describe(value: object, *, limit: int = MAX_ANSWER_BYTES) -> dict[str, Any]:
    """Return one answer's entry for the checker: its data, or why there is none.

    ``{"data": ...}`` for data; ``{"function": True}`` for a function (called back in the
    learner's kernel); ``{"not_data": "MagicMock"}``; ``{"too_large": bytes}``.
    """
    if type(value) in FUNCTION_TYPES:
        return {"function": True}
    try:
        return {"data": encode(value, limit=limit)}
    except NotData as err:
        return {"not_data": err.what}
    except TooLarge as err:
        return {"too_large": err.size}
    except RecursionError:
        return {"not_data": "container that contains itself"}
    except Exception as err:  # a value whose own methods fail while being read
        return {"not_data": f"{_kind_name(value)} that could not be read ({type(err).__name__})"}


# ------------------------------------------------------------------- the learner's kernel
def _publish(content: dict[str, Any]) -> None:
    from IPython.display import publish_display_data

    publish_display_data({MIME: content})  # type: ignore[no-untyped-call]


def publish_answers(names: list[str]) -> None:
    """Publish the named globals of the learner's notebook for the checker (learner side).

    Runs in the learner's kernel (untrusted: the checker validates whatever arrives). A name
    that is not defined is reported as missing.
    """
    namespace = sys.modules["__main__"].__dict__
    values: dict[str, Any] = {}
    for name in names:
        values[name] = describe(namespace[name]) if name in namespace else {"missing": True}
    _publish({"values": values})


def call_answer(name: str, arguments: dict[str, Any]) -> None:
    """Call a learner's function with arguments from the checker; publish its result as data."""
    namespace = sys.modules["__main__"].__dict__
    function = namespace.get(name)
    if function is None or not callable(function):
        _publish({"error": f"{name} is no longer a function"})
        return
    args = decode(arguments["args"])
    kwargs = decode(arguments["kwargs"])
    try:
        result = function(*args, **kwargs)
    except Exception as err:
        _publish({"error": f"{type(err).__name__}: {err}"})
        return
    _publish({"result": describe(result)})


# ------------------------------------------------------------------------------- decoding
def _text(node: dict[str, Any], key: str) -> str:
    value = node.get(key)
    if not isinstance(value, str):
        raise BadPayload(f"{node.get('t', node.get('k'))!r} needs text in {key!r}")
    return value


def _dtype(np: Any, text: str) -> Any:
    if not isinstance(text, str) or not _DTYPE_TEXT.match(text):
        raise BadPayload(f"dtype {text!r} is not allowed")
    dtype = np.dtype(text)
    if dtype.kind not in _NUMPY_KINDS or dtype.hasobject:
        raise BadPayload(f"dtype {text!r} is not allowed")
    return dtype


def _buffer(np: Any, node: dict[str, Any], shape: tuple[int, ...] | None = None) -> Any:
    dtype = _dtype(np, _text(node, "dtype"))
    raw = base64.b64decode(_text(node, "b64"), validate=True)
    if shape is None:
        shape = tuple(node.get("shape", ()))
    if not all(isinstance(n, int) and n >= 0 for n in shape):
        raise BadPayload(f"bad array shape {shape!r}")
    if len(raw) != math.prod(shape) * dtype.itemsize:
        raise BadPayload("array bytes do not match its shape")
    return np.frombuffer(raw, dtype=dtype).reshape(shape).copy()


def _from_tz(node: Any) -> Any:
    if node is None:
        return None
    if not isinstance(node, dict):
        raise BadPayload("bad time zone")
    if isinstance(node.get("name"), str):
        from zoneinfo import ZoneInfo

        name = node["name"]
        return datetime.UTC if name == "UTC" else ZoneInfo(name)
    offset = node.get("offset")
    if isinstance(offset, int | float) and abs(offset) < 86400:
        return datetime.timezone(datetime.timedelta(seconds=offset))
    raise BadPayload("bad time zone")


class _Decoder:
    def value(self, node: Any, depth: int = 0) -> Any:
        if depth > MAX_DEPTH + 4 or not isinstance(node, dict):
            raise BadPayload("malformed value")
        tag = node.get("t")
        simple = _SIMPLE.get(tag)  # type: ignore[arg-type]
        if simple is not None:
            return simple(node)
        if tag in ("list", "tuple", "set", "frozenset"):
            items = node.get("items")
            if not isinstance(items, list):
                raise BadPayload(f"{tag} without items")
            values = [self.value(i, depth + 1) for i in items]
            return {"list": list, "tuple": tuple, "set": set, "frozenset": frozenset}[tag](values)
        if tag == "dict":
            pairs = node.get("items")
            if not isinstance(pairs, list) or not all(
                isinstance(p, list) and len(p) == 2 for p in pairs
            ):
                raise BadPayload("dict without pairs")
            result = {}
            for key, item in pairs:
                decoded = self.value(key, depth + 1)
                try:
                    hash(decoded)
                except TypeError:
                    raise BadPayload("unhashable dict key") from None
                result[decoded] = self.value(item, depth + 1)
            return result
        return self._library(tag, node, depth)

    def _library(self, tag: object, node: dict[str, Any], depth: int) -> Any:
        import numpy as np

        if tag == "np":
            return _buffer(np, node, ())[()]
        if tag == "ndarray":
            return _buffer(np, node)
        import pandas as pd

        if tag == "timestamp":
            stamp = pd.Timestamp(np.int64(_whole(node)).astype(f"M8[{_unit(node)}]"))
            tz = _from_tz(node.get("tz"))
            return stamp if tz is None else stamp.tz_localize("UTC").tz_convert(tz)
        if tag == "pdtimedelta":
            return pd.Timedelta(np.int64(_whole(node)).astype(f"m8[{_unit(node)}]"))
        if tag == "nat":
            return pd.NaT
        if tag == "na":
            return pd.NA
        if tag == "index":
            return self._index(np, pd, node.get("index"), depth)
        if tag == "series":
            values = self._array(np, pd, node.get("values"), depth)
            return pd.Series(
                values,
                index=self._index(np, pd, node.get("index"), depth),
                name=self.value(node.get("name"), depth + 1),
                dtype=object if _is_object(np, values) else None,
                copy=False,
            )
        if tag == "frame":
            index = self._index(np, pd, node.get("index"), depth)
            columns = self._index(np, pd, node.get("columns"), depth)
            data = node.get("data")
            if not isinstance(data, list) or len(data) != len(columns):
                raise BadPayload("frame columns do not match its data")
            arrays = [self._array(np, pd, column, depth) for column in data]
            if any(len(a) != len(index) for a in arrays):
                raise BadPayload("frame column lengths do not match its index")
            frame = pd.DataFrame(
                {
                    position: pd.Series(a, dtype=object if _is_object(np, a) else None, copy=False)
                    for position, a in enumerate(arrays)
                },
                index=pd.RangeIndex(len(index)),
            )
            frame.index = index
            frame.columns = columns
            return frame
        raise BadPayload(f"unknown value type {tag!r}")

    def _index(self, np: Any, pd: Any, node: Any, depth: int) -> Any:
        if not isinstance(node, dict):
            raise BadPayload("malformed index")
        kind = node.get("k")
        name = self.value(node.get("name", {"t": "none"}), depth + 1)
        if kind == "range":
            bounds = [node.get(k) for k in ("start", "stop", "step")]
            if not all(type(b) is int for b in bounds) or bounds[2] == 0:
                raise BadPayload("bad range index")
            return pd.RangeIndex(*bounds, name=name)
        if kind == "multi":
            levels, names = node.get("levels"), node.get("names")
            if not isinstance(levels, list) or not isinstance(names, list) or not levels:
                raise BadPayload("bad multi-index")
            return pd.MultiIndex.from_arrays(
                [self._array(np, pd, level, depth) for level in levels],
                names=[self.value(n, depth + 1) for n in names],
            )
        if kind == "index":
            values = self._array(np, pd, node.get("values"), depth)
            return pd.Index(
                values, name=name, dtype=object if _is_object(np, values) else None, copy=False
            )
        raise BadPayload(f"unknown index kind {kind!r}")

    def _array(self, np: Any, pd: Any, node: Any, depth: int) -> Any:
        if not isinstance(node, dict):
            raise BadPayload("malformed column")
        kind = node.get("k")
        if kind == "numpy":
            raw = base64.b64decode(_text(node, "b64"), validate=True)
            dtype = _dtype(np, _text(node, "dtype"))
            if len(raw) % dtype.itemsize:
                raise BadPayload("column bytes do not match its dtype")
            return np.frombuffer(raw, dtype=dtype).copy()
        if kind == "object":
            items = node.get("items")
            if not isinstance(items, list):
                raise BadPayload("object column without items")
            values = np.empty(len(items), dtype=object)
            values[:] = [self.value(i, depth + 1) for i in items] if items else []
            return values
        if kind == "string":
            items = node.get("items")
            if not isinstance(items, list) or not all(i is None or type(i) is str for i in items):
                raise BadPayload("string column without text items")
            storage = node.get("storage")
            if storage not in ("python", "pyarrow"):
                raise BadPayload(f"unknown string storage {storage!r}")
            na_value = np.nan if node.get("na") == "nan" else pd.NA
            return pd.array(items, dtype=pd.StringDtype(storage, na_value=na_value))
        if kind == "category":
            categories = self._index(np, pd, node.get("categories"), depth)
            codes = _buffer(np, node.get("codes") or {})
            if codes.ndim != 1 or codes.dtype.kind != "i":
                raise BadPayload("bad category codes")
            if len(codes) and (codes.min() < -1 or codes.max() >= len(categories)):
                raise BadPayload("category codes out of range")
            return pd.Categorical.from_codes(
                codes, dtype=pd.CategoricalDtype(categories, ordered=bool(node.get("ordered")))
            )
        if kind == "datetimetz":
            unit = _unit(node)
            values = _buffer(np, node.get("i8") or {})
            if values.ndim != 1 or values.dtype != np.dtype("int64"):
                raise BadPayload("bad datetime column")
            tz = _from_tz(node.get("tz"))
            naive = pd.DatetimeIndex(values.view(f"M8[{unit}]"))
            return naive.tz_localize("UTC").tz_convert(tz).array
        if kind == "masked":
            name = node.get("dtype")
            if name not in _MASKED:
                raise BadPayload(f"unknown nullable dtype {name!r}")
            data = _buffer(np, node.get("data") or {})
            mask = _buffer(np, node.get("mask") or {})
            if data.shape != mask.shape or data.ndim != 1 or mask.dtype != np.dtype(bool):
                raise BadPayload("nullable column data and mask do not match")
            if data.dtype != np.dtype(_MASKED_NUMPY[name]):
                raise BadPayload("nullable column data has the wrong dtype")
            array = pd.array(data, dtype=name)
            array[mask] = pd.NA
            return array
        raise BadPayload(f"unknown column kind {kind!r}")


def _is_object(np: Any, values: Any) -> bool:
    return isinstance(values, np.ndarray) and values.dtype == np.dtype(object)


def _unit(node: dict[str, Any]) -> str:
    unit = node.get("unit")
    if unit not in ("s", "ms", "us", "ns"):
        raise BadPayload(f"unknown time unit {unit!r}")
    return str(unit)


def _whole(node: dict[str, Any]) -> int:
    value = node.get("v")
    if type(value) is not int:
        raise BadPayload("bad time value")
    return value


def _int(node: dict[str, Any]) -> int:
    text = _text(node, "v")
    if not re.fullmatch(r"-?\d{1,4300}", text):
        raise BadPayload("bad integer")
    return int(text)


def _float(text: str) -> float:
    try:
        return float.fromhex(text)
    except (TypeError, ValueError):
        raise BadPayload(f"bad float {text!r}") from None


def _time_value(node: dict[str, Any]) -> Any:
    tag, text = node["t"], _text(node, "v")
    try:
        parsed: Any = {
            "datetime": datetime.datetime.fromisoformat,
            "date": datetime.date.fromisoformat,
            "time": datetime.time.fromisoformat,
        }[tag](text)
    except ValueError:
        raise BadPayload(f"bad {tag} {text!r}") from None
    tz = _from_tz(node.get("tz"))
    return parsed if tz is None or tag == "date" else parsed.replace(tzinfo=tz)


def _timedelta(node: dict[str, Any]) -> datetime.timedelta:
    parts = [node.get(k) for k in ("d", "s", "us")]
    if not all(type(p) is int for p in parts):
        raise BadPayload("bad timedelta")
    return datetime.timedelta(days=parts[0], seconds=parts[1], microseconds=parts[2])  # type: ignore[arg-type]


def _bool(node: dict[str, Any]) -> bool:
    value = node.get("v")
    if type(value) is not bool:
        raise BadPayload("bad boolean")
    return value


def _decimal(node: dict[str, Any]) -> decimal.Decimal:
    try:
        return decimal.Decimal(_text(node, "v"))
    except decimal.InvalidOperation:
        raise BadPayload("bad decimal") from None


_SIMPLE: dict[str, Callable[[dict[str, Any]], Any]] = {
    "none": lambda node: None,
    "bool": _bool,
    "int": _int,
    "float": lambda node: _float(_text(node, "v")),
    "complex": lambda node: complex(_float(_text(node, "re")), _float(_text(node, "im"))),
    "str": lambda node: _text(node, "v"),
    "bytes": lambda node: base64.b64decode(_text(node, "b64"), validate=True),
    "decimal": _decimal,
    "datetime": _time_value,
    "date": _time_value,
    "time": _time_value,
    "timedelta": _timedelta,
}


def decode(node: Any) -> Any:
    """Rebuild a value from :func:`encode`'s output; raise :class:`BadPayload` if malformed.

    Runs no code from the payload: every node's type is looked up in a fixed table, and
    arrays are read as raw bytes of a whitelisted, non-object dtype.

    >>> decode(encode({"a": (1, 2.5, None)}))
    {'a': (1, 2.5, None)}
    """
    try:
        return _Decoder().value(node)
    except BadPayload:
        raise
    except Exception as err:  # whatever a malformed payload trips in NumPy or pandas
        raise BadPayload(f"malformed payload ({type(err).__name__}: {err})") from None


def dumps(document: object) -> str:
    """Serialize a payload document (the envelope around encoded values) as compact JSON."""
    return json.dumps(document, separators=(",", ":"), allow_nan=False)
