"""Benchmark: precision and recall of each pmkit.resume detector on the labelled bullets.

Reads tests/data/resume_bullets.json (bullets labelled by reading them as a recruiter would, see
its "label_guide"), runs pmkit.resume.analyze_bullet on each, and prints, per detector and for
the verdict, precision, recall and the counts behind them, for each split ("dev": written with
the rules; "holdout" and "holdout-2": written after the rules were frozen) and for all bullets. With
--disagreements it also lists every bullet where the analyzer and the label differ.

Run from the repository root:  .venv/bin/python benchmarks/resume_analyzer.py [--disagreements]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from pmkit.resume import DETECTORS, analyze_bullet

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "resume_bullets.json"
LABELS = (*DETECTORS, "passes")


def predictions(bullets: list[dict]) -> list[dict[str, bool]]:
    out = []
    for bullet in bullets:
        analysis = analyze_bullet(bullet["text"])
        got = {name: bool(getattr(analysis, name)) for name in DETECTORS}
        got["passes"] = analysis.passes
        out.append(got)
    return out


def scores(bullets: list[dict], predicted: list[dict[str, bool]]) -> dict[str, dict[str, float]]:
    table = {}
    for name in LABELS:
        tp = sum(b["labels"][name] and p[name] for b, p in zip(bullets, predicted, strict=True))
        fp = sum(not b["labels"][name] and p[name] for b, p in zip(bullets, predicted, strict=True))
        fn = sum(b["labels"][name] and not p[name] for b, p in zip(bullets, predicted, strict=True))
        table[name] = {
            "precision": tp / (tp + fp) if tp + fp else float("nan"),
            "recall": tp / (tp + fn) if tp + fn else float("nan"),
            "tp": tp,
            "fp": fp,
            "fn": fn,
        }
    return table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--disagreements", action="store_true", help="list label mismatches")
    args = parser.parse_args()
    bullets = json.loads(DATA.read_text(encoding="utf-8"))["bullets"]
    predicted = predictions(bullets)
    splits = json.loads(DATA.read_text(encoding="utf-8"))["splits"]
    for split in (*splits, "all"):
        chosen = [i for i, b in enumerate(bullets) if split in ("all", b["split"])]
        table = scores([bullets[i] for i in chosen], [predicted[i] for i in chosen])
        print(f"\n{split}: {len(chosen)} bullets")
        print(f"{'detector':<15} {'precision':>9} {'recall':>7} {'tp':>4} {'fp':>4} {'fn':>4}")
        for name, row in table.items():
            print(
                f"{name:<15} {row['precision']:>9.2f} {row['recall']:>7.2f} "
                f"{row['tp']:>4} {row['fp']:>4} {row['fn']:>4}"
            )
    if args.disagreements:
        print("\nDisagreements (label -> analyzer):")
        for bullet, got in zip(bullets, predicted, strict=True):
            wrong = [n for n in LABELS if bullet["labels"][n] != got[n]]
            if wrong:
                flips = ", ".join(f"{n} {bullet['labels'][n]}->{got[n]}" for n in wrong)
                print(f"- [{bullet['id']}] {bullet['text']}\n    {flips}")


if __name__ == "__main__":
    main()
