"""Before/after impact bullets for IT and operations backgrounds, written for this kit.

Every "before" is the kind of duty line an IT or operations resume starts with; every "after"
rewrites the same work in Bock's "Accomplished X, as measured by Y, by doing Z" form. The people,
teams and numbers are illustrative: invented for teaching, not taken from any real person or
company. Write your own bullets with your own, true numbers.
"""

from __future__ import annotations

import pandas as pd

from pmkit import _validation as v

BACKGROUNDS: tuple[str, ...] = ("it", "ops")
"""The backgrounds :func:`example_pairs` covers: IT ("it") and operations ("ops")."""

ILLUSTRATIVE_NOTE = (
    "Illustrative examples written for pmkit: the numbers are invented for teaching and do not "
    "describe any real person or company."
)

# (background, topic, before, after, what changed)
_PAIRS: tuple[tuple[str, str, str, str, str], ...] = (
    (
        "it",
        "service desk",
        "Responsible for the service desk and resolving various tickets.",
        "Cut average ticket resolution time from 26 hours to 9 hours for 2,400 employees by "
        "routing password and access requests to a self-service portal.",
        "A duty became a result: the change in resolution time (26 h to 9 h), who it was for, "
        "and the method.",
    ),
    (
        "it",
        "sysadmin",
        "Worked on server patching.",
        "Automated monthly patching of 350 Linux servers with Ansible, shrinking the patch window "
        "from 3 weekends to 1 night.",
        "'Worked on' became a method verb, with the scope (350 servers) and a before/after "
        "measure.",
    ),
    (
        "it",
        "network",
        "Maintained network infrastructure across multiple sites.",
        "Replaced 40 end-of-life branch routers with SD-WAN over 5 months, cutting branch outages "
        "from 11 a quarter to 2 for 900 retail staff.",
        "'Maintained' became the change made; 'multiple sites' became a count; the outcome names "
        "who felt it.",
    ),
    (
        "it",
        "QA",
        "Performed manual regression testing for releases.",
        "Cut the regression cycle from 10 days to 2 by automating 1,200 test cases in the CI "
        "pipeline, letting the product team ship every 2 weeks instead of every quarter.",
        "Routine testing became a measured speed-up, with what it let the product team do.",
    ),
    (
        "it",
        "SRE / incident management",
        "Participated in the on-call rotation and incident response.",
        "Reduced P1 incident resolution from 4 hours to 50 minutes over 2 quarters by "
        "introducing an incident commander role and runbooks for the 15 noisiest alerts, so "
        "online customers waited less during outages.",
        "Taking part became owning a change: baseline and result, time span, method, and the "
        "customer effect.",
    ),
    (
        "it",
        "change management",
        "Helped with change management and CAB meetings.",
        "Cut failed changes from 14% to 4% of 300 monthly changes by adding automated pre-checks "
        "and peer review for high-risk changes.",
        "Meetings attended became the outcome of the process: the failure rate, before and after, "
        "and its volume.",
    ),
    (
        "it",
        "vendor / SLA management",
        "Managed relationships with various IT vendors.",
        "Renegotiated SLAs with 3 managed-service vendors, adding service credits that raised "
        "on-time incident response from 81% to 95% and saved $120K a year.",
        "'Managed relationships' became what the negotiation changed, measured twice (SLA met, "
        "money saved).",
    ),
    (
        "it",
        "database administration",
        "Monitored database performance and ran backups.",
        "Reduced report query times from 40 seconds to 3 for 250 finance analysts by adding "
        "indexes and a nightly summary table to the reporting database.",
        "Monitoring became a user-facing speed-up for a named group of users.",
    ),
    (
        "it",
        "cloud cost",
        "Optimized processes for cloud infrastructure.",
        "Lowered monthly cloud spend from $85K to $61K (-28%) by rightsizing 140 instances and "
        "scheduling test environments to shut down overnight.",
        "Process-speak became a money figure with its baseline and the two concrete changes.",
    ),
    (
        "it",
        "identity and access",
        "Handled access requests and user accounts.",
        "Shortened new-hire access setup from 3 days to 4 hours for 600 new employees a year by "
        "building role-based access templates in the identity platform.",
        "A queue of requests became a shorter wait for new employees, with the lever that "
        "shortened it.",
    ),
    (
        "it",
        "end-user computing",
        "Supported laptop deployments etc.",
        "Cut laptop setup time from 2 days to 30 minutes for 1,500 remote employees by moving to "
        "zero-touch enrollment with a standard image.",
        "'Supported ... etc.' became one measured improvement for a sized group of users.",
    ),
    (
        "it",
        "release engineering",
        "Was involved in the CI/CD pipeline migration.",
        "Migrated 45 services from a legacy build server to a shared CI pipeline in 4 months, "
        "cutting median deploy time from 50 minutes to 12 and letting developers release daily.",
        "Passive involvement became an owned migration with scope, time span, a measure and the "
        "effect on developers.",
    ),
    (
        "ops",
        "process redesign",
        "Streamlined operations in the accounts payable team.",
        "Cut invoice processing time from 9 days to 3 for 400 suppliers by replacing paper "
        "approvals with a 2-step digital workflow.",
        "'Streamlined operations' became which process, by how much, for whom, and how.",
    ),
    (
        "ops",
        "supply chain",
        "Responsible for supplier management and purchasing.",
        "Raised supplier on-time delivery from 82% to 94% across 25 key suppliers by introducing "
        "monthly scorecards and a joint forecast review.",
        "A job title's duties became one measured result with its method.",
    ),
    (
        "ops",
        "capacity planning",
        "Did capacity planning for peak season.",
        "Built a peak-season capacity model that added 2 temporary shifts 6 weeks ahead, keeping "
        "same-day dispatch at 97% vs 84% the year before across 3 warehouses.",
        "The plan became what it protected (same-day dispatch), compared with the previous peak.",
    ),
    (
        "ops",
        "warehouse",
        "Handled warehouse operations day-to-day.",
        "Cut order picking errors from 1.8% to 0.4% in 2 distribution centers by re-slotting the "
        "300 fastest-moving SKUs and adding scan-to-confirm at packing.",
        "Day-to-day handling became one error rate, before and after, and the two changes.",
    ),
    (
        "ops",
        "logistics",
        "Coordinated shipments with carriers.",
        "Lowered freight cost per order from $7.40 to $5.90 over 6 months by consolidating 4 "
        "regional carriers into 2 and switching to zone-based routing.",
        "Coordination became a unit-cost result with its baseline and the levers pulled.",
    ),
    (
        "ops",
        "contact center",
        "Assisted customers with their inquiries over the phone.",
        "Reduced customer hold time from 6 minutes to 90 seconds for a 45-agent contact center "
        "by adding a callback option and publishing answers to the top 10 call reasons.",
        "Assisting became a customer outcome (hold time) with the team's size and the fix.",
    ),
    (
        "ops",
        "inventory",
        "Participated in inventory counts.",
        "Introduced weekly cycle counting at 4 stores, lifting inventory accuracy from 90% to 98% "
        "and cutting out-of-stocks shoppers reported by half.",
        "Counting became a method that moved accuracy and what shoppers noticed.",
    ),
    (
        "ops",
        "procurement",
        "Worked on vendor contracts and purchasing etc.",
        "Renegotiated 18 office-supply and facilities contracts, saving $210K a year (12% of "
        "prior-year spend) with no change in service levels.",
        "Vague work became a saving stated in money and against last year's spend.",
    ),
    (
        "ops",
        "field service",
        "Scheduled technicians for field service visits.",
        "Redesigned field-technician routing for 60 technicians, raising first-visit fix rate "
        "from 71% to 86% so customers needed fewer repeat appointments.",
        "Scheduling became a redesign with a measured fix rate and the customer effect.",
    ),
    (
        "ops",
        "workforce scheduling",
        "Created shift schedules.",
        "Rebuilt the shift schedule for 120 warehouse associates around hourly demand, cutting "
        "overtime by 35% and late trucks from 9% to 3% in one quarter.",
        "Making schedules became what the new schedule changed, for how many people.",
    ),
    (
        "ops",
        "quality / lean",
        "Led various continuous improvement initiatives.",
        "Redesigned the packing line through 6 kaizen events, cutting rework from 5% to 1.5% and "
        "freeing 2 operators per shift for other stations.",
        "'Various initiatives' became one line, one measure and what the team gained.",
    ),
    (
        "ops",
        "HR operations",
        "Helped with new hire onboarding.",
        "Cut new-hire onboarding from 10 days to 4 for about 300 hires a year by replacing 14 "
        "paper forms with one online checklist.",
        "Helping became owning a measured change for a sized group, with the method.",
    ),
)


def example_pairs(background: str | None = None) -> pd.DataFrame:
    """Return before/after impact bullets for IT (``"it"``) or operations (``"ops"``) work.

    Columns: ``background``, ``topic``, ``before`` (a duty line), ``after`` (the same work in
    Bock's "Accomplished X, as measured by Y, by doing Z" form) and ``what_changed``. Every
    "before" fails :func:`~pmkit.resume.analyze_bullet` and every "after" passes it. The
    examples were written for this kit; their numbers are illustrative, not real (the frame's
    ``attrs["note"]`` says so too). ``background=None`` returns both.

    >>> pairs = example_pairs("ops")
    >>> len(pairs), sorted(set(pairs["background"]))
    (12, ['ops'])
    """
    if background is not None:
        v.choice("background", background, BACKGROUNDS)
    frame = pd.DataFrame(
        [row for row in _PAIRS if background is None or row[0] == background],
        columns=["background", "topic", "before", "after", "what_changed"],
    )
    frame.attrs["note"] = ILLUSTRATIVE_NOTE
    return frame
