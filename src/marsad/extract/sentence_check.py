"""The event-sentence classifier's say on what the triggers found: a veto for weak false alarms, a flag for
event sentences no trigger caught, and a share of each event's confidence.

>>> doc = Pipeline(until="check").run(article)                     # doctest: +SKIP
>>> doc.flagged                                                     # sentences worth a reviewer's look
[FlaggedSentence(sentence=4, score=0.91)]

A trigger word can fire in a sentence that reports no concrete event («عملية سياسية», «هجوم إعلامي»). The
classifier (``marsad.models.event_sentence``), trained on sentences labelled for concrete assaults and protests,
scores every sentence that holds an event; an event is dropped only when its sentence scores under the veto
threshold and nothing else backs it: a weak trigger, no casualty figure. Sentences where a trigger word was
found but no event came out, and that score at or above the flag threshold, are listed in ``Document.flagged``
for review. Without the model file the stage does nothing.
"""

from __future__ import annotations

from marsad.model import Document, FlaggedSentence

STRONG = 0.8  # a trigger at least this strong («قصف», «اشتباكات») stands whatever the classifier says
WEIGHT = 0.2  # the classifier's share of an event's confidence


class SentenceCheckStage:
    def __init__(self) -> None:
        from marsad.models.event_sentence import MODEL_FILE, EventSentenceClassifier, model_dir

        self.clf = EventSentenceClassifier.load() if (model_dir() / MODEL_FILE).exists() else None

    def __call__(self, doc: Document) -> Document:
        if self.clf is None:
            return doc
        scores: dict[int, float] = {}

        def score(si: int) -> float:
            if si not in scores:
                s = doc.sentences[si]
                scores[si] = self.clf.score_words(doc.words[s.first_word:s.last_word + 1])
            return scores[si]

        veto = self.clf.thresholds.veto
        kept = []
        for ev in doc.events:
            d = ev.detail
            p = score(d.sentence)
            if p < veto and d.strength < STRONG and ev.fatalities is None and not d.casualties:
                doc.debug.append(f"event {ev.id} vetoed: its sentence scores {p:.3f} < {veto:.3f} and its trigger "
                                 f"is weak ({d.strength:.2f})")
                continue
            ev.confidence = (1 - WEIGHT) * ev.confidence + WEIGHT * p
            kept.append(ev)
        doc.events = kept
        with_event = {ev.detail.sentence for ev in kept}
        for si in sorted({m.sentence for m in doc.mentions_of("TRIGGER")} - with_event):
            p = score(si)
            if p >= self.clf.thresholds.flag:
                doc.flagged.append(FlaggedSentence(si, round(p, 3)))
        return doc
