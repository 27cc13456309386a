"""CoNLL files (``token TAG`` per line, blank line between sentences) and entity-level scoring.

The scorer follows conlleval: an entity is a maximal run ``B-X I-X…`` (an ``I-X`` after something else
also opens one), and it counts only when its type and both boundaries match.

>>> gold = [["B-PERS", "I-PERS", "O", "B-LOC"]]
>>> pred = [["B-PERS", "I-PERS", "O", "B-ORG"]]
>>> round(score_entities(gold, pred).micro.f1, 3)
0.5
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from marsad.errors import InputMissing, InputNotText


@dataclass(slots=True)
class ConllSentence:
    tokens: list[str]
    tags: list[str]


def read_conll(path: str | Path) -> list[ConllSentence]:
    """Sentences of a two-column CoNLL file (the tag is the last space- or tab-separated field)."""
    p = Path(path)
    if not p.is_file():
        raise InputMissing(f"no such CoNLL file: {p}")
    try:
        lines = p.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError as e:
        raise InputNotText(f"{p} is not valid UTF-8 (byte {e.start})") from None
    out: list[ConllSentence] = []
    tokens: list[str] = []
    tags: list[str] = []
    for lineno, line in enumerate(lines, 1):
        if not line.strip():
            if tokens:
                out.append(ConllSentence(tokens, tags))
                tokens, tags = [], []
            continue
        parts = line.split()
        if len(parts) < 2 or not _valid_tag(parts[-1]):
            raise InputNotText(f"{p} line {lineno}: expected 'token TAG' with an IOB tag, got {line[:60]!r}")
        tokens.append(" ".join(parts[:-1]))
        tags.append(parts[-1])
    if tokens:
        out.append(ConllSentence(tokens, tags))
    if not out:
        raise InputNotText(f"{p} holds no sentences")
    return out


def _valid_tag(tag: str) -> bool:
    return tag == "O" or (len(tag) > 2 and tag[0] in "BI" and tag[1] == "-")


def entities(tags: Sequence[str]) -> Iterator[tuple[str, int, int]]:
    """(type, first, last) of every entity in one IOB2 sequence (inclusive token indices)."""
    kind: str | None = None
    start = 0
    for i, tag in enumerate((*tags, "O")):
        prefix, _, t = tag.partition("-")
        if kind is not None and (prefix != "I" or t != kind):
            yield kind, start, i - 1
            kind = None
        if prefix == "B" or (prefix == "I" and kind is None):
            kind, start = t, i


@dataclass(slots=True)
class PRF:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(slots=True)
class EntityScores:
    micro: PRF = field(default_factory=PRF)
    by_type: dict[str, PRF] = field(default_factory=dict)

    def report(self) -> str:
        """Per-type lines, then ``micro F1 0.xxx`` as the last line."""
        lines = [f"{'type':<6} {'prec':>6} {'rec':>6} {'F1':>6} {'gold':>6} {'pred':>6}"]
        for t in sorted(self.by_type):
            s = self.by_type[t]
            lines.append(f"{t:<6} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f} {s.tp + s.fn:6d} {s.tp + s.fp:6d}")
        m = self.micro
        lines.append(f"{'micro':<6} {m.precision:6.3f} {m.recall:6.3f} {m.f1:6.3f} {m.tp + m.fn:6d} {m.tp + m.fp:6d}")
        lines.append(f"micro F1 {m.f1:.3f}")
        return "\n".join(lines)


def score_entities(gold: Sequence[Sequence[str]], pred: Sequence[Sequence[str]]) -> EntityScores:
    """Entity-level precision, recall and F1, micro-averaged and per type (conlleval's definition)."""
    out = EntityScores()
    for g, p in zip(gold, pred, strict=True):
        gs, ps = set(entities(g)), set(entities(p))
        for kind in {e[0] for e in gs | ps}:
            s = out.by_type.setdefault(kind, PRF())
            gk = {e for e in gs if e[0] == kind}
            pk = {e for e in ps if e[0] == kind}
            s.tp += len(gk & pk)
            s.fp += len(pk - gk)
            s.fn += len(gk - pk)
    for s in out.by_type.values():
        out.micro.tp += s.tp
        out.micro.fp += s.fp
        out.micro.fn += s.fn
    return out
