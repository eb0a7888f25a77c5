"""Revenue, survey and support tables derived from the simulated world (numpy, no IO).

Each function returns the columns of one table as numpy arrays keyed by column name; user
columns hold the user's index (0-based) and are turned into ``u0000001``-style ids when the
table is written. Times are UTC microseconds; ``NAT`` marks a missing time.
"""

from __future__ import annotations

import numpy as np

from pmkit.datasets._world import (
    _PROP_BUSINESS,
    ANDROID,
    BILLING_PERIOD_DAYS,
    DAY_US,
    END_US,
    F64,
    HOUR_US,
    I8,
    I64,
    INCIDENT_US,
    KIND_ACTIVATION,
    KIND_ACTIVITY,
    MIN_US,
    MS_US,
    PRICE_PER_SEAT_USD,
    SEC_US,
    START_US,
    UPGRADE,
    WEB,
    Events,
    World,
    choose,
    local_hour_us,
    rank_in_group,
)

NAT = np.iinfo(np.int64).min
Columns = dict[str, np.ndarray]

_CHANNEL_NPS = np.array(
    [0.0, -0.2, -0.8, 0.6, 0.3]
)  # organic, paid search, social, referral, partner
NPS_WAVES_DAYS = (30, 120)  # surveyed on the first active day at least this long after signup
NPS_RESPONSE_RATE = 0.35
NPS_INCIDENT_PENALTY = 1.6  # points off the latent score for Android answers after 4.2.0

TICKET_CATEGORIES = ("how_to", "bug", "billing", "integrations", "account", "mobile_app")
_CATEGORY_P = (0.32, 0.20, 0.10, 0.14, 0.14, 0.10)
TICKET_PRIORITIES = ("low", "normal", "high", "urgent")
TICKET_CHANNELS = ("email", "chat", "web_form")
_FIRST_RESPONSE_MEDIAN_MIN = np.array([240.0, 120.0, 45.0, 15.0])  # by priority
_WEEKEND_RESPONSE_FACTOR = 2.5
_RESOLUTION_MEDIAN_H = np.array([3.0, 30.0, 6.0, 20.0, 4.0, 40.0])  # by category
TICKET_RATE = 0.012  # chance that a session leads to a support ticket
INCIDENT_TICKET_RATE = 0.05  # extra chance for Android sessions after 4.2.0 (mobile_app tickets)


def subscriptions(world: World, rng: np.random.Generator) -> Columns:
    """One subscription per upgrade event; it ends the day after the user churns."""
    ev, u = world.events, world.users
    at = np.flatnonzero(ev.code == UPGRADE)
    user = ev.user[at].astype(np.int64)
    start = ev.time_us[at]
    business = u.business[user]
    seats = u.seats[user].astype(np.int64)
    mrr = seats * np.where(business, PRICE_PER_SEAT_USD["business"], PRICE_PER_SEAT_USD["team"])
    end_day = u.last_alive[user] + 1
    end = START_US + end_day * DAY_US + local_hour_us(rng, user.size) - u.offset_us[user]
    ended = ~u.sticky[user] & (end < END_US)
    order = np.argsort(start, kind="stable")
    return {
        "subscription_id": np.arange(1, user.size + 1, dtype=np.int64),
        "user": user[order],
        "plan": business[order].astype(np.int8) + 1,  # index into PLANS
        "seats": seats[order],
        "start_us": start[order],
        "end_us": np.where(ended, end, NAT)[order],
        "mrr_usd": mrr[order],
    }


# The planted plan switches: some team subscribers move to the business plan mid-way.
PLAN_SWITCH_SHARE = 0.15
_SWITCH_MIN_DAYS = 14  # a switch comes at least this long after the team subscription started


def switch_plans(world: World, subs: Columns, rng: np.random.Generator) -> tuple[World, Columns]:
    """Return the world and subscriptions with planted team-to-business plan switches.

    :data:`PLAN_SWITCH_SHARE` of the team subscriptions with events of their user at least
    ``_SWITCH_MIN_DAYS`` days after they start (and before they end) switch to the business
    plan in one of those sessions: an ``upgrade`` event (business, same seats) is added half a
    second after an event drawn from them; the team subscription ends at that moment and a
    business one (the business price) starts at it and ends when the team one would have. The
    user is a subscriber throughout, so a churn rate that counts users (not subscriptions) does
    not count them (instructors/PLANTED_FACTS.md). ``rng`` is a stream of its own.
    """
    ev = world.events
    start = subs["start_us"]
    stop = np.where(subs["end_us"] == NAT, END_US, np.minimum(subs["end_us"], END_US))
    earliest = start + _SWITCH_MIN_DAYS * DAY_US
    eligible = np.flatnonzero((subs["plan"] == 1) & (stop > earliest))
    drawn = eligible[rng.random(eligible.size) < PLAN_SWITCH_SHARE]
    bounds = np.searchsorted(ev.user, np.arange(world.users.day0.size + 1))
    chosen: list[int] = []
    after: list[int] = []
    for i in drawn.tolist():
        lo, hi = bounds[subs["user"][i]], bounds[subs["user"][i] + 1]
        times = ev.time_us[lo:hi]
        first = lo + int(np.searchsorted(times, earliest[i]))
        last = lo + int(np.searchsorted(times, stop[i]))  # events before the subscription stops
        if last > first:
            chosen.append(i)
            after.append(first + int(rng.integers(last - first)))
    picked, event = np.array(chosen, dtype=np.int64), np.array(after, dtype=np.int64)
    at = ev.time_us[event] + 500 * MS_US  # gaps between events are at least 1 s
    seats = subs["seats"][picked]
    upgrade_prop = (_PROP_BUSINESS + seats - 1).astype(np.int16)
    ins = event + 1
    events = Events(
        user=np.insert(ev.user, ins, ev.user[event]),
        time_us=np.insert(ev.time_us, ins, at),
        code=np.insert(ev.code, ins, np.int8(UPGRADE)),
        platform=np.insert(ev.platform, ins, ev.platform[event]),
        session=np.insert(ev.session, ins, ev.session[event]),
        version=np.insert(ev.version, ins, ev.version[event]),
        prop=np.insert(ev.prop, ins, upgrade_prop),
    )
    user = np.concatenate([subs["user"], subs["user"][picked]])
    plan = np.concatenate([subs["plan"], np.full(picked.size, 2, dtype=subs["plan"].dtype)])
    start_all = np.concatenate([start, at])
    end_old = subs["end_us"].copy()
    end_new = end_old[picked]
    end_old[picked] = at
    end_all = np.concatenate([end_old, end_new])
    mrr = np.concatenate([subs["mrr_usd"], seats * PRICE_PER_SEAT_USD["business"]])
    order = np.argsort(start_all, kind="stable")
    switched = {
        "subscription_id": np.arange(1, user.size + 1, dtype=np.int64),
        "user": user[order],
        "plan": plan[order],
        "seats": np.concatenate([subs["seats"], seats])[order],
        "start_us": start_all[order],
        "end_us": end_all[order],
        "mrr_usd": mrr[order],
    }
    return World(users=world.users, sessions=world.sessions, events=events), switched


def payments(subs: Columns) -> Columns:
    """Return a payment of the subscription's MRR at its start and every 30 days it runs."""
    period = BILLING_PERIOD_DAYS * DAY_US
    stop = np.where(subs["end_us"] == NAT, END_US, np.minimum(subs["end_us"], END_US))
    count = np.maximum((stop - subs["start_us"] + period - 1) // period, 0).astype(np.int64)
    which = np.repeat(np.arange(count.size), count)
    time = subs["start_us"][which] + rank_in_group(count) * period
    order = np.argsort(time, kind="stable")
    return {
        "payment_id": np.arange(1, which.size + 1, dtype=np.int64),
        "subscription_id": subs["subscription_id"][which][order],
        "user": subs["user"][which][order],
        "time_us": time[order],
        "amount_usd": subs["mrr_usd"][which][order],
    }


def current_plan(world: World, subs: Columns) -> I8:
    """Each user's plan at the end of the data: the running subscription's, else free (0)."""
    plan = np.zeros(world.users.day0.size, dtype=np.int8)
    running = subs["end_us"] == NAT
    plan[subs["user"][running]] = subs["plan"][running]
    return plan


def _first_per_user(user: np.ndarray, candidates: I64) -> I64:
    """Among candidate rows (sorted by user, then time), the first row of each user."""
    if candidates.size == 0:
        return candidates
    cu = user[candidates]
    return candidates[np.r_[True, cu[1:] != cu[:-1]]]


def nps_responses(world: World, rng: np.random.Generator, paying: np.ndarray) -> Columns:
    """In-app NPS survey on the first active day 30 and 120 days after signup; 35% answer.

    The latent score rises with the user's engagement, differs by channel, is higher for paying
    users and drops for answers given in the Android app after release 4.2.0.
    """
    s, u = world.sessions, world.users
    since = s.day - u.day0[s.user]
    waves = [
        _first_per_user(s.user, np.flatnonzero((s.kind == KIND_ACTIVITY) & (since >= wave)))
        for wave in NPS_WAVES_DAYS
    ]
    at = np.unique(np.concatenate(waves))
    at = at[rng.random(at.size) < NPS_RESPONSE_RATE]
    user = s.user[at].astype(np.int64)
    time = s.start_us[at] + rng.integers(20 * SEC_US, 10 * MIN_US, at.size)
    platform = s.platform[at]
    latent = (
        7.9
        + 3.0 * (u.engagement[user] - 0.45)
        + _CHANNEL_NPS[u.channel[user]]
        + 0.5 * paying[user]
        - NPS_INCIDENT_PENALTY * ((platform == ANDROID) & (time >= INCIDENT_US))
        + rng.normal(0.0, 2.0, at.size)
    )
    score = np.clip(np.rint(latent), 0, 10).astype(np.int64)
    keep = time < END_US
    order = np.argsort(time[keep], kind="stable")
    return {
        "response_id": np.arange(1, int(keep.sum()) + 1, dtype=np.int64),
        "user": user[keep][order],
        "time_us": time[keep][order],
        "score": score[keep][order],
        "platform": platform[keep][order],
    }


def support_tickets(world: World, rng: np.random.Generator) -> Columns:
    """Tickets that customers file with HelpHarbor's own support team.

    A session after the first ticket leads to a support ticket with probability 1.2%; Android
    sessions after release 4.2.0 add 5% of ``mobile_app`` tickets. First response times are
    log-normal with a median by priority, 2.5 times longer for tickets created on a weekend
    (UTC); resolution takes a log-normal time with a median by category.
    """
    s = world.sessions
    eligible = (s.kind == KIND_ACTIVATION) | (s.kind == KIND_ACTIVITY)
    base = np.flatnonzero(eligible & (rng.random(s.kind.size) < TICKET_RATE))
    incident = np.flatnonzero(
        eligible
        & (s.platform == ANDROID)
        & (s.start_us >= INCIDENT_US)
        & (rng.random(s.kind.size) < INCIDENT_TICKET_RATE)
    )
    at = np.concatenate([base, incident])
    category = np.concatenate(
        [choose(rng, _CATEGORY_P, base.size), np.full(incident.size, 5, dtype=np.int8)]
    )
    created = s.start_us[at] + rng.integers(MIN_US, 25 * MIN_US, at.size)
    keep = created < END_US
    at, category, created = at[keep], category[keep], created[keep]
    order = np.argsort(created, kind="stable")
    at, category, created = at[order], category[order], created[order]
    n = at.size

    severe = (category == 1) | (category == 5)
    priority = np.where(
        severe, choose(rng, (0.15, 0.45, 0.30, 0.10), n), choose(rng, (0.35, 0.45, 0.17, 0.03), n)
    ).astype(np.int8)
    weekend = ((created - START_US) // DAY_US) % 7 >= 5
    median_min = _FIRST_RESPONSE_MEDIAN_MIN[priority] * np.where(
        weekend, _WEEKEND_RESPONSE_FACTOR, 1.0
    )
    first_min = np.round(median_min * np.exp(rng.normal(0.0, 0.7, n)), 1)
    responded = created + (first_min * MIN_US).astype(np.int64)
    resolve_h = _RESOLUTION_MEDIAN_H[category] * np.exp(rng.normal(0.0, 0.9, n))
    resolved = responded + (resolve_h * HOUR_US).astype(np.int64)
    total_h = (resolved - created) / HOUR_US
    csat = np.clip(np.rint(4.7 - 0.35 * np.log1p(total_h) + rng.normal(0.0, 0.8, n)), 1, 5)
    answered_csat = (rng.random(n) < 0.4) & (resolved < END_US)
    return {
        "ticket_id": np.arange(1, n + 1, dtype=np.int64),
        "user": s.user[at].astype(np.int64),
        "created_us": created,
        "first_response_minutes": np.where(responded < END_US, first_min, np.nan),
        "resolved_us": np.where(resolved < END_US, resolved, NAT),
        "priority": priority,
        "category": category,
        "channel": choose(rng, (0.45, 0.30, 0.25), n),
        "csat_score": np.where(answered_csat, csat, np.nan),
    }


# ---------------------------------------------------------------------------- experiments
# Each experiment exposes stage-4 users on their first active day inside its window (and at
# least 14 days after signup), splits them 50/50, and records the workspace's tickets resolved
# per day for 14 days before (pre-period, summed) and 14 days after exposure.
EXPERIMENT_DAYS = 14


def _daily_values(
    rng: np.random.Generator,
    active_p: F64,
    rate: F64,
    first_day: I64,
    lift_active: F64,
    lift_rate: F64,
    hazard: F64,
) -> F64:
    """Workspace tickets resolved per day since ``first_day``.

    Each day the workspace goes dormant for good with probability ``hazard``; until then it is
    active with ``active_p`` times the weekday factor (times ``lift_active``), and an active
    day resolves 1 + Poisson(``rate`` x ``lift_rate``) tickets.
    """
    n_days = lift_active.shape[-1]
    days = first_day[:, None] + np.arange(n_days)[None, :]
    weekday = np.array([1.0, 1.0, 0.98, 0.96, 0.86, 0.22, 0.16])[days % 7]
    p = np.clip(active_p[:, None] * weekday * lift_active, 0.0, 1.0)
    alive = np.arange(n_days)[None, :] < rng.geometric(hazard)[:, None]
    active = alive & (rng.random(p.shape) < p)
    return np.where(active, 1 + rng.poisson(rate[:, None] * lift_rate), 0).astype(np.float64)


def experiment(
    world: World,
    rng: np.random.Generator,
    window: tuple[int, int],
    lift_active: F64,
    lift_rate: F64,
    hazard_ratio: float = 1.0,
    lost_treatment_app: float = 0.0,
) -> Columns:
    """Return assignments and daily outcomes of one experiment (lifts by day since exposure)."""
    s, u = world.sessions, world.users
    since_signup = s.day - u.day0[s.user]
    at = _first_per_user(
        s.user,
        np.flatnonzero(
            (s.kind == KIND_ACTIVITY)
            & (s.day >= window[0])
            & (s.day < window[1])
            & (since_signup >= EXPERIMENT_DAYS)
        ),
    )
    user = s.user[at].astype(np.int64)
    treatment = rng.random(at.size) < 0.5
    active_p = np.clip(0.05 + 0.45 * u.engagement[user], 0.0, 0.95)
    rate = rng.gamma(2.0, 1.2, at.size) * (1 + 0.3 * u.invitees[user])
    hazard = np.where(u.sticky[user], 0.01, 0.06)
    ones = np.ones(EXPERIMENT_DAYS)
    pre = _daily_values(
        rng, active_p, rate, s.day[at] - EXPERIMENT_DAYS, ones, ones, np.full(at.size, 1e-9)
    ).sum(axis=1)
    post = np.where(
        treatment[:, None],
        _daily_values(
            rng, active_p, rate, s.day[at], lift_active, lift_rate, hazard * hazard_ratio
        ),
        _daily_values(rng, active_p, rate, s.day[at], ones, ones, hazard),
    )
    logged = np.ones(at.size, dtype=np.bool_)
    if lost_treatment_app:  # treatment exposures in the iOS and Android apps not logged
        lost = treatment & (s.platform[at] != WEB)
        logged &= ~(lost & (rng.random(at.size) < lost_treatment_app))
    return {
        "user": user[logged],
        "treatment": treatment[logged],
        "assigned_us": s.start_us[at][logged],
        "platform": s.platform[at][logged],
        "pre_period_value": pre[logged],
        "daily": post[logged],
        "converted": (post[logged][:, 7:] > 0).any(axis=1),
    }


def novelty_lift(days: np.ndarray, early: float, late: float, half_life: float) -> F64:
    """Multiplier 1 + late + early * 0.5 ** (day / half_life): big at first, fading."""
    return 1.0 + late + early * 0.5 ** (np.asarray(days, dtype=np.float64) / half_life)
