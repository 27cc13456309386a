"""``--debug-stage NAME``: a readable dump of the Document after a stage (to stderr by default)."""

from __future__ import annotations

from typing import TextIO

from marsad.model import Document


def dump_document(doc: Document, stage: str, out: TextIO) -> None:
    text = doc.text
    out.write(f"== after stage {stage!r}: {len(text)} chars, {len(doc.sentences)} sentences, "
              f"{len(doc.words)} words, {len(doc.tokens)} tokens, {len(doc.mentions)} mentions, "
              f"{len(doc.events)} events\n")
    for si, s in enumerate(doc.sentences):
        out.write(f"-- S{si} [{s.start}:{s.end}] p{s.paragraph}: {text[s.start:s.end][:160]}\n")
        if stage == "tokens" or stage == "sentences":
            pieces = []
            for w in s.words:
                word = doc.words[w]
                toks = doc.tokens[word.first_token: word.last_token + 1]
                pieces.append("+".join(t.text for t in toks) if len(toks) > 1 else word.text)
            out.write("   tokens: " + " | ".join(pieces) + "\n")
        for m in doc.mentions:
            if m.sentence == si:
                out.write(f"   {m.label:<9} [{m.start}:{m.end}] {m.text!r} -> {_short(m.value)}\n")
    for f in doc.flagged:
        out.write(f"   FLAGGED S{f.sentence} score {f.score:.3f}: reads like an event, none coded\n")
    for line in doc.debug:
        out.write(f"   debug: {line}\n")
    for e in doc.events:
        out.write(f"   EVENT {e.id} {e.event_type} / {e.sub_event_type} a1={e.actor1 and e.actor1.name} "
                  f"a2={e.actor2 and e.actor2.name} loc={e.location and e.location.name} date={e.event_date} "
                  f"fat={e.fatalities} ev={e.evidence[0].text[:60]!r}\n")


def _short(value: object) -> str:
    s = repr(value)
    return s if len(s) < 200 else s[:197] + "..."
