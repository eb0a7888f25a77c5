"""``pmkit data``: generate HelpHarbor's product data from the command line.

Only click is imported here; numpy, pandas and DuckDB load when a command runs, so registering
the group keeps the ``pmkit`` command fast.
"""

from __future__ import annotations

import time
from pathlib import Path

import click

from pmkit.cli._common import CannotRun

# Defaults of the bundled copy (pmkit.datasets.PRODUCT_EVENTS and PRODUCT_SEED; a test keeps
# them equal without importing the generator here).
DEFAULT_EVENTS = 400_000
DEFAULT_SEED = 2026


@click.group("data")
def data() -> None:
    """Generate the product data behind the SQL, metrics and experiment lessons."""


@data.command("generate")
@click.option(
    "--events",
    type=click.IntRange(min=1),
    default=DEFAULT_EVENTS,
    show_default=True,
    help="Approximate number of events (1,000 to 100,000,000); sets the number of users.",
)
@click.option(
    "--seed",
    type=click.IntRange(min=0),
    default=DEFAULT_SEED,
    show_default=True,
    help="Random seed; the same seed and size give byte-identical files.",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("product_data"),
    show_default=True,
    help="Folder for the Parquet files (created if needed; files of the same names are replaced).",
)
@click.option(
    "--raw", is_flag=True, help="Also write users_raw and events_raw, for a cleaning exercise."
)
def generate(events: int, seed: int, out: Path, raw: bool) -> None:
    """Write one Parquet file per table of HelpHarbor's product world to OUT.

    The bundled copy in datasets/product/ is `pmkit data generate --raw --out
    datasets/product` with the default size and seed. Open a folder with
    pmkit.datasets.connect(folder).
    """
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
    from rich.table import Table

    from pmkit.datasets import generate_product_data

    console = Console()
    started = time.perf_counter()
    with Progress(
        TextColumn("{task.description:<24}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as progress:
        task = progress.add_task("simulating", total=None)

        def on_step(step: str, done: int, total: int) -> None:
            progress.update(task, description=f"wrote {step}", completed=done, total=total)

        try:
            paths = generate_product_data(out, events=events, seed=seed, raw=raw, progress=on_step)
        except ValueError as err:  # a size or seed out of range: the command cannot run
            raise CannotRun(str(err)) from None
    seconds = time.perf_counter() - started
    table = Table(title=f"HelpHarbor product data in {out} (seed {seed})")
    table.add_column("table")
    table.add_column("file")
    table.add_column("MB", justify="right")
    total = 0
    for name, path in paths.items():
        size = path.stat().st_size
        total += size
        table.add_row(name, path.name, f"{size / 1e6:.2f}")
    console.print(table)
    console.print(f"{len(paths)} files, {total / 1e6:.2f} MB, in {seconds:.1f} s")
