"""``marsad eval``: run extraction over gold files and score it the way the project's gold is scored.

A gold file lists reference events with verbatim evidence anchors, acceptable types, actor alias keys,
a location with a tolerance, a date range, fatalities and sources (see ``shared/eval/ANNOTATION.md``).
A prediction matches a gold event when one of its evidence spans overlaps a gold anchor; matching is
one-to-one, required events first, best-agreeing pairs first. Printed: recall, precision, F1, fully
correct events, per-field accuracy, place accuracy and median km error; the last line is a summary.
"""

from __future__ import annotations

import json
import math
import re
import statistics
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from marsad.errors import InputError, InputMissing

MAX_SPAN = 500
_DIAC = re.compile(r"[\u064B-\u0652\u0640\u0670]")
FIELDS = ("type", "sub_type", "actors", "location", "date", "fatalities", "sources")


def _norm(s: str | None) -> str:
    s = _DIAC.sub("", s or "")
    s = re.sub("[أإآ]", "ا", s).replace("ى", "ي").replace("ة", "ه")
    s = re.sub(r"[«»\"'()\-_.,،]", " ", s)
    return re.sub(r"\s+", " ", s).strip().lower()


def km(a_lat: float, a_lon: float, b_lat: float, b_lon: float) -> float:
    p = math.pi / 180
    h = (math.sin((b_lat - a_lat) * p / 2) ** 2
         + math.cos(a_lat * p) * math.cos(b_lat * p) * math.sin((b_lon - a_lon) * p / 2) ** 2)
    return 12742 * math.asin(math.sqrt(h))


def _text_overlap(a: str, b: str, n: int = 25) -> bool:
    a, b = _norm(a), _norm(b)
    if not a or not b:
        return False
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    if short in long_:
        return True
    return any(short[i:i + n] in long_ for i in range(0, max(1, len(short) - n + 1), 3))


def _alias_key(name: str, aliases: dict[str, list[str]]) -> str | None:
    n = _norm(name)
    for key, names in aliases.items():
        if any(_norm(a) == n for a in names):
            return key
    for key, names in aliases.items():
        for a in names:
            na = _norm(a)
            if len(na) >= 3 and re.search(r"(^|\s)" + re.escape(na) + r"(\s|$)", n):
                return key
    return None


def _keys(objs: list[dict[str, Any] | None], fields: tuple[str, ...], aliases: dict[str, list[str]]) -> set[str]:
    out = set()
    for o in objs:
        for f in fields:
            k = _alias_key((o or {}).get(f) or "", aliases) if o else None
            if k:
                out.add(k)
    return out


def _matches(gold_ev: dict[str, Any], pred_ev: dict[str, Any], text: str) -> bool:
    anchors = gold_ev["evidence"] if isinstance(gold_ev["evidence"], list) else [gold_ev["evidence"]]
    for sp in pred_ev.get("evidence") or []:
        t = sp.get("text") or ""
        if len(t) > MAX_SPAN:
            continue
        st, en = sp.get("start"), sp.get("end")
        ok = (isinstance(st, int) and isinstance(en, int) and 0 <= st < en <= len(text)
              and _norm(text[st:en]) == _norm(t))
        for anchor in anchors:
            g0 = text.find(anchor)
            if ok and g0 >= 0:
                if st < g0 + len(anchor) and g0 < en:
                    return True
            elif _text_overlap(anchor, t):
                return True
    return False


def _detail(g: dict[str, Any], p: dict[str, Any], aliases, src_aliases) -> tuple[dict[str, Any], float | None]:
    det: dict[str, Any] = {"type": p.get("event_type") in g["event_type"],
                           "sub_type": p.get("sub_event_type") in g["sub_event_type"]}
    gk = set(g["actors"])
    pk = _keys([p.get("actor1"), p.get("actor2"), *(p.get("assoc_actors") or [])], ("name", "name_ar"), aliases)
    det["actors"] = len(gk & pk) / len(gk) if gk else 1.0
    gl, pl = g.get("location"), p.get("location")
    err = None
    if gl is None:
        det["location"] = None
    elif pl and pl.get("latitude") is not None and pl.get("longitude") is not None:
        err = km(gl["lat"], gl["lon"], pl["latitude"], pl["longitude"])
        det["location"] = err <= gl["within_km"]
    else:
        det["location"] = False
    gd = g.get("date")
    if gd and p.get("event_date"):
        pdv = date.fromisoformat(p["event_date"][:10])
        det["date"] = (date.fromisoformat(gd["start"]) - timedelta(days=1) <= pdv
                       <= date.fromisoformat(gd["end"]) + timedelta(days=1))
    else:
        det["date"] = False if gd else None
    gf = g.get("fatalities")
    if gf == "vague":
        det["fatalities"] = None
    elif isinstance(gf, list):
        det["fatalities"] = p.get("fatalities") in gf
    else:
        det["fatalities"] = (p.get("fatalities") or None) == (gf or None)
    gs = set(g.get("sources") or [])
    ps = _keys(list(p.get("sources") or []), ("name", "name_ar", "via"), src_aliases)
    det["sources"] = len(gs & ps) / len(gs) if gs else None
    return det, err


def _fully(det: dict[str, Any]) -> bool:
    return (det["type"] and det["location"] in (True, None) and det["date"] in (True, None)
            and det["fatalities"] in (True, None) and det["actors"] >= 0.99)


@dataclass
class Score:
    required: int = 0
    found: int = 0
    predicted: int = 0
    false_positives: int = 0
    tp_all: int = 0
    fully_correct: int = 0
    fully_correct_any: int = 0
    field_sums: dict[str, list[float]] = field(default_factory=dict)
    km_errors: list[float] = field(default_factory=list)
    place_hits: list[bool] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        for name in ("required", "found", "predicted", "false_positives", "tp_all", "fully_correct",
                     "fully_correct_any"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for k, (s, n) in other.field_sums.items():
            acc = self.field_sums.setdefault(k, [0.0, 0])
            acc[0] += s
            acc[1] += n
        self.km_errors += other.km_errors
        self.place_hits += other.place_hits
        self.lines += other.lines

    @property
    def recall(self) -> float:
        return self.found / self.required if self.required else 1.0

    @property
    def precision(self) -> float:
        d = self.tp_all + self.false_positives
        return self.tp_all / d if d else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def strict_f1(self) -> float:
        sp = self.fully_correct_any / self.predicted if self.predicted else 0.0
        sr = self.fully_correct / self.required if self.required else 0.0
        return 2 * sp * sr / (sp + sr) if sp + sr else 0.0


def score(gold: dict[str, Any], pred: dict[str, Any], text: str, name: str = "") -> Score:
    aliases, src_aliases = gold["aliases"], gold.get("sources_aliases", {})
    preds = pred.get("events", [])
    pairs = []
    for gi, g in enumerate(gold["events"]):
        for pi, p in enumerate(preds):
            if _matches(g, p, text):
                det, err = _detail(g, p, aliases, src_aliases)
                pts = sum(float(v) for v in det.values() if v is not None)
                pairs.append((not g["required"], -pts, gi, pi, det, err))
    pairs.sort(key=lambda t: t[:4])
    taken_g: dict[int, tuple[int, dict[str, Any], float | None]] = {}
    taken_p: set[int] = set()
    for _, _, gi, pi, det, err in pairs:
        if gi in taken_g or pi in taken_p:
            continue
        taken_g[gi] = (pi, det, err)
        taken_p.add(pi)
    sc = Score(predicted=len(preds))
    for gi, g in enumerate(gold["events"]):
        if g["required"]:
            sc.required += 1
        hit = taken_g.get(gi)
        if hit is None:
            if g["required"]:
                sc.lines.append(f"{name} {g['id']} MISSED: {g.get('summary', '')[:90]}")
            continue
        sc.tp_all += 1
        _, det, err = hit
        if _fully(det):
            sc.fully_correct_any += 1
        if not g["required"]:
            continue
        sc.found += 1
        sc.fully_correct += _fully(det)
        for k, v in det.items():
            if v is not None:
                acc = sc.field_sums.setdefault(k, [0.0, 0])
                acc[0] += float(v)
                acc[1] += 1
        if det["location"] is not None:
            sc.place_hits.append(bool(det["location"]))
            if err is not None:
                sc.km_errors.append(err)
        bad = [k for k, v in det.items() if v is not None and v is not True and not (k == "actors" and v >= 0.99)
               and not (k == "sources" and v >= 0.99)]
        sc.lines.append(f"{name} {g['id']} found{' (fully correct)' if _fully(det) else ''}"
                        + (f"; wrong: {', '.join(bad)}" if bad else ""))
    fps = [i for i in range(len(preds)) if i not in taken_p]
    sc.false_positives = len(fps)
    for i in fps:
        ev = (preds[i].get("evidence") or [{}])[0].get("text", "")
        sc.lines.append(f"{name} false positive: {preds[i].get('sub_event_type')}: {ev[:80]}")
    return sc


def _gold_items(path: Path) -> list[tuple[str, Path, Path, dict[str, Any]]]:
    if not path.exists():
        raise InputMissing(f"no such file or folder: {path}")
    golds = sorted(path.glob("*gold.json")) if path.is_dir() else [path]
    if not golds:
        raise InputError(f"{path} holds no *gold.json files")
    items = []
    for g in golds:
        try:
            gold = json.loads(g.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as e:
            raise InputError(f"{g}: not a readable gold JSON file ({e.__class__.__name__})") from None
        name = g.name[: -len("gold.json")].rstrip(".") or "article"
        meta_path = g.parent / f"{name}.meta.json"
        meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else {
            "published": gold.get("published"), "publisher": gold.get("publisher")}
        items.append((name, g.parent / gold["article"], g, {**meta, "gold": gold}))
    return items


def evaluate(path: Path) -> Score:
    from marsad.ingest.text import make_article, read_text_file
    from marsad.pipeline import Pipeline, _as_date

    pipeline = Pipeline()
    total = Score()
    for name, art_path, _, meta in _gold_items(path):
        text = read_text_file(art_path)
        article = make_article(text, published=_as_date(meta.get("published")), publisher=meta.get("publisher"),
                               name=str(art_path))
        pred = pipeline.extract_article(article).to_dict()
        total.add(score(meta["gold"], pred, text, name))
    return total


def summary(sc: Score, label: str) -> list[str]:
    acc = {k: round(s / n, 3) for k, (s, n) in sorted(sc.field_sums.items()) if n}
    place = (f"place accuracy {sum(sc.place_hits) / len(sc.place_hits):.3f} "
             f"median km error {statistics.median(sc.km_errors):.1f}") if sc.place_hits and sc.km_errors else \
        "place accuracy n/a"
    return [
        "field accuracy on found required events: " + json.dumps(acc),
        place,
        f"{label}: required {sc.required} found {sc.found} predicted {sc.predicted} fp {sc.false_positives} | "
        f"recall {sc.recall:.3f} precision {sc.precision:.3f} F1 {sc.f1:.3f} "
        f"fully_correct {sc.fully_correct}/{sc.required} strict_F1 {sc.strict_f1:.3f}",
    ]


def cmd_eval(args) -> int:
    path = Path(args.path)
    sc = evaluate(path)
    if args.verbose:
        for line in sc.lines:
            print(line)
    for line in summary(sc, path.name or str(path)):
        print(line)
    return 0
