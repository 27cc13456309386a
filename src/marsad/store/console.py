"""What the store commands print: the ingest progress bar, failure lines, the summary and one event.

On a terminal ``marsad ingest`` shows a rich progress line on stderr (articles, articles/s, events, merged,
skipped, failed); otherwise it stays quiet until the final summary line. Each failed record is one line on
stderr (``marsad: PATH: E-CODE: message``) or, with ``--log FILE``, one line in that file.
"""

from __future__ import annotations

import sys
from typing import TextIO

from marsad.store.api import Summary
from marsad.store.query import StoredEvent
from marsad.store.writer import IngestStats

_FSI, _PDI = "\u2068", "\u2069"  # isolates keep Arabic runs from scrambling a left-to-right line


def _iso(s: str | None) -> str:
    return f"{_FSI}{s}{_PDI}" if s else "-"


class IngestDisplay:
    """Progress and failure reporting for one ``marsad ingest`` run."""

    def __init__(self, *, log: TextIO | None = None, quiet: bool = False, stream: TextIO | None = None):
        self.stream = stream or sys.stderr
        self.log = log
        self.logged = 0
        self.progress_bar = None
        self.task = None
        if not quiet and self.stream.isatty():
            from rich.console import Console
            from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

            self.progress_bar = Progress(
                SpinnerColumn(), TextColumn("{task.description}"),
                TextColumn("[bold]{task.fields[articles]}[/] articles  {task.fields[rate]:.0f}/s  "
                           "events [bold]{task.fields[events]}[/] ({task.fields[merged]} merged)  "
                           "skipped {task.fields[skipped]}  failed [red]{task.fields[failed]}[/]"),
                TimeElapsedColumn(), console=Console(file=self.stream), transient=False)
            self.task = self.progress_bar.add_task("ingest", total=None, articles=0, rate=0.0, events=0, merged=0,
                                                   skipped=0, failed=0)

    def __enter__(self) -> IngestDisplay:
        if self.progress_bar is not None:
            self.progress_bar.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.progress_bar is not None:
            self.progress_bar.stop()

    def progress(self, s: IngestStats) -> None:
        if self.progress_bar is not None and self.task is not None:
            self.progress_bar.update(self.task, articles=s.articles, rate=s.rate, events=s.events, merged=s.merged,
                                     skipped=sum(s.skipped.values()), failed=s.failed)

    def report(self, line: str) -> None:
        if self.log is not None:
            self.log.write(line + "\n")
            self.logged += 1
        elif self.progress_bar is not None:
            self.progress_bar.console.print(f"marsad: {line}", markup=False, highlight=False)
        else:
            print(f"marsad: {line}", file=self.stream)


def format_summary(s: Summary, db: str) -> str:
    lines = [f"store {db}",
             f"  articles {s.articles} (+{s.near_duplicates} near-duplicate copies linked)  events {s.events}  "
             f"clusters {s.clusters}  merged clusters (several articles) {s.merged}",
             "  events by type: " + (", ".join(f"{t} {n}" for t, n in s.by_type.most_common()) or "-"),
             "  top actors: " + (", ".join(f"{a} {n}" for a, n in s.top_actors) or "-"),
             "  top places: " + (", ".join(f"{_iso(p)} {n}" for p, n in s.top_places) or "-")]
    for ev in s.merged_examples:
        lines.append(f"  merged {ev.event_id_cnty}: {ev.event_type} / {ev.sub_event_type}, {ev.event_date}, "
                     f"{_iso(ev.location)}, {ev.n_articles} articles "
                     f"({', '.join(sorted({r.publisher or '?' for r in ev.reports}))}), fatalities "
                     f"{_range(ev)}")
        for r in ev.reports:
            if r.merge_reason:
                lines.append(f"      {r.event_id}: {r.merge_reason}")
    return "\n".join(lines)


def _range(ev: StoredEvent) -> str:
    lo, best, hi = ev.fatalities_low, ev.fatalities_best, ev.fatalities_high
    if lo is None:
        return "-"
    return str(lo) if lo == hi else f"{lo} (best {best}, high {hi})"


def format_event(ev: StoredEvent) -> str:
    """A readable account of one cluster: its values, review state and every report with its merge reason."""
    a1 = ev.value("actor1") or "-"
    a2 = ev.value("actor2") or "-"
    lines = [f"{ev.event_id_cnty}  cluster {ev.id}  (version {ev.version}, {ev.review_status})",
             f"  {ev.value('event_type')} / {ev.value('sub_event_type')}  {ev.value('event_date')} "
             f"(precision {ev.value('time_precision')})",
             f"  {a1} ↔ {a2} | {_iso(ev.value('location'))} ({ev.value('country_code') or '?'}, "
             f"p{ev.value('geo_precision')}) | fatalities {_range(ev)}",
             f"  {ev.n_articles} articles, {ev.n_events} reports, {len(ev.copies)} wire copies"]
    if ev.overrides:
        lines.append("  reviewed values: " + ", ".join(f"{k}={v}" for k, v in sorted(ev.overrides.items())))
    for r in ev.reports:
        fat = r.fatalities if r.fatalities is not None else "-"
        lines.append(f"  - {r.event_id}  {r.publisher or '?'} {r.published or ''}: {r.event_type} / "
                     f"{r.sub_event_type}, {r.event_date}, fatalities {fat}")
        lines.append(f"      {r.merge_reason or 'founded the cluster'}")
        if r.evidence:
            lines.append(f"      evidence: {_iso(r.evidence[0].text[:110])}")
    for c in ev.copies:
        lines.append(f"  = copy {c.article_id} ({c.publisher or '?'}) of {c.copy_of}, similarity {c.similarity:.2f}")
    return "\n".join(lines)
