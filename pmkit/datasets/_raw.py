"""The raw variant of users and events: the clean data as an event pipeline delivers it.

What was done to the clean tables is listed, with the recipe that undoes it, in
``instructors/PLANTED_FACTS.md`` (instructor-only: finding it is the learner's exercise).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pmkit.datasets import _world as w

RAW_EVENT_NAMES = (*w.EVENT_NAMES, "view_pricing", "view_docs")
DUPLICATE_SHARE = 0.015  # rows delivered twice (client retries)
ANONYMOUS_SHARE = 0.008  # extra events from logged-out visitors (no user id)
TEST_ACCOUNT_EVERY = 250  # one QA test account per this many users
INTERNAL_USER_EVERY = 300  # one HelpHarbor employee account per this many users
MAX_EXTRA_ACCOUNTS = 999
INTERNAL_DOMAIN = "helpharbor.example"
_ROW_BITS = 27  # raw rows are numbered below 2**27 (134M) in the arrival sort key

_FIRST_NAMES = (
    "ana", "ben", "chloe", "daniel", "elif", "farah", "george", "hana", "ivan", "julia",
    "kofi", "lena", "marco", "nadia", "omar", "priya", "quinn", "rosa", "sam", "tomas",
    "uma", "victor", "wei", "xena", "yusuf", "zoe",
)  # fmt: skip
_LAST_NAMES = (
    "alvarez", "brown", "chen", "dubois", "evans", "fischer", "garcia", "haddad", "ito",
    "jensen", "kowalski", "lopez", "murphy", "nguyen", "okafor", "patel", "quispe", "rossi",
    "silva", "tanaka", "usman", "virtanen", "weber", "xu", "yilmaz", "zhang",
)  # fmt: skip
_COMPANY_WORDS = (
    "acme", "apex", "blue", "cedar", "delta", "ember", "fjord", "granite", "harbor", "iris",
    "juniper", "kestrel", "lumen", "maple", "nimbus", "orbit", "pine", "quarry", "river",
    "summit", "tidal", "umber", "vertex", "willow",
)  # fmt: skip
_COMPANY_KINDS = ("logistics", "health", "retail", "labs", "systems", "partners", "foods", "it")


def _offset_text(minutes: int) -> str:
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


OFFSET_TEXTS = tuple(sorted({_offset_text(int(m)) for m in w.UTC_OFFSET_MIN}))
_COUNTRY_OFFSET = np.array([OFFSET_TEXTS.index(_offset_text(int(m))) for m in w.UTC_OFFSET_MIN])

# SQL pieces shared by both raw tables. ``kind``: 0 a real or internal user (``u`` id),
# 1 a test account, 2 no user id.
_USER_ID_SQL = (
    "CASE kind WHEN 2 THEN NULL "
    "WHEN 1 THEN 'test_' || lpad(CAST(num + 1 AS VARCHAR), 4, '0') "
    "ELSE 'u' || substr(CAST(num + 10000001 AS VARCHAR), 2) END"
)


def _time_text_sql(column: str) -> str:
    """App clients send local time with an offset; the web and the server send UTC with Z."""
    return (
        f"CASE WHEN local THEN strftime({column} + to_minutes(offset_min), "
        f"'%Y-%m-%dT%H:%M:%S.%g') || offset_text "
        f"ELSE strftime({column}, '%Y-%m-%d %H:%M:%S.%g') || 'Z' END"
    )


def raw_frames(
    world: w.World, plan: np.ndarray, rng: np.random.Generator
) -> dict[str, tuple[pd.DataFrame, str]]:
    """Return, for ``users_raw`` and ``events_raw``, a frame and the SELECT that writes it."""
    u, ev = world.users, world.events
    n = u.day0.size
    stayers = np.flatnonzero(u.stage == 4)
    n_test = min(max(3, n // TEST_ACCOUNT_EVERY), MAX_EXTRA_ACCOUNTS, stayers.size)
    n_internal = min(max(3, n // INTERNAL_USER_EVERY), MAX_EXTRA_ACCOUNTS, stayers.size)
    test_src = np.sort(rng.choice(stayers, n_test, replace=False))
    internal_src = np.sort(rng.choice(stayers, n_internal, replace=False))

    # ------------------------------------------------------------------ users_raw
    src = np.concatenate([np.arange(n), test_src, internal_src])
    kind = np.repeat(np.array([0, 1, 0], dtype=np.int8), [n, n_test, n_internal])
    num = np.concatenate([np.arange(n), np.arange(n_test), n + np.arange(n_internal)])
    first = rng.integers(0, len(_FIRST_NAMES), src.size)
    last = rng.integers(0, len(_LAST_NAMES), src.size)
    company_word = rng.integers(0, len(_COMPANY_WORDS), src.size)
    company_kind = rng.integers(0, len(_COMPANY_KINDS), src.size)
    internal = np.repeat(np.array([False, False, True]), [n, n_test, n_internal])
    order = np.argsort(u.signup_us[src], kind="stable")
    users = pd.DataFrame(
        {
            "kind": kind,
            "num": num,
            "internal": internal,
            "first_name": w.categorical(first, _FIRST_NAMES),
            "last_name": w.categorical(last, _LAST_NAMES),
            "company_word": w.categorical(company_word, _COMPANY_WORDS),
            "company_kind": w.categorical(company_kind, _COMPANY_KINDS),
            "signup_time": u.signup_us[src].view("datetime64[us]"),
            "local": u.platform[src] != w.WEB,
            "offset_min": w.UTC_OFFSET_MIN[u.country[src]],
            "offset_text": w.categorical(_COUNTRY_OFFSET[u.country[src]], OFFSET_TEXTS),
            "country": w.categorical(u.country[src], w.COUNTRIES),
            "platform": w.categorical(u.platform[src], w.PLATFORMS),
            "plan": w.categorical(plan[src], w.PLANS),
            "acquisition_channel": w.categorical(u.channel[src], w.CHANNELS),
        }
    ).iloc[order]
    users_select = (
        f"{_USER_ID_SQL} AS user_id, "
        "CASE WHEN kind = 1 THEN 'test_' || lpad(CAST(num + 1 AS VARCHAR), 4, '0') "
        "|| '@example.com' "
        f"WHEN internal THEN first_name || '.' || last_name || '@{INTERNAL_DOMAIN}' "
        "ELSE first_name || '.' || last_name || '.' || CAST(num + 1 AS VARCHAR) || '@' "
        "|| company_word || '-' || company_kind || '.example' END AS email, "
        f"{_time_text_sql('signup_time')} AS signup_time, "
        "country, platform, plan, acquisition_channel"
    )

    # ------------------------------------------------------------------ events_raw
    # Raw rows: every clean event, the events replayed by test and internal accounts, and the
    # anonymous events. Columns are built one at a time and put in arrival order, freeing the
    # unordered copy, so that 10M+ events stay within memory.
    n_ev = ev.user.size
    max_session = int(ev.session.max(initial=0))
    test_rows = np.flatnonzero(np.isin(ev.user, test_src))
    internal_rows = np.flatnonzero(np.isin(ev.user, internal_src))
    n_anon = max(10, round(ANONYMOUS_SHARE * n_ev))
    anon_time = np.sort(rng.integers(w.START_US, w.END_US, n_anon))
    anon_code = np.array([w.SESSION_START, len(w.EVENT_NAMES), len(w.EVENT_NAMES) + 1])[
        w.choose(rng, (0.5, 0.35, 0.15), n_anon)
    ]

    def rows(clean: np.ndarray, anonymous: object) -> np.ndarray:
        """One column over all raw rows (clean, test, internal, anonymous), unordered."""
        tail = np.full(n_anon, anonymous, dtype=clean.dtype)
        return np.concatenate([clean, clean[test_rows], clean[internal_rows], tail])

    time_us = np.concatenate(
        [ev.time_us, ev.time_us[test_rows], ev.time_us[internal_rows], anon_time]
    )
    platform = rows(ev.platform, w.WEB)
    size = time_us.size

    # Arrival at the collector: the web within seconds, apps later, 4% of app events batched
    # for up to 6 hours while offline. Retried rows arrive again up to 10 minutes later.
    mobile = platform != w.WEB
    delay = np.where(
        mobile,
        (rng.lognormal(np.log(3.0), 1.0, size) * w.SEC_US).astype(np.int64),
        rng.integers(20_000, 1_500_000, size),
    )
    batched = mobile & (rng.random(size) < 0.04)
    delay[batched] += rng.integers(10 * w.MIN_US, 6 * w.HOUR_US, int(batched.sum()))
    received = time_us + delay
    del delay, batched
    dup = np.flatnonzero(rng.random(size) < DUPLICATE_SHARE)
    received = np.concatenate(
        [received, received[dup] + rng.integers(w.SEC_US, 10 * w.MIN_US, dup.size)]
    )
    # Sort by arrival (to the millisecond, then by row): the keys are unique, so any sort
    # algorithm gives the same order, and sorting plain int64 keys is fast.
    rows_all = np.concatenate([np.arange(size), dup])
    key = ((received - w.START_US) // w.MS_US << _ROW_BITS) | rows_all
    del received, dup, rows_all
    sorted_key = np.sort(key)
    order = sorted_key & ((1 << _ROW_BITS) - 1)
    retried_at = np.searchsorted(sorted_key, key[size:])  # where each retried copy arrived
    del key, sorted_key

    sizes = [n_ev, test_rows.size, internal_rows.size, n_anon]
    kind = np.repeat(np.array([0, 1, 0, 2], dtype=np.int8), sizes)
    num = np.concatenate(
        [
            ev.user,
            np.searchsorted(test_src, ev.user[test_rows]),
            n + np.searchsorted(internal_src, ev.user[internal_rows]),
            np.zeros(n_anon),
        ]
    ).astype(np.int32)
    session = np.concatenate(
        [
            ev.session,
            ev.session[test_rows] + max_session,
            ev.session[internal_rows] + 2 * max_session,
            3 * max_session + 1 + np.arange(n_anon),
        ]
    )
    code = np.concatenate(
        [ev.code, ev.code[test_rows], ev.code[internal_rows], anon_code.astype(np.int8)]
    )
    version = rows(ev.version, -1)
    country = rows(u.country[ev.user], 4)  # anonymous rows are web rows, sent in UTC
    # Android 4.0.0 reported its platform as "Android", iOS always as "iOS" (and 4.0.0's retry
    # path sent "android": see below).
    platform_text = platform.copy()
    platform_text[platform == w.IOS] = 3
    platform_text[(platform == w.ANDROID) & (version == 0)] = 4
    del platform

    columns: dict[str, np.ndarray] = {
        "kind": kind,
        "num": num,
        "event_name": code,
        "event_time": time_us,
        "local": mobile,
        "country": country,
        "platform": platform_text,
        "session_id": session,
        "app_version": version,
        "properties": rows(ev.prop, -1),
    }
    del kind, num, code, time_us, mobile, country, platform_text, session, version
    for name in list(columns):
        columns[name] = columns[name][order]
    # Android 4.0.0's retry path labelled the copy "android": those copies are not exact
    # duplicates of their original ("Android"), only once the labels are made consistent.
    retried = columns["platform"][retried_at]
    columns["platform"][retried_at[retried == 4]] = w.ANDROID
    del retried, retried_at
    country = columns.pop("country")
    events = pd.DataFrame(
        {
            "kind": columns.pop("kind"),
            "num": columns.pop("num"),
            "event_name": w.categorical(columns.pop("event_name"), RAW_EVENT_NAMES),
            "event_time": columns.pop("event_time").view("datetime64[us]"),
            "local": columns.pop("local"),
            "offset_min": w.UTC_OFFSET_MIN[country].astype(np.int16),
            "offset_text": w.categorical(_COUNTRY_OFFSET[country], OFFSET_TEXTS),
            "platform": w.categorical(columns.pop("platform"), (*w.PLATFORMS, "iOS", "Android")),
            "session_id": columns.pop("session_id"),
            "app_version": w.categorical(columns.pop("app_version"), w.APP_VERSIONS),
            "properties": w.categorical(columns.pop("properties"), tuple(w.property_strings())),
        }
    )
    events_select = (
        f"{_USER_ID_SQL} AS user_id, event_name, {_time_text_sql('event_time')} AS event_time, "
        f"platform, session_id, {w.NULLABLE_ENUMS_SQL}"
    )
    return {"users_raw": (users, users_select), "events_raw": (events, events_select)}
