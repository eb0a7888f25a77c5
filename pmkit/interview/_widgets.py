"""Practice widgets: a countdown timer and a rubric self-scoring card (ipywidgets).

Logic lives in plain methods so it can be driven without a browser or real waiting: the timer
takes an injectable clock and ticker, and the scorer's button callback can be triggered with
``button.click()``. ipywidgets is imported when a widget is created, not when pmkit is imported.
"""

from __future__ import annotations

import html
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pmkit import _validation as v
from pmkit.interview._bank import Prompt
from pmkit.interview._log import RUBRIC_SCALE, ScoreRecord, practice_log_path, record_practice

Step = Callable[[], bool]
"""A timer step: updates the display and returns False once the timer stops or expires."""


def _format(seconds: float) -> str:
    whole = int(seconds + 0.999)  # show 0:01 until the last second is over
    return f"{whole // 60}:{whole % 60:02d}"


class CountdownTimer:
    """A countdown with Start, Pause and Reset buttons and a progress bar.

    ``clock`` returns the current time in seconds (``time.monotonic`` by default). ``ticker``
    is called with a step function when the timer starts and should call it repeatedly until it
    returns False; the default runs it every ``interval`` seconds on a background thread. Tests
    pass a fake clock and a ticker that does nothing, then call :meth:`tick` themselves.
    ``on_expire`` callbacks run once when time is up.

    >>> now = [0.0]
    >>> timer = CountdownTimer(120, clock=lambda: now[0], ticker=lambda step: None)
    >>> timer.start_button.click()
    >>> now[0] = 45.0
    >>> timer.tick(), timer.remaining(), timer.display.value
    (True, 75.0, '<b style="font-size:1.6em">1:15</b> remaining')
    """

    def __init__(
        self,
        seconds: float = 300,
        *,
        clock: Callable[[], float] = time.monotonic,
        ticker: Callable[[Step], object] | None = None,
        interval: float = 1.0,
        on_expire: Callable[[CountdownTimer], object] | None = None,
    ) -> None:
        import ipywidgets as w

        self.seconds = v.number("seconds", seconds, v.POSITIVE)
        self._interval = v.number("interval", interval, v.POSITIVE)
        self._clock = clock
        self._ticker = ticker if ticker is not None else self._thread_ticker
        self._expire_callbacks: list[Callable[[CountdownTimer], object]] = []
        if on_expire is not None:
            self._expire_callbacks.append(on_expire)
        self._elapsed_before = 0.0
        self._started_at: float | None = None
        self._generation = 0
        self._expired = False
        self._stop = threading.Event()
        self.display = w.HTML()
        self.progress = w.FloatProgress(value=0.0, min=0.0, max=1.0, description="")
        self.start_button = w.Button(description="Start", icon="play", button_style="success")
        self.pause_button = w.Button(description="Pause", icon="pause")
        self.reset_button = w.Button(description="Reset", icon="undo")
        self.start_button.on_click(lambda _: self.start())
        self.pause_button.on_click(lambda _: self.pause())
        self.reset_button.on_click(lambda _: self.reset())
        self.widget = w.VBox(
            [
                w.HBox([self.display]),
                self.progress,
                w.HBox([self.start_button, self.pause_button, self.reset_button]),
            ]
        )
        self._render()

    # -- state -------------------------------------------------------------------------
    @property
    def running(self) -> bool:
        """True while the countdown is running."""
        return self._started_at is not None

    @property
    def expired(self) -> bool:
        """True once the time is up (until :meth:`reset`)."""
        return self._expired

    def elapsed(self) -> float:
        """Seconds counted so far (paused time excluded), at most the timer's length."""
        running = self._clock() - self._started_at if self._started_at is not None else 0.0
        return min(self.seconds, self._elapsed_before + running)

    def remaining(self) -> float:
        """Seconds left."""
        return max(0.0, self.seconds - self.elapsed())

    def on_expire(self, callback: Callable[[CountdownTimer], object]) -> None:
        """Register ``callback(timer)`` to run once when time is up."""
        self._expire_callbacks.append(callback)

    # -- controls ------------------------------------------------------------------------
    def start(self) -> None:
        """Start or resume the countdown (no effect while running or after expiry)."""
        if self.running or self._expired:
            return
        self._started_at = self._clock()
        self._generation += 1
        generation = self._generation
        self._render()
        self._ticker(lambda: self._step(generation))

    def pause(self) -> None:
        """Pause the countdown, keeping the time counted so far."""
        if self._started_at is not None:
            self._elapsed_before = self.elapsed()
            self._started_at = None
        self._stop.set()
        self._render()

    def reset(self) -> None:
        """Stop and return to the full time."""
        self._started_at = None
        self._elapsed_before = 0.0
        self._expired = False
        self._stop.set()
        self._render()

    def tick(self) -> bool:
        """Update the display from the clock; return True while the countdown is running.

        When the time is up this stops the timer, shows "Time is up" and runs the ``on_expire``
        callbacks once.
        """
        if self.running and self.remaining() <= 0:
            self._elapsed_before = self.seconds
            self._started_at = None
            self._expired = True
            self._stop.set()
            self._render()
            for callback in self._expire_callbacks:
                callback(self)
            return False
        self._render()
        return self.running

    def _step(self, generation: int) -> bool:
        if generation != self._generation:  # a newer start owns the display now
            return False
        return self.tick()

    def _thread_ticker(self, step: Step) -> None:
        self._stop = stop = threading.Event()

        def run() -> None:
            while not stop.wait(self._interval):
                if not step():
                    break

        threading.Thread(target=run, name="pmkit-countdown", daemon=True).start()

    def _render(self) -> None:
        self.progress.value = self.elapsed() / self.seconds
        if self._expired:
            self.display.value = '<b style="font-size:1.6em;color:#b00020">Time is up</b>'
            self.progress.bar_style = "danger"
            return
        self.progress.bar_style = "warning" if self.remaining() <= 60 else "info"
        state = "remaining" if self.running or self.elapsed() == 0 else "remaining (paused)"
        self.display.value = f'<b style="font-size:1.6em">{_format(self.remaining())}</b> {state}'

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        """Display as the widget."""
        return self.widget._repr_mimebundle_(**kwargs)


class RubricScorer:
    """Score your own answer to a prompt, 1-5 per rubric point, and log the attempt.

    Shows the prompt, one slider per rubric point on the rubric scale (1 very weak ... 5 very
    strong), a notes box, a "Save score" button and a "Show pitfalls and model answer" button.
    Saving builds a :class:`ScoreRecord`, appends it to the practice log (unless ``save=False``;
    ``log_path`` or ``PMKIT_DATA_DIR`` choose where) and passes it to the ``on_score`` callbacks.
    A ``timer`` supplies the attempt's duration.

    >>> from pmkit.interview import get_prompt
    >>> records = []
    >>> scorer = RubricScorer(get_prompt("BE-001"), save=False, on_score=records.append)
    >>> scorer.sliders[0].value = 5
    >>> scorer.save_button.click()
    >>> records[0].scores
    (5, 3, 3, 3, 3, 3)
    """

    def __init__(
        self,
        prompt: Prompt,
        *,
        on_score: Callable[[ScoreRecord], object] | None = None,
        save: bool = True,
        log_path: str | Path | None = None,
        timer: CountdownTimer | None = None,
        now: Callable[[], datetime] | None = None,
    ) -> None:
        import ipywidgets as w

        if not isinstance(prompt, Prompt):
            raise ValueError(f"prompt must be a Prompt from the bank; got {type(prompt).__name__}")
        if not isinstance(save, bool):
            raise ValueError(f"save must be True or False; got {save!r}")
        self.prompt = prompt
        self._save = save
        self._log_path = log_path
        self._timer = timer
        self._now = now or (lambda: datetime.now(UTC))
        self._callbacks: list[Callable[[ScoreRecord], object]] = []
        if on_score is not None:
            self._callbacks.append(on_score)
        self.last_record: ScoreRecord | None = None
        options = [(f"{score} {word}", score) for score, word in RUBRIC_SCALE.items()]
        self.sliders = [
            w.SelectionSlider(options=options, value=3, continuous_update=False)
            for _ in prompt.rubric
        ]
        rows = [
            w.VBox([w.HTML(f"{i}. {html.escape(point)}"), slider])
            for i, (point, slider) in enumerate(zip(prompt.rubric, self.sliders, strict=True), 1)
        ]
        self.notes = w.Textarea(placeholder="Notes: what to improve next time", rows=2)
        self.save_button = w.Button(description="Save score", icon="check", button_style="primary")
        self.reveal_button = w.Button(description="Show pitfalls and model answer")
        self.result = w.HTML()
        self.reference = w.HTML()
        self.save_button.on_click(lambda _: self.submit())
        self.reveal_button.on_click(lambda _: self.reveal())
        header = w.HTML(
            f"<p><b>{html.escape(prompt.id)}</b> · {html.escape(prompt.category)} · "
            f"{html.escape(prompt.framework)}</p><blockquote>{html.escape(prompt.prompt)}"
            "</blockquote><p>Score each point of your answer:</p>"
        )
        self.widget = w.VBox(
            [
                header,
                *rows,
                self.notes,
                w.HBox([self.save_button, self.reveal_button]),
                self.result,
                self.reference,
            ]
        )

    def on_score(self, callback: Callable[[ScoreRecord], object]) -> None:
        """Register ``callback(record)`` to run on every save."""
        self._callbacks.append(callback)

    def scores(self) -> tuple[int, ...]:
        """Return the sliders' current scores, one per rubric point."""
        return tuple(int(slider.value) for slider in self.sliders)

    def record(self) -> ScoreRecord:
        """Build the score record for the current slider values (without saving it)."""
        duration = self._timer.elapsed() if self._timer is not None else None
        return ScoreRecord.for_prompt(
            self.prompt,
            self.scores(),
            practiced_at=self._now(),
            duration_seconds=duration,
            notes=str(self.notes.value),
        )

    def submit(self) -> ScoreRecord:
        """Save the current scores (what the Save button does) and return the record."""
        record = self.record()
        saved_to = ""
        if self._save:
            record_practice(record, path=self._log_path)
            saved_to = f" Saved to {html.escape(str(practice_log_path(self._log_path)))}."
        self.last_record = record
        weakest = min(range(len(record.scores)), key=lambda i: record.scores[i])
        self.result.value = (
            f"<p><b>Mean {record.mean_score:.1f} / 5 ({record.label})</b>.{saved_to}<br>"
            f"Lowest: {html.escape(self.prompt.rubric[weakest])} "
            f"({record.scores[weakest]} {RUBRIC_SCALE[record.scores[weakest]]})</p>"
        )
        for callback in self._callbacks:
            callback(record)
        return record

    def reveal(self) -> None:
        """Show the pitfalls, follow-ups and (when the bank has one) the model answer."""
        p = self.prompt
        parts = ["<p><b>Common pitfalls</b></p><ul>"]
        parts += [f"<li>{html.escape(x)}</li>" for x in p.pitfalls]
        parts += ["</ul><p><b>Follow-up questions</b></p><ul>"]
        parts += [f"<li>{html.escape(x)}</li>" for x in p.follow_ups]
        parts.append("</ul>")
        if p.model_answer is not None:
            parts.append("<p><b>Model answer outline</b></p>")
            if p.model_answer.note:
                parts.append(f"<p><i>{html.escape(p.model_answer.note)}</i></p>")
            for step in p.model_answer.steps:
                parts.append(f"<p><b>{html.escape(step.step)}</b></p><ul>")
                parts += [f"<li>{html.escape(x)}</li>" for x in step.points]
                parts.append("</ul>")
            if p.model_answer.assumptions:
                parts.append("<p><b>Assumptions</b></p><ul>")
                parts += [f"<li>{html.escape(x)}</li>" for x in p.model_answer.assumptions]
                parts.append("</ul>")
        else:
            parts.append("<p><i>No model answer for this prompt: use the rubric.</i></p>")
        self.reference.value = "".join(parts)

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        """Display as the widget."""
        return self.widget._repr_mimebundle_(**kwargs)
