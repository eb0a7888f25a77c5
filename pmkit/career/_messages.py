"""Outreach craft: first-message templates, informational-interview questions, what not to ask.

The outreach funnel (:mod:`pmkit.career._outreach`) shows where a search leaks; this module
helps with what goes into it. Four templates cover the messages a search through people needs:

* ``cold_contact``: a first message to a product manager you have not met;
* ``referral_ask``: asking someone you know to refer you for a posted role;
* ``follow_up``: one follow-up after no reply;
* ``thank_you``: a thank-you that turns one conversation into the next.

Each template is a record (:class:`OutreachTemplate`): a subject and a body with ``{field}``
placeholders, what each field asks you to write and why it is worth personalising, length
guidance, and two filled-in examples, one from an IT background and one from operations (the
people and companies are invented). :func:`fill_template` fills a template from named fields
and refuses a missing or blank field, naming it.

The question bank (:data:`INFORMATIONAL_QUESTIONS`) has twenty questions for an informational
interview in four groups. Following Rob Fitzpatrick's *The Mom Test*, every question but the
closing request asks about something that happened, not about what the person would do: even
the advice questions ask what they have seen or done. :data:`QUESTIONS_TO_AVOID` lists what
not to ask, why, and what to ask instead. The templates and questions are written for the
kit.
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import pandas as pd

BACKGROUNDS: tuple[str, ...] = ("it", "ops")
"""The backgrounds every template has a worked example for: IT, and operations."""


@dataclass(frozen=True)
class TemplateField:
    """One placeholder of a template: what to write in it and, if it is personal, why."""

    name: str
    prompt: str
    why: str = ""

    @property
    def personal(self) -> bool:
        """True for a field worth personalising (it says why); False for your name and the like."""
        return bool(self.why)


@dataclass(frozen=True)
class TemplateExample:
    """A filled-in example: who writes to whom, and the value of every field."""

    background: str
    sender: str
    values: Mapping[str, str]


def _placeholders(*texts: str) -> tuple[str, ...]:
    """Return the ``{field}`` names in the texts, in order of first appearance."""
    names: list[str] = []
    for text in texts:
        for _, name, spec, conversion in string.Formatter().parse(text):
            if name is None:
                continue
            if not name.isidentifier() or spec or conversion:
                raise ValueError(
                    f"placeholders must be plain {{names}}; got {{{name}}} in {text!r}"
                )
            if name not in names:
                names.append(name)
    return tuple(names)


_WORD = re.compile(r"\S+")
_BACKGROUND_LABELS = {"it": "an IT background", "ops": "an operations background"}


def _cell(text: str) -> str:
    """Return text safe for a Markdown table cell."""
    return text.replace("|", "\\|").replace("\n", " ")


def _words(text: str) -> int:
    return len(_WORD.findall(text))


@dataclass(frozen=True)
class OutreachMessage:
    """A filled template: its subject and body; ``str()`` gives the message ready to paste."""

    template: str
    subject: str
    body: str
    max_words: int

    @property
    def words(self) -> int:
        """The number of words in the body."""
        return _words(self.body)

    @property
    def too_long(self) -> bool:
        """True when the body is longer than the template's length guidance."""
        return self.words > self.max_words

    def __str__(self) -> str:
        return f"Subject: {self.subject}\n\n{self.body}"


@dataclass(frozen=True)
class OutreachTemplate:
    """A message template with its guidance.

    ``subject`` and ``body`` hold ``{field}`` placeholders; ``fields`` describes every one of
    them, in the order they appear (checked when the template is built, so a template cannot
    have an undocumented field). ``use`` says when to send it, ``length`` how long it should
    be, and ``max_words`` is the body's word limit from that guidance. ``examples`` maps a
    background (``"it"``, ``"ops"``) to a filled-in example.
    """

    key: str
    name: str
    use: str
    subject: str
    body: str
    fields: tuple[TemplateField, ...]
    length: str
    max_words: int
    examples: Mapping[str, TemplateExample] = field(default_factory=dict)

    def __post_init__(self) -> None:
        used = _placeholders(self.subject, self.body)
        described = tuple(f.name for f in self.fields)
        if used != described:
            raise ValueError(
                f"template {self.key!r} describes fields {list(described)} but its subject and "
                f"body use {list(used)}, in that order"
            )
        object.__setattr__(self, "examples", MappingProxyType(dict(self.examples)))

    @property
    def field_names(self) -> tuple[str, ...]:
        """The fields to fill, in order."""
        return tuple(f.name for f in self.fields)

    def personalise(self) -> tuple[TemplateField, ...]:
        """Return the fields worth personalising, each with why."""
        return tuple(f for f in self.fields if f.personal)

    def fill(self, values: Mapping[str, str] | None = None, /, **fields: str) -> OutreachMessage:
        """Fill the template; see :func:`fill_template`."""
        given = {**(values or {}), **fields}
        required = self.field_names
        unknown = [name for name in given if name not in required]
        if unknown:
            raise ValueError(
                f"the {self.key} template has no field(s) {unknown}; it requires "
                f"{', '.join(required)}"
            )
        for name, value in given.items():
            if not isinstance(value, str):
                raise ValueError(f"field {name!r} must be text; got {value!r}")
        missing = [name for name in required if not given.get(name, "").strip()]
        if missing:
            named = ", ".join(repr(name) for name in missing)
            raise ValueError(
                f"missing field{'s' if len(missing) > 1 else ''} {named} for the {self.key} "
                f"template (a blank field counts as missing); it requires {', '.join(required)}"
            )
        clean = {name: given[name].strip() for name in required}
        return OutreachMessage(
            self.key,
            self.subject.format(**clean),
            self.body.format(**clean),
            self.max_words,
        )

    def to_markdown(self, *, examples: bool = True) -> str:
        """Return the template as Markdown: when to use it, the text, its fields, its examples.

        The template and the examples are shown as code blocks, so their ``{field}``
        placeholders and line breaks show as written; the fields are a table of what to write
        and why it is worth personalising. ``examples=False`` leaves the examples out.
        """
        lines = [f"**{self.name}.** {self.use}", ""]
        lines += ["```text", f"Subject: {self.subject}", "", self.body, "```", ""]
        lines += [f"**Length:** {self.length}", ""]
        lines += ["| field | what to write | why personalise it |", "|---|---|---|"]
        lines += [
            f"| `{f.name}` | {_cell(f.prompt)} | {_cell(f.why) or '(nothing to personalise)'} |"
            for f in self.fields
        ]
        if examples:
            for background, example in self.examples.items():
                message = self.fill(example.values)
                label = _BACKGROUND_LABELS.get(background, background)
                lines += [
                    "",
                    f"**Example from {label}** ({message.words} words; the limit is "
                    f"{self.max_words}). {example.sender}",
                    "",
                    "```text",
                    str(message),
                    "```",
                ]
        return "\n".join(lines) + "\n"

    def example(self, background: str) -> OutreachMessage:
        """Return the filled-in example for a background (``"it"`` or ``"ops"``)."""
        if background not in self.examples:
            raise ValueError(
                f"background must be one of {', '.join(map(repr, self.examples))}; "
                f"got {background!r}"
            )
        return self.fill(self.examples[background].values)


def _template(
    key: str,
    name: str,
    use: str,
    subject: str,
    body: str,
    fields: list[tuple[str, str, str]],
    length: str,
    max_words: int,
    examples: list[tuple[str, str, dict[str, str]]],
) -> OutreachTemplate:
    return OutreachTemplate(
        key,
        name,
        use,
        subject,
        body,
        tuple(TemplateField(*f) for f in fields),
        length,
        max_words,
        {bg: TemplateExample(bg, sender, MappingProxyType(v)) for bg, sender, v in examples},
    )


_FIRST_NAME = ("first_name", "Their first name, spelled as they spell it.", "")
_MY_NAME = ("my_name", "Your name, as you sign off.", "")

_COLD = _template(
    "cold_contact",
    "A first message to a PM you have not met",
    "You admire a company or a product and would like 20 minutes with a product manager "
    "there, with no one to introduce you. Send it as a LinkedIn message or an email.",
    "A question about {topic} from someone moving into product",
    "Hi {first_name},\n\n"
    "I read {specific_detail}. It stayed with me because {why_it_mattered}.\n\n"
    "I'm {my_background}, and I'm working towards a product management role. One question "
    "I'd value your view on: {question}\n\n"
    "Would you have 20 minutes for a call in the next few weeks? If a short written answer is "
    "easier, that would help just as much.\n\n"
    "Thank you,\n{my_name}",
    [
        (
            "topic",
            "What your question is about, in a few words: their product area, a problem they "
            "wrote about.",
            "A specific subject line says what the message is about before it is opened; "
            "'Quick question' says nothing.",
        ),
        _FIRST_NAME,
        (
            "specific_detail",
            "Something specific they made, wrote or said: a talk, a post, a release, a feature "
            "you use.",
            "It shows you chose them and did your homework. It must be true and checkable, so "
            "never invent one.",
        ),
        (
            "why_it_mattered",
            "Why it mattered to you, tied to your own work.",
            "It turns a compliment into a link between their work and yours.",
        ),
        (
            "my_background",
            "One line: your role and years, in terms that matter to their product.",
            "They need to place you, not read your resume; one line is enough.",
        ),
        (
            "question",
            "One specific question they can answer better than a search engine.",
            "A specific question is easy to say yes to; 'can I pick your brain?' is not.",
        ),
        _MY_NAME,
    ],
    "Under 125 words in the body and under 10 in the subject. One question; no attachments, no "
    "resume and no request for a job.",
    125,
    [
        (
            "it",
            "Dev Malhotra, a service-desk team lead for six years, writes to Hana, a PM at "
            "Brightdesk, whose help-desk software his team runs.",
            {
                "topic": "Brightdesk's triage queue",
                "first_name": "Hana",
                "specific_detail": "your post on how the Brightdesk team redesigned ticket "
                "triage around first-contact resolution",
                "why_it_mattered": "my team of eight works in that queue all day, and your "
                "change cut our routing clicks",
                "my_background": "a service-desk team lead with six years of running Brightdesk "
                "for 2,000 employees",
                "question": "when you decided what triage should automate, how did you weigh "
                "what agents asked for against what the ticket data showed?",
                "my_name": "Dev Malhotra",
            },
        ),
        (
            "ops",
            "Rosa Quintero, an inbound operations supervisor at a distribution centre, writes "
            "to Jonas, a PM at Parcelpoint, whose carrier-booking tool her site uses.",
            {
                "topic": "dock scheduling at Parcelpoint",
                "first_name": "Jonas",
                "specific_detail": "your meetup talk about moving Parcelpoint's dock booking "
                "from phone calls to self-service slots",
                "why_it_mattered": "we take 40 inbound trucks a day through six doors, and the "
                "phone-call version of that problem is most of my morning",
                "my_background": "an inbound operations supervisor with eight years in "
                "distribution, now piloting slot booking at our site",
                "question": "how did you choose which carriers to launch self-service with first?",
                "my_name": "Rosa Quintero",
            },
        ),
    ],
)

_REFERRAL = _template(
    "referral_ask",
    "Asking someone you know for a referral",
    "Someone you know (a former colleague, a classmate) works at a company with an open role "
    "that fits you. Ask them to refer you for that posting, and make it easy to say no.",
    'Could you refer me for "{role_title}" at {company}?',
    "Hi {first_name},\n\n"
    "{shared_context}\n\n"
    'I\'m applying for the "{role_title}" opening at {company} ({job_link}). It fits what '
    "I've been working towards: {fit_evidence}\n\n"
    "Would you be comfortable referring me? Here is a summary you could forward as it is:\n\n"
    '"{forwardable_summary}"\n\n'
    "My case study is here: {case_study_link}. If a referral isn't possible or doesn't feel "
    "right, that's completely fine; ten minutes on what the team is like would still help.\n\n"
    "Thanks either way,\n{my_name}",
    [
        (
            "role_title",
            "The exact title from the posting.",
            "The exact title lets them find the posting and the right recruiter at once.",
        ),
        (
            "company",
            "The company's name.",
            "",
        ),
        _FIRST_NAME,
        (
            "shared_context",
            "One or two sentences on how you know each other and what is new with you.",
            "If you have not spoken for a while, reconnect before you ask.",
        ),
        (
            "job_link",
            "The link to the posting.",
            "A referral usually goes through one posting; save them the search.",
        ),
        (
            "fit_evidence",
            "One or two sentences of evidence, with a number, that you can do this job (from "
            "your impact bullets or case study).",
            "They are putting their name on you; give them a reason they can repeat.",
        ),
        (
            "forwardable_summary",
            "Three sentences about you, in the third person, that they can paste into a "
            "referral form or an email to the hiring manager.",
            "Writing it for them turns a half-hour favour into a two-minute one.",
        ),
        (
            "case_study_link",
            "A link to your portfolio case study (section 5).",
            "Evidence of product work that they can forward with your name.",
        ),
        _MY_NAME,
    ],
    "Under 170 words in the body, the forwardable summary included (three sentences). Ask for "
    "one posting, not 'anything you have'.",
    170,
    [
        (
            "it",
            "Mei Lin, a QA engineer for five years, writes to Sam, a former teammate who "
            "moved to Ledgerline.",
            {
                "role_title": "Associate Product Manager, Payments",
                "company": "Ledgerline",
                "first_name": "Sam",
                "shared_context": "It's been a while since we built the release-gate checks "
                "together at Northwind. Congratulations on the invoicing launch!",
                "job_link": "ledgerline.example/careers/apm-payments",
                "fit_evidence": "for a year I've run the backlog of our test-automation "
                "platform, and flaky-test reruns fell from about 30 a week to 8.",
                "forwardable_summary": "Mei Lin has five years in QA at Northwind, where she "
                "owns the backlog of the internal test-automation platform. She cut flaky-test "
                "reruns from about 30 a week to 8 by interviewing the developers who use it and "
                "prioritising the fixes. She is applying for the Associate PM role in Payments.",
                "case_study_link": "meilin.example/case-study",
                "my_name": "Mei",
            },
        ),
        (
            "ops",
            "Kwame Asante, a supply-chain planner for seven years, writes to Dana, his former "
            "manager, now at Parcelpoint.",
            {
                "role_title": "Product Manager, Carrier Integrations",
                "company": "Parcelpoint",
                "first_name": "Dana",
                "shared_context": "I hope the move to Parcelpoint has gone well. I still run "
                "the weekly capacity review you set up at Harbour Foods.",
                "job_link": "parcelpoint.example/jobs/pm-carrier-integrations",
                "fit_evidence": "last year I led our move to a carrier-booking portal, from "
                "carrier interviews to requirements and rollout, and late pickups fell from 14 "
                "to 6 a week the quarter after.",
                "forwardable_summary": "Kwame Asante has seven years in supply-chain planning at "
                "Harbour Foods. He led the move to a carrier-booking portal, from interviewing "
                "twelve carriers to rollout, and late pickups fell from 14 to 6 a week. He is "
                "applying for the Carrier Integrations PM role.",
                "case_study_link": "kwame.example/portfolio",
                "my_name": "Kwame",
            },
        ),
    ],
)

_FOLLOW_UP = _template(
    "follow_up",
    "A follow-up after no reply",
    "About a week after a first message that got no reply. Reply in the same thread, add "
    "something new and make the ask smaller. Send one follow-up; if that gets no reply, stop "
    "and log it in your tracker.",
    "Re: {original_subject}",
    "Hi {first_name},\n\n"
    "I'm following up on my note below in case it got buried. {something_new}\n\n"
    "A short written answer would help as much as a call: {question}\n\n"
    "If now isn't a good time, no need to reply.\n\n"
    "Thank you,\n{my_name}",
    [
        (
            "original_subject",
            "The subject line of your first message.",
            "Replying in the same thread keeps your first message one scroll away.",
        ),
        _FIRST_NAME,
        (
            "something_new",
            "One sentence that adds something since you wrote: you tried an idea of theirs, "
            "read their latest release, or have a sharper question.",
            "A follow-up that adds something is a second reason to reply; one that only "
            "reminds them reads like a debt.",
        ),
        (
            "question",
            "Your question, made shorter or easier to answer.",
            "A smaller ask is easier to say yes to.",
        ),
        _MY_NAME,
    ],
    "Under 80 words, shorter than your first message. Send it once, about a week after the "
    "first; a reply that never comes is data for your funnel, not a verdict on you.",
    80,
    [
        (
            "it",
            "Dev follows up with Hana at Brightdesk a week after his first message.",
            {
                "original_subject": "A question about Brightdesk's triage queue from someone "
                "moving into product",
                "first_name": "Hana",
                "something_new": "Since then I tried your idea of tagging tickets at first "
                "contact with two of our agents, and misrouted tickets dropped in the first "
                "week.",
                "question": "what did you measure to decide the triage change was working?",
                "my_name": "Dev Malhotra",
            },
        ),
        (
            "ops",
            "Rosa follows up with Jonas at Parcelpoint eight days after her first message.",
            {
                "original_subject": "A question about dock scheduling at Parcelpoint from "
                "someone moving into product",
                "first_name": "Jonas",
                "something_new": "Since then I read Parcelpoint's release note on carrier "
                "no-show alerts, which answers part of what I asked.",
                "question": "which carriers did you start self-service with, and why those?",
                "my_name": "Rosa Quintero",
            },
        ),
    ],
)

_THANK_YOU = _template(
    "thank_you",
    "A thank-you that leads to the next conversation",
    "Within a day of a conversation. Thank them for one specific thing, say what you will do "
    "with it, and ask who else you should talk to.",
    "Thank you, {first_name}, and what I'm doing next",
    "Hi {first_name},\n\n"
    "Thank you for talking with me {when}. What stayed with me most was {specific_takeaway}. "
    "Because of it, I'm going to {next_step}.\n\n"
    "Is there someone else you think I should talk to, perhaps {who_to_meet}? If so, I'm happy "
    "to write a two-line note you could forward, so the introduction takes you a minute.\n\n"
    "I'll let you know how it goes.\n\n"
    "Best,\n{my_name}",
    [
        _FIRST_NAME,
        ("when", "When you spoke: 'on Tuesday', 'this morning'.", ""),
        (
            "specific_takeaway",
            "The one thing they said that changes what you will do.",
            "It shows you listened, and it is the part of the conversation they will remember too.",
        ),
        (
            "next_step",
            "What you will do because of it, concretely.",
            "People help again when they see their help used: say what you will do, then "
            "report back.",
        ),
        (
            "who_to_meet",
            "The kind of person you would like to meet next (a platform PM, someone who moved "
            "from operations into product).",
            "A specific kind of person is easier to think of than 'anyone'; ask for people, "
            "not for a job.",
        ),
        _MY_NAME,
    ],
    "Under 120 words; send it within a day, while the conversation is fresh for both of you.",
    120,
    [
        (
            "it",
            "Dev thanks Hana the day after their call.",
            {
                "first_name": "Hana",
                "when": "on Tuesday",
                "specific_takeaway": "your point that agents ask for features while the ticket "
                "data shows where the time goes, so a PM needs both before deciding",
                "next_step": "rebuild my case study around the data from our triage pilot, not "
                "only the agents' feedback",
                "who_to_meet": "someone who moved from IT operations into a platform PM role",
                "my_name": "Dev",
            },
        ),
        (
            "ops",
            "Rosa thanks Jonas a few hours after their call.",
            {
                "first_name": "Jonas",
                "when": "this morning",
                "specific_takeaway": "how your team launched self-service with the three "
                "carriers who complained most, since they had the most to gain",
                "next_step": "propose the same start to our transport manager for the "
                "slot-booking pilot, and measure truck waiting time before and after",
                "who_to_meet": "a PM at a logistics company who came from warehouse operations",
                "my_name": "Rosa",
            },
        ),
    ],
)

OUTREACH_TEMPLATES: Mapping[str, OutreachTemplate] = MappingProxyType(
    {t.key: t for t in (_COLD, _REFERRAL, _FOLLOW_UP, _THANK_YOU)}
)
"""The four templates by key: ``cold_contact``, ``referral_ask``, ``follow_up``, ``thank_you``."""


def _find(template: str | OutreachTemplate) -> OutreachTemplate:
    if isinstance(template, OutreachTemplate):
        return template
    if isinstance(template, str) and template in OUTREACH_TEMPLATES:
        return OUTREACH_TEMPLATES[template]
    raise ValueError(
        f"template must be one of {', '.join(map(repr, OUTREACH_TEMPLATES))} or an "
        f"OutreachTemplate; got {template!r}"
    )


def fill_template(
    template: str | OutreachTemplate, values: Mapping[str, str] | None = None, /, **fields: str
) -> OutreachMessage:
    """Fill a template from named fields; return the message (``str()`` it to paste).

    ``template`` is a key of :data:`OUTREACH_TEMPLATES` or your own :class:`OutreachTemplate`.
    Give the fields as a dict, as keyword arguments, or both (keywords win). Every field is
    required and must be non-blank text; values are used as written, stripped of outer spaces.
    A missing or blank field is a ``ValueError`` that names it and lists the template's fields,
    and so is a field the template does not have (usually a typo).

    >>> message = fill_template("follow_up", original_subject="Dock slots", first_name="Jo",
    ...                         something_new="I read your release note.",
    ...                         question="which carriers came first?", my_name="Rosa")
    >>> message.subject, message.too_long
    ('Re: Dock slots', False)
    >>> fill_template("follow_up", first_name="Jo")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: missing fields 'original_subject', 'something_new', ... it requires ...
    """
    return _find(template).fill(values, **fields)


@dataclass(frozen=True)
class InformationalQuestion:
    """A question for an informational interview, its group, and what its answer tells you."""

    group: str
    question: str
    why: str


QUESTION_GROUPS: Mapping[str, str] = MappingProxyType(
    {
        "their_path": "Their path",
        "day_to_day": "The role day to day",
        "team_and_product": "The team and product",
        "advice": "Advice for your move",
    }
)
"""The question groups: key -> heading, in the order a conversation usually goes."""


def _questions(group: str, *pairs: tuple[str, str]) -> tuple[InformationalQuestion, ...]:
    return tuple(InformationalQuestion(group, q, why) for q, why in pairs)


INFORMATIONAL_QUESTIONS: tuple[InformationalQuestion, ...] = (
    *_questions(
        "their_path",
        (
            "What were you doing just before your first product role, and what made the move "
            "possible?",
            "Real moves show which routes exist where they work, and what counted as evidence.",
        ),
        (
            "Which part of your earlier work turned out most useful as a PM?",
            "It tells you which of your own skills to lead with.",
        ),
        (
            "Was there a piece of work that convinced someone to give you the role?",
            "Evidence that worked: what a hiring manager actually read or saw.",
        ),
        (
            "What was hardest in your first months as a PM?",
            "What to prepare for, and what to practise before you start.",
        ),
        (
            "During your move, what did you spend time on that turned out not to matter?",
            "Effort you can skip. It asks what happened, not what they would do on a second "
            "attempt, so the answer is concrete.",
        ),
    ),
    *_questions(
        "day_to_day",
        (
            "What did your last week look like, roughly, meeting by meeting?",
            "A real past week beats 'a typical day', which invites an idealised answer.",
        ),
        (
            "How did your team decide what to work on this quarter, and who had a say?",
            "How prioritization really happened there, next to the frameworks of module 02.",
        ),
        (
            "What was the last decision you made on your own, and the last one that needed "
            "someone else's sign-off?",
            "The real scope of the role, which titles do not show.",
        ),
        (
            "When did you last talk with a user, and how did you reach them?",
            "Whether discovery is part of the job there, and how it is done.",
        ),
        (
            "What surprised you most about the job once you were in it?",
            "The gap between the job description and the job.",
        ),
    ),
    *_questions(
        "team_and_product",
        (
            "After your last release, how did your team tell whether it worked?",
            "Which metrics they use, and whether anyone looks after launch.",
        ),
        (
            "Which users were hardest to serve well in your last few releases, and why?",
            "The users and trade-offs you would be working with.",
        ),
        (
            "On the last feature your team shipped, who did what between product, engineering "
            "and design?",
            "Where the PM's job starts and stops on that team, from one real piece of work.",
        ),
        (
            "What did the last PM who joined your team (or you, when you joined) have to learn "
            "first?",
            "A concrete study list for that kind of role.",
        ),
        (
            "Which problem did your team decide to put off most recently, and why, as far as "
            "you can talk about it?",
            "What the team cares about and how it trades things off; the last clause keeps it "
            "clear of confidential plans.",
        ),
    ),
    *_questions(
        "advice",
        (
            "Which product roles have you seen people with a background like mine move into?",
            "Where people like you actually landed, from someone who has watched it happen.",
        ),
        (
            "When your team last hired a PM from outside product, what did their evidence "
            "look like?",
            "A question about a real past hire, not a hypothetical, so the answer is evidence.",
        ),
        (
            "When a candidate's case study last impressed you, what did it show?",
            "What to put in your portfolio case study (section 5), from one that worked.",
        ),
        (
            "Which skill took you longest to build as a PM, and how did you practise it?",
            "One concrete skill to start on, with a way to practise it that worked for someone.",
        ),
        (
            "Who else would be good to talk to about this?",
            "Not a question for evidence but a request, and the one to make in every call: it "
            "turns one conversation into the next.",
        ),
    ),
)
"""Twenty questions for an informational interview, five per group of :data:`QUESTION_GROUPS`.
Pick three or four for a 20-minute call; nobody wants twenty.

Every question but the last asks about something that happened (the last week, the last
release, the last hire), following the rule of Rob Fitzpatrick's *The Mom Test*: answers about
the past are evidence; answers about what someone would do are polite guesses. The advice group
asks for advice the same way, through what the person has seen or done. The last question is
a request for an introduction, not a question for evidence."""


@dataclass(frozen=True)
class QuestionToAvoid:
    """Something not to ask, why not, and what to ask instead."""

    avoid: str
    why: str
    instead: str


QUESTIONS_TO_AVOID: tuple[QuestionToAvoid, ...] = (
    QuestionToAvoid(
        "Asking for a job, a referral or an interview in the first message.",
        "It turns a conversation into a transaction a stranger can only turn down, and asks "
        "them to vouch for someone they have not met.",
        "Ask for their view on one question. Referrals come later, from people who have talked "
        "with you and seen your work; in the funnel, referral comes after conversation.",
    ),
    QuestionToAvoid(
        "Questions their profile or the company website already answers ('Where did you work "
        "before?', 'What does your company do?').",
        "It shows you did not prepare, and spends their time on what you could have read.",
        "Read first, then ask what a profile cannot say: why they moved, what was hardest at "
        "first.",
    ),
    QuestionToAvoid(
        "'Can I pick your brain?' or 'Any advice?'",
        "An open-ended ask is hard to say yes to and hard to answer well.",
        "One specific question they are well placed to answer.",
    ),
    QuestionToAvoid(
        "'Would you hire someone like me?' and other hypotheticals.",
        "Answers about the future are polite guesses, not evidence (the rule of Rob "
        "Fitzpatrick's The Mom Test, which module 08 uses for user interviews).",
        "Ask about the past: 'When your team last hired a PM from outside product, what did "
        "they show?'",
    ),
    QuestionToAvoid(
        "Salary, or anything confidential: unreleased plans, internal numbers, colleagues' "
        "performance.",
        "It puts them in an awkward spot and spends the goodwill you came for.",
        "Use published salary ranges; ask how roles and levels are structured, and what they "
        "can share publicly.",
    ),
    QuestionToAvoid(
        "Sending your resume with a first message, or asking them to review it.",
        "It hands a stranger a task they did not offer to do.",
        "Share your case study later, when they offer to look or with a referral ask.",
    ),
)
"""What not to ask in outreach and informational interviews, with what to ask instead."""


def informational_questions(group: str | None = None) -> pd.DataFrame:
    """Return the question bank as a table: ``group``, ``question``, ``why``.

    ``group`` is a key or a heading of :data:`QUESTION_GROUPS` to show one group only.

    >>> informational_questions("advice")["question"].iloc[-1]
    'Who else would be good to talk to about this?'
    """
    chosen = INFORMATIONAL_QUESTIONS
    if group is not None:
        keys = [k for k, heading in QUESTION_GROUPS.items() if group in (k, heading)]
        if not keys:
            options = ", ".join(repr(k) for k in QUESTION_GROUPS)
            raise ValueError(f"group must be one of {options} (or its heading); got {group!r}")
        chosen = tuple(q for q in INFORMATIONAL_QUESTIONS if q.group == keys[0])
    return pd.DataFrame(
        [{"group": QUESTION_GROUPS[q.group], "question": q.question, "why": q.why} for q in chosen]
    )
