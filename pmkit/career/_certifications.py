"""Five certifications people moving into product ask about, compared from the issuers' own pages.

Each entry (:class:`Certification`) says who issues it, what it covers, whether a course or an
exam is involved, time, cost and renewal **as published by the issuer**, what it signals to a
hiring manager and what it does not. Every fact comes from an issuer's page, named in
``source_url`` (the main page) and ``other_sources``, checked on ``checked_on``. Where the
issuer's pages did not confirm a figure, the entry says so (:data:`NOT_CONFIRMED`, "not
confirmed: see the issuer's page") rather than quote a training company's or a blog's number;
where the issuer's page could not be checked at all (Google's), it says that instead
(:data:`COULD_NOT_CHECK`). ``issuer_url`` is the page a learner should open before paying.

For maintainers: the pages were read from stored copies (``stored_copy``), not live, and the
stored copies show no date of their own, so ``stored_copy_date`` is empty. Learners see "checked
on 7 December 2026"; the fields keep how it was checked. Some addresses are the stored pages'
own: Scrum.org's repeats path segments, and Pragmatic Institute's is an FAQ on the site of its
earlier name (its ``source_caveat`` says so to learners). No stored copy of Scrum.org's
canonical PSPO I page could be found to confirm it, so the stored address stays until someone
can check that page.

The kit endorses none of these and quotes no statistics about them: no certificate here comes
with a number for how much it changes anyone's chances, and the kit does not invent one. The
list is in no order of preference.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date

import pandas as pd

CHECKED_ON = date(2026, 12, 7)
"""The date the issuers' pages were checked (from stored copies; see the module docstring)."""

NOT_CONFIRMED = "not confirmed: see the issuer's page"
"""What an entry says where the issuer's pages we checked did not confirm a figure. (The name
is older than the wording; it is kept because it is part of the pinned public API.)"""

COULD_NOT_CHECK = "we could not check the issuer's page"
"""What an entry says where the issuer's page itself could not be checked, so nothing on it
could be confirmed (the Google certificate)."""

DISCIPLINES: tuple[str, ...] = ("product management", "project management")
"""What a certification is about. Product management decides what to build and why; project
management delivers an agreed piece of work on time and on budget. Scrum's Product Owner is a
product role."""


@dataclass(frozen=True)
class CertificationSource:
    """A page an entry relies on, and what it supports."""

    url: str
    supports: str


@dataclass(frozen=True)
class Certification:
    """One certification, as its issuer publishes it.

    ``discipline`` is one of :data:`DISCIPLINES`. ``course_required``, ``exam``, ``time``,
    ``cost`` and ``renewal`` are short texts that either state what the issuer published or say
    :data:`NOT_CONFIRMED`. ``source_url`` is the issuer's page the entry rests on, and
    ``source_caveat`` what a learner should know about that page (empty if nothing);
    ``stored_copy`` records, for maintainers, whether a stored copy of it could be read (if
    not, ``time`` and ``cost`` must say :data:`COULD_NOT_CHECK`). ``issuer_url`` is the
    issuer's site, to check before paying.
    """

    key: str
    name: str
    abbreviation: str
    issuer: str
    issuer_url: str
    discipline: str
    covers: str
    course_required: str
    exam: str
    time: str
    cost: str
    renewal: str
    signals: str
    does_not_signal: str
    source_url: str
    stored_copy: bool
    source_caveat: str = ""
    checked_on: date = CHECKED_ON
    stored_copy_date: date | None = None
    other_sources: tuple[CertificationSource, ...] = ()

    def __post_init__(self) -> None:
        if self.discipline not in DISCIPLINES:
            raise ValueError(f"discipline must be one of {DISCIPLINES}; got {self.discipline!r}")
        for item in fields(self):
            value = getattr(self, item.name)
            optional = item.name in ("abbreviation", "source_caveat")
            if isinstance(value, str) and not value.strip() and not optional:
                raise ValueError(f"{self.key}: {item.name} must not be empty")
        if not self.stored_copy:
            unchecked = [n for n in ("time", "cost") if COULD_NOT_CHECK not in getattr(self, n)]
            if unchecked:
                raise ValueError(
                    f"{self.key}: with no stored copy of the issuer's page, "
                    f'{" and ".join(unchecked)} must say "{COULD_NOT_CHECK}"'
                )

    @property
    def source(self) -> str:
        """The page the facts come from, with what to know about it (for a table cell)."""
        return (
            f"{self.source_url} ({self.source_caveat})" if self.source_caveat else self.source_url
        )

    @property
    def source_note(self) -> str:
        """Say where the facts come from, when they were checked, and to check again.

        >>> print(CERTIFICATIONS[-1].source_note)  # doctest: +NORMALIZE_WHITESPACE
        We could not check the issuer's page, https://grow.google/certificates/project-management/,
        on 7 December 2026, so no figure is quoted; prices change, check before paying.
        """
        checked = f"{self.checked_on.day} {self.checked_on:%B %Y}"
        if self.stored_copy:
            return (
                f"As published on {self.source}, checked on {checked}; prices change, check "
                "before paying."
            )
        return (
            f"We could not check the issuer's page, {self.source_url}, on {checked}, so no "
            "figure is quoted; prices change, check before paying."
        )


_CSPO = Certification(
    key="cspo",
    name="Certified Scrum Product Owner",
    abbreviation="CSPO",
    issuer="Scrum Alliance",
    issuer_url="https://www.scrumalliance.org/",
    discipline="product management",
    covers="The Product Owner role in Scrum. Scrum Alliance's certification rules as filed "
    "with IP Australia (undated in the copy we read; today's wording may differ) list five "
    "areas of learning objectives: the Product Owner's role, describing purpose and strategy, "
    "understanding customers and users, testing product assumptions, and working with the "
    "Product Backlog.",
    course_required="Yes. The certificate follows a CSPO course with a Scrum Alliance trainer, "
    "who reports that you completed it; you then accept a licence agreement.",
    exam="None is mentioned on the issuer's pages we could check: the trainer's report that "
    "you completed the course leads to the certificate.",
    time="A two-day course, as the issuer's page calls it; its rules for trainers ask for at "
    "least 16 hours of instruction.",
    cost=f"Course fee set by the trainer who sells the course; amount {NOT_CONFIRMED}.",
    renewal="Valid for two years. Renewal: USD 100 and 20 Scrum Education Units (one hour of "
    "learning each) every two years, as published in Scrum Alliance's renewal table.",
    signals="Structured training on the Product Owner role and fluency in Scrum's vocabulary "
    "(backlog, sprint, increment): useful on teams that run Scrum, and where a posting names "
    "the CSPO.",
    does_not_signal="That you can do product work. It is awarded for completing a course, "
    "with no exam on the pages we checked, so it says nothing about your judgement, your "
    "discovery or your results.",
    source_url="https://scrumalliance.org/get-certified/practitioners/cspo-certification/"
    "becoming-a-certified-scrum-product-owner%C2%AE",
    stored_copy=True,
    other_sources=(
        CertificationSource(
            "https://certification.scrumalliance.org/renewal-requirements",
            "renewal: USD 100 and 20 SEUs at the foundational level",
        ),
        CertificationSource(
            "https://www.scrumalliance.org/get-certified/renewing-certifications",
            "one hour of learning equals one Scrum Education Unit",
        ),
        CertificationSource(
            "https://scrumalliance.smapply.io/prog/cspo_or_csm_course_submission_by_cst",
            "trainers' course submissions must detail at least 16 hours of instruction",
        ),
        CertificationSource(
            "https://www.ipaustralia.gov.au/tools-resources/certification-rules/1659206",
            "the certification rules Scrum Alliance filed: course completion and its five "
            "areas of learning objectives",
        ),
    ),
)

_PSPO = Certification(
    key="pspo_i",
    name="Professional Scrum Product Owner I",
    abbreviation="PSPO I",
    issuer="Scrum.org",
    issuer_url="https://www.scrum.org/",
    discipline="product management",
    covers="The Product Owner accountability in Scrum. In the issuer's words, passing shows "
    "'an intermediate understanding of the Scrum framework, and how to apply it to maximize "
    "the value delivered with a product'.",
    course_required="Not according to the issuer's page we could check: it describes the "
    "certificate as the result of passing the assessment and names no required course.",
    exam="Yes: an online assessment, started with an assessment password; passing it gives "
    "the certificate, and the issuer keeps a public list of certificate holders. Number of "
    f"questions, time limit and pass mark {NOT_CONFIRMED}.",
    time=f"Preparation is up to you. Assessment length {NOT_CONFIRMED}.",
    cost=f"Assessment fee {NOT_CONFIRMED}.",
    renewal=NOT_CONFIRMED,
    signals="You passed a test of Scrum and product-ownership knowledge, which an employer "
    "can confirm on the issuer's public list of certificate holders.",
    does_not_signal="That you have owned a product or made a good product decision: it tests "
    "knowledge of a framework, not work you did. Outside teams that run Scrum it says little.",
    # The stored page's own address, repeated segments and all (see the module docstring).
    source_url="https://www.scrum.org/Assessments/Professional-Scrum-Product-Owner-Assessments/"
    "Professional-Scrum-Product-Owner-Assessments/Professional-Scrum-Product-Owner-Assessments/"
    "Professional-Scrum-Product-Owner-Assessments/PSPO-I-Assessment",
    stored_copy=True,
)

_PRAGMATIC = Certification(
    key="pragmatic",
    name="Pragmatic Institute certification (PMC levels)",
    abbreviation="PMC",
    issuer="Pragmatic Institute (formerly Pragmatic Marketing)",
    issuer_url="https://www.pragmaticinstitute.com/",
    discipline="product management",
    covers="Pragmatic's own framework for product management and product marketing, one "
    "course at a time: each exam passed after a core course adds a level, from PMC-I up to "
    "PMC-VI in the version of the FAQ we could check (published under the earlier name, "
    "Pragmatic Marketing; the current scheme may differ).",
    course_required="Yes: the exam is taken at the end of each course; the FAQ describes no "
    "other way to sit it.",
    exam="Yes: during the last half hour of the course, with no additional fee or separate "
    "registration, as published in the issuer's FAQ.",
    time=f"Course length {NOT_CONFIRMED}. The exam takes the course's last half hour.",
    cost=f"Course fees {NOT_CONFIRMED}. The exam costs nothing beyond the course, per the FAQ.",
    renewal=NOT_CONFIRMED,
    signals="You have learned one training company's product management framework and its "
    "vocabulary: useful at companies that use that framework and name it in postings.",
    does_not_signal="The issuer's FAQ says it: certification does not substitute for actual "
    "product management or marketing experience, does not teach or test all that is needed to "
    "become a qualified product manager, and involves no on-the-job performance testing.",
    source_url="http://pragmaticmarketing.com/certification/certification-faq",
    stored_copy=True,
    source_caveat="an FAQ from the company's earlier name, Pragmatic Marketing: it may be out "
    "of date",
)

_AIPMM = Certification(
    key="aipmm_cpm",
    name="Certified Product Manager",
    abbreviation="CPM",
    issuer="AIPMM (Association of International Product Marketing and Management)",
    issuer_url="https://aipmm.com/",
    discipline="product management",
    covers="Product management, from a professional association; AIPMM issues separate "
    "credentials for product marketing and other roles (its voucher terms list CPM, CPMM, "
    f"CBM, CIL, ACPMPO and CDPM exams). Syllabus {NOT_CONFIRMED}.",
    course_required=NOT_CONFIRMED,
    exam="Yes: you buy an exam voucher for one specific exam, valid for one year from "
    "purchase, non-refundable, with two attempts; an appointment can be rescheduled twice "
    "free, by email at least 48 hours ahead, per AIPMM's support pages. Length and pass mark "
    f"{NOT_CONFIRMED}.",
    time=f"You have one year from buying a voucher to sit the exam. Exam length {NOT_CONFIRMED}.",
    cost=f"Voucher price {NOT_CONFIRMED}.",
    renewal=NOT_CONFIRMED,
    signals="You passed an exam on product management knowledge set by a professional association.",
    does_not_signal="That you have done product work: an exam checks what you know, not what "
    "you shipped. The letters CPM also stand for other credentials (in property and general "
    "management), so write the name out.",
    source_url="https://aipmm.freshdesk.com/support/solutions/articles/11000124760-what-do-i-do"
    "-if-my-certification-has-expired-can-i-extend-it-",
    stored_copy=True,
    other_sources=(
        CertificationSource(
            "http://aipmm.freshdesk.com/support/solutions/articles/11000120678-how-do-i-"
            "reschedule-my-exam-appointment-",
            "exam appointments: changes by email 48 hours ahead, two free reschedules per voucher",
        ),
    ),
)

_GOOGLE = Certification(
    key="google_pm",
    name="Google Project Management Certificate",
    abbreviation="",
    issuer="Google (Google Career Certificates)",
    issuer_url="https://grow.google/certificates/project-management/",
    discipline="project management",
    covers="Project management, not product management: planning and delivering an agreed "
    "piece of work on time and on budget. IT people often take it for a product credential. "
    f"Syllabus: {COULD_NOT_CHECK}.",
    course_required=COULD_NOT_CHECK,
    exam=COULD_NOT_CHECK,
    time=COULD_NOT_CHECK,
    cost=COULD_NOT_CHECK,
    renewal=COULD_NOT_CHECK,
    signals="Structured learning of project management basics: relevant to project, "
    "programme or delivery roles, and to the delivery side of a PM's work.",
    does_not_signal="Product management skill: deciding what to build, for whom and why. "
    "Listed as a product qualification, it can suggest you do not know the difference, so if "
    "you list it, name it for what it is.",
    source_url="https://grow.google/certificates/project-management/",
    stored_copy=False,
)

CERTIFICATIONS: tuple[Certification, ...] = (_CSPO, _PSPO, _PRAGMATIC, _AIPMM, _GOOGLE)
"""The five certifications, in no order of preference."""

_COLUMNS = (
    "name",
    "abbreviation",
    "issuer",
    "discipline",
    "covers",
    "course_required",
    "exam",
    "time",
    "cost",
    "renewal",
    "signals",
    "does_not_signal",
    "issuer_url",
    "source_url",
    "source_caveat",
    "source",
    "checked_on",
    "source_note",
)


def certification_table() -> pd.DataFrame:
    """Return :data:`CERTIFICATIONS` as a table, one row per certification.

    Columns: ``name``, ``abbreviation``, ``issuer``, ``discipline``, ``covers``,
    ``course_required``, ``exam``, ``time``, ``cost``, ``renewal``, ``signals``,
    ``does_not_signal``, ``issuer_url`` (the page to check before paying), ``source_url``,
    ``source_caveat``, ``source`` (the two together), ``checked_on`` and ``source_note``.

    >>> table = certification_table()
    >>> table.loc[table["discipline"] == "project management", "name"].tolist()
    ['Google Project Management Certificate']
    """
    return pd.DataFrame(
        [{column: getattr(c, column) for column in _COLUMNS} for c in CERTIFICATIONS],
        columns=list(_COLUMNS),
    )
