"""The simulation behind the product world: numpy arrays in, numpy arrays out, no IO.

HelpHarbor is the fictional service-desk SaaS of ``datasets/backlog.csv``. A *user* here is the
person who signed up and owns a workspace (the account); ``events`` log what that person does in
the product. Every number below is a modelling choice for teaching, not a statistic about real
products.

The simulation runs in stages, each vectorised over all users at once (no per-user Python loop):

1. users: signup day (growing, weekly seasonality), time of day (local business hours), country,
   platform and acquisition channel (paid social's share grows over the period);
2. the onboarding funnel: how far each user gets (workspace, invite, first ticket, staying) and
   on which days;
3. activity: for users who stay, each day until they churn is active with a per-user
   probability times a day-of-week factor; active days hold one to four sessions;
4. sessions and events: each session is a sequence of events with gaps of 1 s to 2 min; start
   times are pushed forward so that a user's sessions never overlap, which makes every user's
   event times strictly increasing;
5. the planted incident (see ``instructors/PLANTED_FACTS.md``) thins one platform's events.

All draws come from one ``numpy.random.Generator`` in a fixed order, so a seed fixes the world.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

import numpy as np
import numpy.typing as npt
import pandas as pd

I8 = npt.NDArray[np.int8]
I16 = npt.NDArray[np.int16]
I32 = npt.NDArray[np.int32]
I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]
Bool = npt.NDArray[np.bool_]
T = TypeVar("T", bound=np.generic)

# ------------------------------------------------------------- calendar (all UTC, microseconds)
MS_US = 1_000
SEC_US = 1_000_000
MIN_US = 60 * SEC_US
HOUR_US = 60 * MIN_US
DAY_US = 24 * HOUR_US
START_US = 1_736_121_600 * SEC_US  # 2025-01-06T00:00:00Z, a Monday
N_DAYS = 168  # 24 whole weeks: 2025-01-06 .. 2025-06-22
END_US = START_US + N_DAYS * DAY_US  # exclusive

# ------------------------------------------------------------- vocabularies (codes = positions)
EVENT_NAMES = (
    "signup",
    "create_workspace",
    "invite_teammate",
    "create_ticket",
    "resolve_ticket",
    "upgrade",
    "session_start",
    "view_ticket",
    "comment_ticket",
    "search_kb",
    "view_report",
)
SIGNUP, WORKSPACE, INVITE, CREATE, RESOLVE, UPGRADE, SESSION_START = range(7)
_ACTIONS = np.array(
    [7, 4, 3, 8, 9, 10], dtype=np.int8
)  # view, resolve, create, comment, kb, report
_ACTION_P = (0.38, 0.20, 0.15, 0.15, 0.08, 0.04)

PLATFORMS = ("web", "ios", "android")
WEB, IOS, ANDROID = range(3)
_PLATFORM_P = (0.60, 0.18, 0.22)

COUNTRIES = ("US", "CA", "BR", "MX", "GB", "DE", "FR", "NL", "ES", "ZA", "IN", "SG", "JP", "AU")
_COUNTRY_P = (0.34, 0.05, 0.05, 0.03, 0.10, 0.08, 0.05, 0.03, 0.03, 0.02, 0.09, 0.03, 0.03, 0.07)
# Fixed standard offsets (no daylight saving): the local clock that business hours follow.
UTC_OFFSET_MIN = np.array(
    [-300, -300, -180, -360, 0, 60, 60, 60, 60, 120, 330, 480, 540, 600], dtype=np.int64
)

CHANNELS = ("organic_search", "paid_search", "paid_social", "referral", "partner")
_PAID_SOCIAL = 2
_CHANNEL_BASE = np.array([0.36, 0.22, 0.10, 0.17, 0.15])  # mix on day 0
_PAID_SOCIAL_END = 0.32  # paid social's share of signups on the last day (linear in between)
# Per channel: P(create_workspace), P(invite | workspace), P(first ticket | invite),
# P(stays | first ticket), share that never churns, mean lifetime in days of the others,
# P(wants to upgrade).
_P_WORKSPACE = np.array([0.82, 0.80, 0.72, 0.86, 0.85])
_P_INVITE = np.array([0.70, 0.66, 0.55, 0.76, 0.74])
_P_TICKET = np.array([0.82, 0.80, 0.72, 0.86, 0.84])
_P_STAY = np.array([0.80, 0.74, 0.62, 0.84, 0.82])
_STICKY = np.array([0.30, 0.22, 0.08, 0.40, 0.36])
_MEAN_LIFE = np.array([45.0, 35.0, 16.0, 60.0, 55.0])
_P_UPGRADE = np.array([0.40, 0.35, 0.20, 0.45, 0.50])

_SIGNUP_GROWTH = float(np.log(1.8))  # daily signups grow 80% over the period (before weekdays)
_SIGNUP_DOW = np.array([1.00, 1.06, 1.04, 1.00, 0.86, 0.32, 0.27])  # Monday .. Sunday
_ACTIVE_DOW = np.array([1.00, 1.00, 0.98, 0.96, 0.86, 0.22, 0.16], dtype=np.float32)

PLANS = ("free", "team", "business")
PRICE_PER_SEAT_USD = {"team": 19.0, "business": 49.0}
BILLING_PERIOD_DAYS = 30
PRIORITIES = ("low", "normal", "high", "urgent")
_PRIORITY_P = (0.25, 0.50, 0.20, 0.05)
MAX_INVITEES = 6
MAX_SEATS = 60

# App releases (iOS and Android ship together; everyone updates on release day).
APP_VERSIONS = ("4.0.0", "4.1.0", "4.2.0")
RELEASE_DAYS = (0, 49, 99)  # 2025-01-06, 2025-02-24, 2025-04-15

# The planted incident: Android 4.2.0 hides the "new ticket" button in an overflow menu.
INCIDENT_DAY = 99
INCIDENT_US = START_US + INCIDENT_DAY * DAY_US
INCIDENT_PLATFORM = ANDROID
INCIDENT_DROP = 0.30  # share of Android create_ticket events that no longer happen

# Sessions: how many per active day (1-4) and how many actions per session.
_SESSIONS_P = (0.70, 0.22, 0.06, 0.02)
_MAX_ACTIONS = 37
# Gaps between a session's events: 1 s plus an exponential (scale 30 s) truncated at 119 s.
_GAP_SCALE_S, _GAP_MIN_S, _GAP_MAX_S = 30.0, 1.0, 120.0
_SESSION_GAP_US = 5 * MIN_US  # at least this long between two sessions of a user

# Session kinds (what the session is for).
KIND_SIGNUP, KIND_INVITE, KIND_ACTIVATION, KIND_ACTIVITY = range(4)


def categorical(codes: np.ndarray, categories: tuple[str, ...] | list[str]) -> pd.Categorical[str]:
    """Return codes (-1 for missing) as a pandas Categorical, which DuckDB reads as an ENUM."""
    return pd.Categorical.from_codes(
        np.asarray(codes, dtype=np.int16), categories=pd.Index(list(categories))
    )


# DuckDB 2.0 writes ENUM columns that hold NULLs with bytes that vary from run to run (the
# values are right); written as VARCHAR they are byte-stable.
NULLABLE_ENUMS_SQL = (
    "CAST(app_version AS VARCHAR) AS app_version, CAST(properties AS VARCHAR) AS properties"
)


_LUT_SIZE = 1 << 16  # draws by lookup: 16 random bits pick one of 65,536 equally likely slots
_SLOTS = (np.arange(_LUT_SIZE) + 0.5) / _LUT_SIZE  # slot midpoints, as probabilities


def _lut_draw(rng: np.random.Generator, table: npt.NDArray[T], size: int) -> npt.NDArray[T]:
    """Draw ``size`` values from ``table`` (65,536 quantiles) with one random uint16 each."""
    return table[rng.integers(0, _LUT_SIZE, size, dtype=np.uint16)]


def choose(rng: np.random.Generator, p: tuple[float, ...] | F64, size: int) -> I8:
    """Draw ``size`` category codes with probabilities ``p`` (rounded to multiples of 2**-16)."""
    cum = np.cumsum(np.asarray(p, dtype=np.float64))
    table = np.minimum(np.searchsorted(cum, _SLOTS * cum[-1], side="right"), len(cum) - 1)
    return _lut_draw(rng, table.astype(np.int8), size)


def gaps_us(rng: np.random.Generator, size: int) -> I64:
    """Draw gaps between events: 1 s + exponential (scale 30 s) truncated at 119 s.

    Drawn from the distribution's 65,536 quantiles (the inverse CDF at the slot midpoints).
    """
    span = 1.0 - np.exp(-(_GAP_MAX_S - _GAP_MIN_S) / _GAP_SCALE_S)
    table = ((_GAP_MIN_S - _GAP_SCALE_S * np.log1p(-_SLOTS * span)) * SEC_US).astype(np.int64)
    return _lut_draw(rng, table, size)


def local_hour_us(rng: np.random.Generator, size: int) -> I64:
    """Draw local clock times (microseconds after midnight) in business hours, 07:00-20:00.

    A beta distribution stretched over the 13 hours: mean about 12:50, sd about 2.3 hours,
    smooth up to both ends (no pile-up at 07:00 or 20:00).
    """
    hours = 7.0 + 13.0 * rng.beta(3.2, 3.8, size)
    return (hours * HOUR_US).astype(np.int64)


def group_starts(counts: I64) -> I64:
    """Return, for groups of the given sizes laid end to end, the index where each starts.

    >>> group_starts(np.array([2, 3, 1])).tolist()
    [0, 2, 5]
    """
    return np.cumsum(counts) - counts


def rank_in_group(counts: I64) -> I64:
    """Return 0, 1, ... within each group of the given sizes laid end to end.

    >>> rank_in_group(np.array([2, 3, 0, 1])).tolist()
    [0, 1, 0, 1, 2, 0]
    """
    total = int(counts.sum())
    return np.arange(total, dtype=np.int64) - np.repeat(group_starts(counts), counts)


@dataclass(frozen=True)
class Users:
    """One entry per user, in signup order (index i is user ``u{i+1:07d}``)."""

    signup_us: I64
    day0: I64  # local signup day (0-based from 2025-01-06)
    country: I8
    platform: I8
    channel: I8
    stage: I8  # 0 signup only, 1 workspace, 2 invited, 3 first ticket, 4 stayed
    offset_us: I64  # UTC offset of the user's local clock
    engagement: F64  # probability of being active on a weekday while alive
    inv_day: I64  # local day of the invite (meaningful for stage >= 2)
    act_day: I64  # local day of the first ticket (meaningful for stage >= 3)
    last_alive: I64  # last local day the user may be active (act_day below stage 4)
    sticky: Bool
    invitees: I8
    business: Bool  # plan chosen on upgrade: business (else team)
    seats: I16


@dataclass(frozen=True)
class Sessions:
    """One entry per session, sorted by user and start time; session ids are index + 1."""

    user: I32
    day: I64
    kind: I8
    platform: I8
    start_us: I64


@dataclass(frozen=True)
class Events:
    """One entry per event, sorted by user and time (strictly increasing within a user)."""

    user: I32
    time_us: I64
    code: I8
    platform: I8
    session: I64  # session id
    version: I8  # index into APP_VERSIONS, -1 on web
    prop: I16  # index into property_strings(), -1 for none


@dataclass(frozen=True)
class World:
    """Everything the tables are built from."""

    users: Users
    sessions: Sessions
    events: Events


def property_strings() -> list[str]:
    """Return the vocabulary of the events' ``properties`` column (JSON text)."""
    props = [f'{{"priority":"{p}"}}' for p in PRIORITIES]
    props += [f'{{"invitees":{k}}}' for k in range(1, MAX_INVITEES + 1)]
    props += [
        f'{{"plan":"{plan}","seats":{seats}}}'
        for plan in ("team", "business")
        for seats in range(1, MAX_SEATS + 1)
    ]
    return props


_PROP_INVITEES = len(PRIORITIES)
_PROP_TEAM = _PROP_INVITEES + MAX_INVITEES
_PROP_BUSINESS = _PROP_TEAM + MAX_SEATS


def simulate_users(n: int, rng: np.random.Generator) -> Users:
    """Draw ``n`` users: who they are, how far they get and how long they stay."""
    days = np.arange(N_DAYS)
    weights = np.exp(_SIGNUP_GROWTH * days / (N_DAYS - 1)) * _SIGNUP_DOW[days % 7]
    day0 = np.repeat(days.astype(np.int64), rng.multinomial(n, weights / weights.sum()))
    country = choose(rng, _COUNTRY_P, n)
    platform = choose(rng, _PLATFORM_P, n)
    paid_social = _CHANNEL_BASE[_PAID_SOCIAL] + (_PAID_SOCIAL_END - _CHANNEL_BASE[_PAID_SOCIAL]) * (
        day0 / (N_DAYS - 1)
    )
    probs = (
        _CHANNEL_BASE[None, :] * ((1 - paid_social) / (1 - _CHANNEL_BASE[_PAID_SOCIAL]))[:, None]
    )
    probs[:, _PAID_SOCIAL] = paid_social
    cum = np.cumsum(probs, axis=1)
    channel = np.minimum((rng.random(n)[:, None] >= cum).sum(axis=1), len(CHANNELS) - 1)
    offset_us = UTC_OFFSET_MIN[country] * MIN_US
    local = local_hour_us(rng, n) + rng.integers(0, MIN_US, n)
    signup = START_US + day0 * DAY_US + local - offset_us
    # Keep every signup inside the window: east of UTC an early signup on the first local day
    # falls before it, west of UTC a late one on the last day after it.
    day0 = day0 + (signup < START_US) - (signup >= END_US)
    signup = START_US + day0 * DAY_US + local - offset_us
    signup -= signup % MS_US  # times are recorded to the millisecond

    order = np.argsort(signup, kind="stable")
    day0, signup, country, platform = day0[order], signup[order], country[order], platform[order]
    channel, offset_us = channel[order].astype(np.int8), offset_us[order]

    r = rng.random((4, n))
    workspace = r[0] < _P_WORKSPACE[channel]
    invited = workspace & (r[1] < _P_INVITE[channel])
    ticket = invited & (r[2] < _P_TICKET[channel])
    stayed = ticket & (r[3] < _P_STAY[channel])
    stage = (workspace.astype(np.int8) + invited + ticket + stayed).astype(np.int8)
    sticky = rng.random(n) < _STICKY[channel]
    lifetime = rng.geometric(1.0 / _MEAN_LIFE[channel])
    engagement = rng.beta(1.3, 2.2, n)
    invitees = (1 + np.minimum(rng.poisson(1.2, n), MAX_INVITEES - 1)).astype(np.int8)
    business = rng.random(n) < 0.28
    seats = np.where(
        business,
        np.minimum(3 + rng.poisson(9.0, n), MAX_SEATS),
        np.minimum(1 + rng.poisson(3.0, n), 20),
    ).astype(np.int16)
    inv_day = day0 + choose(rng, (0.60, 0.15, 0.08, 0.06, 0.05, 0.03, 0.03), n)
    act_day = inv_day + choose(rng, (0.45, 0.20, 0.10, 0.08, 0.07, 0.05, 0.05), n)
    last_alive = np.where(sticky, N_DAYS - 1, np.minimum(act_day + lifetime, N_DAYS - 1))
    return Users(
        signup_us=signup,
        day0=day0,
        country=country,
        platform=platform,
        channel=channel,
        stage=stage,
        offset_us=offset_us,
        engagement=engagement,
        inv_day=inv_day,
        act_day=act_day,
        last_alive=np.where(stage == 4, last_alive, act_day).astype(np.int64),
        sticky=sticky,
        invitees=invitees,
        business=business,
        seats=seats,
    )


def _session_platform(rng: np.random.Generator, home: I8) -> I8:
    """Mobile users open 65% of sessions in their app and the rest on web; web users 94% web."""
    r = rng.random(home.size)
    mobile = home != WEB
    out = np.where(mobile, np.where(r < 0.65, home, WEB), WEB).astype(np.int8)
    out[~mobile & (r >= 0.94)] = IOS
    out[~mobile & (r >= 0.97)] = ANDROID
    return out


def cumsum_in_groups(values: I64, counts: I64) -> I64:
    """Return running sums that restart at each group (groups laid end to end, none empty).

    >>> cumsum_in_groups(np.array([1, 2, 3, 10, 20]), np.array([3, 2])).tolist()
    [1, 3, 6, 10, 30]
    """
    starts = group_starts(counts)
    out = values.copy()
    sums = np.add.reduceat(values, starts) if values.size else values
    out[starts[1:]] -= sums[:-1]
    return np.cumsum(out)


def simulate(n_users: int, rng: np.random.Generator) -> World:
    """Simulate ``n_users`` users and every session and event they produce."""
    u = simulate_users(n_users, rng)
    n = n_users
    stage, channel = u.stage, u.channel
    inv_day, act_day, last_alive = u.inv_day, u.act_day, u.last_alive
    wants_upgrade = rng.random(n) < _P_UPGRADE[channel]
    upgrade_rank = rng.geometric(0.12, n) - 1  # on the k-th active day after the first ticket

    # ---------------------------------------------------------------- active days (stage 4)
    stayers = np.flatnonzero(stage == 4)
    n_alive = np.maximum(last_alive[stayers] - act_day[stayers], 0)
    day_user = np.repeat(stayers.astype(np.int32), n_alive)
    day = np.repeat(act_day[stayers] + 1, n_alive) + rank_in_group(n_alive)
    p_active = u.engagement.astype(np.float32)[day_user] * _ACTIVE_DOW[day % 7]
    active = rng.random(day.size, dtype=np.float32) < p_active
    day_user, day = day_user[active], day[active]
    days_per_user = np.bincount(day_user, minlength=n)[stayers].astype(np.int64)
    upgrade_day = wants_upgrade[day_user] & (rank_in_group(days_per_user) == upgrade_rank[day_user])

    # ---------------------------------------------------------------- activity sessions
    # One to four sessions per active day; the first starts between 07:00 and 15:00 local (mean
    # about 10:20), each next one 20 min to 3 h after the previous one's planned start.
    per_day = (1 + choose(rng, _SESSIONS_P, day.size)).astype(np.int64)
    day_first = group_starts(per_day)
    n_act_s = int(per_day.sum())
    step = rng.integers(20 * MIN_US, 3 * HOUR_US, n_act_s)
    step[day_first] = ((7.0 + 8.0 * rng.beta(2.5, 3.5, day.size)) * HOUR_US).astype(np.int64)
    act_desired = cumsum_in_groups(step, per_day)
    act_user = np.repeat(day_user, per_day)
    act_upgrade = np.zeros(n_act_s, dtype=np.bool_)
    act_upgrade[(day_first + per_day - 1)[upgrade_day]] = True

    # ---------------------------------------------------------------- all sessions, in order
    # Per user: the signup session, the invite session (when the invite is not on the signup
    # day), the first-ticket session, then the activity sessions. Placing them by position
    # keeps them sorted by user and time without a sort.
    inviters = np.flatnonzero((stage >= 2) & (inv_day > u.day0))
    ticketers = np.flatnonzero(stage >= 3)
    has_inv = np.zeros(n, dtype=np.int64)
    has_inv[inviters] = 1
    has_act = np.zeros(n, dtype=np.int64)
    has_act[ticketers] = 1
    n_activity = np.bincount(act_user, minlength=n).astype(np.int64)
    per_user = 1 + has_inv + has_act + n_activity
    u_first = group_starts(per_user)
    n_s = int(per_user.sum())
    at_signup = u_first
    at_invite = u_first[inviters] + 1
    at_ticket = u_first[ticketers] + 1 + has_inv[ticketers]
    after = u_first + 1 + has_inv + has_act
    at_activity = after[act_user] + (np.arange(n_act_s) - group_starts(n_activity)[act_user])

    s_user = np.repeat(np.arange(n, dtype=np.int32), per_user)
    s_kind = np.empty(n_s, dtype=np.int8)
    s_day = np.empty(n_s, dtype=np.int64)
    desired = np.empty(n_s, dtype=np.int64)
    s_upgrade = np.zeros(n_s, dtype=np.bool_)
    signup_local = u.signup_us + u.offset_us - START_US - u.day0 * DAY_US
    later = rng.integers(10 * MIN_US, 6 * HOUR_US, n)  # first ticket after signup or invite
    s_kind[at_signup], s_day[at_signup], desired[at_signup] = KIND_SIGNUP, u.day0, signup_local
    inv_desired = local_hour_us(rng, inviters.size)
    s_kind[at_invite], s_day[at_invite], desired[at_invite] = (
        KIND_INVITE,
        inv_day[inviters],
        inv_desired,
    )
    t_day = act_day[ticketers]
    t_desired = local_hour_us(rng, ticketers.size)
    same_as_signup = t_day == u.day0[ticketers]
    t_desired[same_as_signup] = (
        signup_local[ticketers[same_as_signup]] + later[ticketers][same_as_signup]
    )
    inv_local = np.zeros(n, dtype=np.int64)
    inv_local[inviters] = inv_desired
    same_as_invite = (t_day == inv_day[ticketers]) & (inv_day[ticketers] > u.day0[ticketers])
    t_desired[same_as_invite] = (
        inv_local[ticketers[same_as_invite]] + later[ticketers][same_as_invite]
    )
    s_kind[at_ticket], s_day[at_ticket], desired[at_ticket] = KIND_ACTIVATION, t_day, t_desired
    s_kind[at_activity], s_day[at_activity], desired[at_activity] = (
        KIND_ACTIVITY,
        np.repeat(day, per_day),
        act_desired,
    )
    s_upgrade[at_activity] = act_upgrade
    s_platform = _session_platform(rng, u.platform[s_user])
    s_platform[at_signup] = u.platform

    # ---------------------------------------------------------------- events per session
    lam = rng.gamma(2.0, 0.35, n)
    n_actions = np.minimum(1 + rng.poisson(lam[s_user]), _MAX_ACTIONS)
    stg = stage[s_user]
    activation = s_kind == KIND_ACTIVATION
    n_actions[activation] = np.where(stg[activation] == 4, n_actions[activation] - 1, 0)
    n_actions[s_kind <= KIND_INVITE] = 0
    prefix = np.full((n_s, 3), -1, dtype=np.int8)
    prefix[:, 0] = SESSION_START
    signup_s = s_kind == KIND_SIGNUP
    prefix[signup_s, 0] = SIGNUP
    prefix[signup_s & (stg >= 1), 1] = WORKSPACE
    prefix[signup_s & (stg >= 2) & (inv_day[s_user] == s_day), 2] = INVITE
    prefix[s_kind == KIND_INVITE, 1] = INVITE
    prefix[activation, 1] = CREATE
    prefix[activation & (stg == 4), 2] = RESOLVE
    prefix_len = (prefix >= 0).sum(axis=1)  # prefixes have no holes: stages come in order
    n_ev = (prefix_len + n_actions + s_upgrade).astype(np.int64)
    first = group_starts(n_ev)
    n_e = int(n_ev.sum())
    gap = gaps_us(rng, n_e)
    gap[first] = 0
    duration = np.add.reduceat(gap, first)

    # Push overlapping sessions of the same user and local day forward, in order.
    new_group = np.r_[True, (s_user[1:] != s_user[:-1]) | (s_day[1:] != s_day[:-1])]
    s_rank = np.arange(n_s) - np.flatnonzero(new_group)[np.cumsum(new_group) - 1]
    start_local = desired
    for r in range(1, int(s_rank.max(initial=0)) + 1):
        idx = np.flatnonzero(s_rank == r)
        start_local[idx] = np.maximum(
            start_local[idx], start_local[idx - 1] + duration[idx - 1] + _SESSION_GAP_US
        )
    s_start = START_US + s_day * DAY_US + start_local - u.offset_us[s_user]

    # Event times: one running sum over all gaps, reset to the session start at each session.
    gap[first] = s_start - np.r_[0, s_start[:-1] + duration[:-1]]
    ev_time = np.cumsum(gap)
    ev_time -= ev_time % MS_US  # to the millisecond; gaps of >= 1 s keep times distinct
    del gap

    code = _ACTIONS[choose(rng, _ACTION_P, n_e)]
    for j in range(3):
        has = prefix_len > j
        code[first[has] + j] = prefix[has, j]
    code[(first + n_ev - 1)[s_upgrade]] = UPGRADE
    ev_platform = np.repeat(s_platform, n_ev)

    # ---------------------------------------------------------------- window end and incident
    keep = ev_time < END_US
    hit = np.flatnonzero(
        (code == CREATE) & (ev_platform == INCIDENT_PLATFORM) & (ev_time >= INCIDENT_US)
    )
    keep[hit[rng.random(hit.size) < INCIDENT_DROP]] = False

    # Session ids count the sessions that start inside the window, in (user, time) order.
    in_window = s_start < END_US
    session_id = np.cumsum(in_window, dtype=np.int64)
    ev_user = np.repeat(s_user, n_ev)[keep]
    ev_session = np.repeat(session_id, n_ev)[keep]
    ev_time, code, ev_platform = ev_time[keep], code[keep], ev_platform[keep]

    # ---------------------------------------------------------------- properties and versions
    prop = np.full(ev_time.size, -1, dtype=np.int16)
    creates = np.flatnonzero(code == CREATE)
    prop[creates] = choose(rng, _PRIORITY_P, creates.size)
    invites = np.flatnonzero(code == INVITE)
    prop[invites] = _PROP_INVITEES + u.invitees[ev_user[invites]] - 1
    upgrades = np.flatnonzero(code == UPGRADE)
    up_user = ev_user[upgrades]
    prop[upgrades] = (
        np.where(u.business[up_user], _PROP_BUSINESS, _PROP_TEAM) + u.seats[up_user] - 1
    )
    version = np.zeros(ev_time.size, dtype=np.int8)
    for release_day in RELEASE_DAYS[1:]:
        version += ev_time >= START_US + release_day * DAY_US
    version[ev_platform == WEB] = -1

    sessions = Sessions(
        user=s_user[in_window],
        day=s_day[in_window],
        kind=s_kind[in_window],
        platform=s_platform[in_window],
        start_us=s_start[in_window],
    )
    events = Events(
        user=ev_user,
        time_us=ev_time,
        code=code,
        platform=ev_platform,
        session=ev_session,
        version=version,
        prop=prop,
    )
    return World(users=u, sessions=sessions, events=events)


# The planted out-of-order step: a few users who create a workspace but never a first ticket of
# their own try the sample inbox first, filing one ticket between signup and create_workspace.
SAMPLE_TICKET_SHARE = 0.05


def plant_sample_tickets(world: World, rng: np.random.Generator) -> World:
    """Return the world with out-of-order ``create_ticket`` events planted in signup sessions.

    Of the users who reach ``create_workspace`` but never their own first ticket (stages 1 and
    2), :data:`SAMPLE_TICKET_SHARE` get one ``create_ticket`` halfway between their ``signup``
    and ``create_workspace`` events, in the same session. It is their only ticket, so a funnel
    ``signup -> create_workspace -> create_ticket`` counts them in "any order" and not in "this
    order" (instructors/PLANTED_FACTS.md). The Android incident applies to these events too.
    ``rng`` is a stream of its own: every other table stays as it was.
    """
    ev, u = world.events, world.users
    workspace = np.flatnonzero(ev.code == WORKSPACE)
    owner = ev.user[workspace]
    before = workspace - 1
    eligible = (
        (u.stage[owner] >= 1)
        & (u.stage[owner] <= 2)
        & (before >= 0)
        & (ev.code[np.maximum(before, 0)] == SIGNUP)
        & (ev.user[np.maximum(before, 0)] == owner)
    )
    chosen = workspace[eligible][rng.random(int(eligible.sum())) < SAMPLE_TICKET_SHARE]
    time = (ev.time_us[chosen - 1] + ev.time_us[chosen]) // 2
    time -= time % MS_US  # gaps are >= 1 s, so the time stays strictly between the two
    priority = choose(rng, _PRIORITY_P, chosen.size).astype(np.int16)
    platform = ev.platform[chosen]
    lost = (platform == INCIDENT_PLATFORM) & (time >= INCIDENT_US)
    kept = ~(lost & (rng.random(chosen.size) < INCIDENT_DROP))
    at = chosen[kept]
    events = Events(
        user=np.insert(ev.user, at, ev.user[at]),
        time_us=np.insert(ev.time_us, at, time[kept]),
        code=np.insert(ev.code, at, np.int8(CREATE)),
        platform=np.insert(ev.platform, at, platform[kept]),
        session=np.insert(ev.session, at, ev.session[at]),
        version=np.insert(ev.version, at, ev.version[at]),
        prop=np.insert(ev.prop, at, priority[kept]),
    )
    return World(users=world.users, sessions=world.sessions, events=events)
