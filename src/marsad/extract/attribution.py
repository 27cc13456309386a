"""Who said so: attribution cues and the source chain («قال X لـ Y», «نقلت X عن Y», «بحسب X»).

>>> # «وقال مدير المرصد السوري لحقوق الإنسان لوكالة الصحافة الفرنسية إن…» → source SOHR via AFP
"""

from __future__ import annotations

from dataclasses import dataclass

from marsad.extract.actors import ActorRef
from marsad.extract.cues import attribution_cues
from marsad.model import Document, Mention
from marsad.text.matcher import PhraseMatcher

WINDOW = 25  # words after a cue in which its source is looked for (titles and appositions are long)
SHORT_WINDOW = 3  # … when no «إن/أن» closes the speaker's name
_STOP = frozenset({"ان", "بان", "انه", "انها", ":"})
_VIA_HEADS = frozenset({"وكاله", "شبكه", "موقع", "صحيفه", "قناه", "تلفزيون", "اذاعه", "محطه"})


@dataclass(slots=True)
class Attribution:
    kind: str  # say | according | continue
    source: ActorRef | None
    via: ActorRef | None
    source_mention: Mention | None
    window: tuple[int, int] = (0, -1)  # words between the cue and «إن/أن»: who speaks, not who acts


class AttributionStage:
    """Adds ``ATTRIB`` mentions (the cue word's span) with an :class:`Attribution` payload."""

    def __init__(self) -> None:
        self.matcher: PhraseMatcher[str] = PhraseMatcher()
        for key, kind in attribution_cues().items():
            self.matcher.add(key, kind)

    def __call__(self, doc: Document) -> Document:
        actors = sorted(doc.mentions_of("ACTOR"), key=lambda m: m.first_word)
        last: Attribution | None = None
        for si, sent in enumerate(doc.sentences):
            if sent.last_word < sent.first_word:
                continue
            for hit in self.matcher.find(doc.words, sent.first_word, sent.last_word + 1):
                kind = hit.payloads[0]
                att = self._resolve(doc, actors, kind, hit.last + 1, sent.last_word)
                if kind == "continue" and att.source is None and last is not None:
                    att.source, att.via = last.source, last.via
                if att.source is not None:
                    last = att
                w = doc.words[hit.first]
                doc.mentions.append(Mention("ATTRIB", w.start, doc.words[hit.last].end,
                                            doc.text[w.start:doc.words[hit.last].end], si, hit.first, hit.last, att))
        return doc

    def _resolve(self, doc: Document, actors: list[Mention], kind: str, first: int, sent_last: int) -> Attribution:
        words = doc.words
        end = min(sent_last, first + WINDOW)
        stop = end
        for i in range(first, end + 1):
            if words[i].base in _STOP:
                stop = i  # «قال إنهم…»: the speaker is not named after the cue
                break
        if stop == end:
            # no «إن/أن» after the cue: the speaker is named right after it («أعلن الجيش», «أفادت وكالة»)
            stop = end = min(end, first + SHORT_WINDOW)
        found = [m for m in actors if first <= m.first_word < stop or (stop == end and m.first_word == end)]
        known = [m for m in found if not m.value.entry.from_tagger]
        if known:
            found = known  # a name only the tagger knows speaks only when the dictionary names no one
        source = via = None
        source_m = None
        for m in found:
            ref: ActorRef = m.value
            j = m.first_word - 1
            while j > 0 and words[j].kind == "punct" and m.first_word - j <= 2:
                j -= 1  # «لـ"الشرق الأوسط"»: look through the quote
            prev = words[j] if j >= 0 else None
            w0 = words[m.first_word]
            is_via_form = "ل" in w0.prefixes or (prev is not None and prev.norm in ("ل", "لـ")) \
                or (prev is not None and prev.base in _VIA_HEADS and "ل" in prev.prefixes)
            if kind == "according" and source is None and m.first_word <= first + 1:
                is_via_form = False  # «وفقا لمصادر أمنية»: the ل belongs to the cue, not to an outlet
            if source is None:
                if is_via_form and ref.actor.role != "actor" and ref.actor.kind == "other":
                    via = via or ref
                    continue
                source, source_m = ref, m
                # «مصدر في قسد», «قيادي في قوات سوريا الديمقراطية»: the organisation is the source
                # (but not in «شهود عيان لـ"الشرق الأوسط"», where the paper is only who was told)
                if ref.entry.generic:
                    k = m.last_word + 1
                    if (k < len(words) and words[k].base in ("في", "من", "داخل", "ب")) or (
                            k < len(words) and words[k].prefixes == ("ب",)):
                        nxt = [x for x in found if x.first_word > m.last_word and not x.value.entry.generic
                               and x.first_word - m.last_word <= 3]
                        if nxt:
                            source, source_m = nxt[0].value, nxt[0]
            elif (via is None and m is not source_m and m.first_word > source_m.last_word and is_via_form
                  and ref.actor.role != "actor" and ref.actor.kind == "other"):
                via = ref  # an outlet: «لوكالة الصحافة الفرنسية», «لـ"الشرق الأوسط"»
        # «نقلت وكالة X عن مصدر Y»: X relays, Y is the source
        if source is not None and via is None and source_m is not None:
            for i in range(source_m.last_word + 1, min(stop, source_m.last_word + 4) + 1):
                if words[i].base == "عن":
                    after = [m for m in found if m.first_word > i]
                    if after:
                        source, via, source_m = after[0].value, source, after[0]
                    break
        last = max((m.last_word for m in found if m.value is source or m.value is via), default=first - 1)
        return Attribution(kind, source, via, source_m, (first, max(last, stop if stop < end else first - 1)))
