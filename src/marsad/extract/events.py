"""Event assembly: triggers in a clause → one event with type, actors by role, place, date, fatalities, sources.

A clause is a stretch of a sentence between clause cues («، فيما», «، مشيرا», «، أشار»…). Its main
trigger is the one of the highest-priority family (an execution outranks the «مقتل» that reports
its victims); agent and target come from prepositions and voice:

* «مقتل 8 مدنيين جراء قصف لقوات التحالف» → agent التحالف (لـ after a masdar), victims civilians;
* «أعدم التنظيم 3 من عناصره» → agent التنظيم (subject after an active verb);
* «قُتل جندي على يد مسلحين» → agent مسلحين (على يد).

Not events: triggers right after a negation (لم، نفى) or in an irrealis scope (ستبدأ، دعا إلى، قد);
hedged ones (زعم، يرجح) get lower confidence.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from marsad.extract.actor_dict import ActorEntry
from marsad.extract.actors import ARMED_KINDS, ActorRef, air_forces, resolve_theatre
from marsad.extract.attribution import Attribution
from marsad.extract.cues import scope_cues
from marsad.extract.trigger_lexicon import Trigger, is_imperfect
from marsad.model import Document, Event, Mention
from marsad.text.normalize import match_key

FAMILY_PRIORITY = (
    "chemical", "execution", "abduction", "sexual", "suicide", "air", "shell", "explosion", "arrest",
    "territory_gain", "clash", "territory_loss", "attack", "riot", "protest", "seizure", "agreement", "looting",
    "destruction", "siege", "kill", "other",
)
_RANK = {f: i for i, f in enumerate(FAMILY_PRIORITY)}
_GENERIC_FAMILIES = frozenset({"kill", "attack", "other"})
_NON_STATE = frozenset({"rebel_group", "political_militia", "identity_militia"})
# «وفاة الملا عمر» is usually a natural death; «استقال احتجاجا على» is "in protest at", not a protest
_NOT_TRIGGERS = frozenset({"وفاه", "توفي", "توفيت", "وفاته", "احتجاجا"})
MIN_STRENGTH = 0.5
EVIDENCE_BEFORE, EVIDENCE_AFTER = 110, 170
_POSSESSED_FORCES = frozenset({"قوات", "عناصر", "مقاتلي", "مقاتلو", "مسلحي", "مسلحو", "افراد", "قاده", "قيادات",
                               "جنود", "صفوف", "مقاتلين", "عناصرها"})


@dataclass(slots=True)
class EventDetail:
    """Working state of one event while the stages after ``events`` refine it."""

    family: str
    trigger: Mention
    clause: tuple[int, int]  # first and last word
    sentence: int
    place: Mention | None = None
    time: Mention | None = None
    date_fallback: bool = False
    hedged: bool = False
    agent: ActorRef | None = None
    target: ActorRef | None = None
    assoc: list[ActorRef] = field(default_factory=list)  # allies named beside a side («الحوثيين وقوات صالح»)
    casualties: list[Mention] = field(default_factory=list)
    attributions: list[Attribution] = field(default_factory=list)
    country: str | None = None
    title: bool = False  # reported in the headline
    strength: float = 1.0  # how surely the trigger words name an event of the family (trigger lexicon)


class EventStage:
    def __init__(self) -> None:
        self.cues = scope_cues()
        from marsad.extract.actor_dict import load_actor_dictionary

        self.dictionary = load_actor_dictionary()
        self.civilians = _generic_of_kind(self.dictionary, "civilians")

    # -- clauses ------------------------------------------------------------------------------------
    def clauses(self, doc: Document, si: int) -> list[tuple[int, int]]:
        sent = doc.sentences[si]
        words = doc.words
        out = []
        start = sent.first_word
        for i in range(sent.first_word + 1, sent.last_word + 1):
            roles = self.cues.get(words[i].base, ())
            if not roles:
                continue
            prev = words[i - 1]
            after_comma = prev.kind == "punct" and prev.norm in ("،", ",", "؛", ":")
            if "clause!" in roles or ("clause" in roles and after_comma):
                if i - 1 > start:
                    out.append((start, i - 1))
                start = i
        out.append((start, sent.last_word))
        return self._split_coordinated(doc, si, out)

    def _split_coordinated(self, doc: Document, si: int, clauses: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """«سيطر التنظيم على تدمر، وأعدم 3 من عناصره في الرقة»: «، و» + a verb of a new kind starts a clause."""
        trig = [m for m in doc.mentions if m.label == "TRIGGER" and m.sentence == si]
        verb_starts = {m.first_word: {t.family for t in m.value} for m in trig
                       if any(t.pos == "verb" and t.family not in _GENERIC_FAMILIES for t in m.value)}
        if not verb_starts:
            return clauses
        out = []
        for c0, c1 in clauses:
            start = c0
            for i in range(c0 + 1, c1 + 1):
                if i not in verb_starts:
                    continue
                w, p = doc.words[i], doc.words[i - 1]
                before = {t.family for m in trig if start <= m.first_word < i for t in m.value}
                if w.prefixes[:1] == ("و",) and p.kind == "punct" and p.norm in ("،", ",") \
                        and before - _GENERIC_FAMILIES and not (before & verb_starts[i]):
                    out.append((start, i - 1))
                    start = i
            out.append((start, c1))
        return out

    # -- the stage -----------------------------------------------------------------------------------
    def __call__(self, doc: Document) -> Document:
        by_sentence: dict[int, list[Mention]] = {}
        for m in doc.mentions:
            by_sentence.setdefault(m.sentence, []).append(m)
        ordinal = 0
        self._analyst = self._analyst_sentences(doc)
        context_country = _article_country(doc)
        resolve_theatre(doc, context_country, self.dictionary)
        for si in range(len(doc.sentences)):
            ms = by_sentence.get(si, [])
            triggers = [m for m in ms if m.label == "TRIGGER"]
            casualties = [m for m in ms if m.label == "CASUALTY"]
            if not triggers and not casualties:
                continue
            for c0, c1 in self.clauses(doc, si):
                in_clause = [m for m in ms if c0 <= m.first_word <= c1]
                ev = self._clause_event(doc, si, (c0, c1), in_clause, ms, context_country)
                if ev is not None:
                    ordinal += 1
                    ev.id = f"{doc.article.id}#{ordinal}"
                    doc.events.append(ev)
        return doc

    def _clause_event(self, doc: Document, si: int, clause: tuple[int, int], in_clause: list[Mention],
                      in_sentence: list[Mention], country: str | None) -> Event | None:
        triggers = [m for m in in_clause if m.label == "TRIGGER" and not self._blocked(doc, m, clause)
                    and doc.words[m.first_word].base not in _NOT_TRIGGERS and match_key(m.text) not in _NOT_TRIGGERS]
        casualties = [m for m in in_clause if m.label == "CASUALTY"
                      and not any(w in match_key(m.text) for w in ("وفاه", "توفي"))]
        killed = [c for c in casualties if c.value.kind == "killed"]
        if not triggers and not killed:
            return None
        best = _main_trigger(triggers, [m for m in in_clause if m.label == "ACTOR" and not m.value.actor.generic])
        if best is None:
            # a casualty report with no cause word («سقوط 5 قتلى»): the casualty itself is the anchor
            trig_m, trig = killed[0], None
            family, strength = "kill", 0.6
        else:
            trig_m, trig = best
            # «حققت تقدما، وتمكنت من السيطرة»: a weak word is backed by a strong one of its family
            family = trig.family
            strength = max(t.strength for m in triggers for t in m.value if t.family == family)
        windows = [m.value.window for m in in_sentence if m.label == "ATTRIB"]
        in_window = [m for m in in_clause if m.label == "ACTOR" and any(w0 <= m.first_word <= w1 for w0, w1 in windows)]
        # «على جنوب إسرائيل», «في تركيا»: a country governed by a preposition is a place, not a side
        place_words = {m.first_word for m in in_clause if m.label == "PLACE" and m.value.place is not None
                       and m.value.place.feature == "country" and m.value.prep is not None}
        actors = [m for m in in_clause if m.label == "ACTOR" and m.value.actor.role != "source"
                  and m not in in_window and m.first_word not in place_words]
        places = [m for m in in_clause if m.label == "PLACE"]
        if strength < MIN_STRENGTH and not killed and not (actors and places):
            return None
        if trig is not None and is_imperfect(trig) and not killed and not any(m.label == "TIME" for m in in_clause):
            return None  # «الذين يقاتلون دعما للأسد»: habitual or ongoing, not a dated occurrence
        background = trig is not None and trig.pos != "verb" and (
            not self._concrete(doc, trig_m, in_clause) or self._generic_frame(doc, trig_m))
        if trig is not None and not killed and (si in self._analyst or background):
            return None  # «عمليات التصفية طالت…», a researcher's «تحرير الأراضي»: analysis, not an occurrence
        if family in _GENERIC_FAMILIES and not any(m.value.actor.kind in ARMED_KINDS for m in actors) and any(
                "disaster" in self.cues.get(doc.words[j].stem, ()) for j in range(*_sentence_words(doc, si))):
            return None  # «أسفر الإعصار عن مقتل 9»: a typhoon or a road accident is not a conflict event
        detail = EventDetail(family, trig_m, clause, si, casualties=casualties, country=country,
                             title=doc.sentences[si].end <= doc.article.body_start, strength=strength)
        detail.hedged = self._hedged(doc, trig_m, clause)
        self._roles(doc, detail, trig, actors, casualties, in_window)
        if detail.agent is None and family == "air" and country in air_forces():
            # «الغارة التي استهدفت…» in Yemen: only the coalition flies there
            detail.agent = ActorRef(self.dictionary.get(air_forces()[country]))
        etype, sub, method = self._typing(detail, trig, triggers, killed)
        if etype is None:
            return None
        detail.place = self._place(doc, detail, places)
        # its own clause first, else a time expression before the clause (a later subordinate
        # clause — «حيث استخدم … في الأسبوع الماضي» — does not date the main one)
        detail.time = _pick_time(trig_m, [m for m in in_clause if m.label == "TIME"]) or _pick_time(
            trig_m, [m for m in in_sentence if m.label == "TIME" and m.last_word < clause[0]])
        detail.attributions = self._sources(doc, si, trig_m, in_sentence)
        fat = [c.value.value for c in killed if c.value.value is not None]
        if not fat and family == "execution":
            fat = self._count_after(doc, trig_m, clause)
        inj = [c.value.value for c in casualties if c.value.kind == "injured" and c.value.value is not None]
        s, e = self._evidence(doc, clause, trig_m)
        ev = Event(id="", event_type=etype, sub_event_type=sub, evidence=[doc.span(s, e)], method=method,
                   fatalities=min(fat) if fat else None, injuries=min(inj) if inj else None,
                   fatality_reports=sorted(set(fat)), detail=detail)
        civ = any(c.value.civilians for c in killed) or (detail.target is not None
                                                         and detail.target.actor.kind == "civilians")
        ev.civilian_targeting = True if (civ and etype in ("Violence against civilians",
                                                           "Explosions/Remote violence")) else None
        ev.confidence = self._confidence(detail, strength, trig)
        resolve_dates(doc, ev)
        if sub in ("Agreement", "Other") and etype == "Strategic developments" and not any(
                r is not None and r.actor.kind in ARMED_KINDS for r in (detail.agent, detail.target)):
            return None  # «اتفاق» on electricity, «نزوح» of families: no armed party, not a conflict event
        if sub == "Agreement" and not any(r is not None and r.actor.kind in _NON_STATE
                                          for r in (detail.agent, detail.target, *detail.assoc)):
            return None  # a nuclear deal between governments is diplomacy; ACLED codes truces with armed groups
        if sub == "Non-violent transfer of territory" and not any(
                m.label == "PLACE" and 0 < m.first_word - trig_m.last_word <= 3 for m in in_clause):
            return None  # «تسليم دبابات»: handing over things, not territory
        pub = doc.article.published or date.today()
        last_day = ev.date_range[1] if ev.date_range else ev.event_date
        if not detail.date_fallback and last_day is not None and (
                (ev.time_precision == 3 and (pub - last_day).days > 90) or (pub - last_day).days > 365):
            return None  # «قبل اندلاع الأزمة في عام 2011», «منذ عام 1947»: background history
        if etype == "Battles" and (detail.target is None or detail.target.actor.generic):
            detail.target = opponent(doc, ev) or detail.target
        return ev

    def _analyst_sentences(self, doc: Document) -> set[int]:
        """Sentences a commentator speaks: one opening on «الباحث/المحلل…» within its first words
        («وعد الباحث … أن»), then a «وقال: …» that continues him without naming a new speaker."""
        out: set[int] = set()
        unnamed = {m.sentence for m in doc.mentions if m.label == "ATTRIB" and m.value.source is None}
        for si, sent in enumerate(doc.sentences):
            head = range(sent.first_word, min(sent.last_word, sent.first_word + 4) + 1)
            if any("analyst" in self.cues.get(doc.words[j].base, ()) for j in head):
                out.add(si)
            elif si in unnamed and si - 1 in out:
                out.add(si)
        return out

    def _generic_frame(self, doc: Document, trig: Mention) -> bool:
        j = trig.first_word - 1
        return j >= 0 and "generic" in self.cues.get(doc.words[j].base, ())

    def _concrete(self, doc: Document, trig: Mention, in_clause: list[Mention]) -> bool:
        """A noun trigger reports an occurrence when its clause names a place or a time, or when a
        named actor is attached to it («هجوم داعش», «اشتباكات بين قسد وداعش», «غارات للتحالف»)."""
        if any(m.label == "TIME" or (m.label == "PLACE" and m.value.place is not None
                                     and m.value.place.feature != "country") for m in in_clause):
            return True  # «تشهد سوريا معارك منذ سنوات»: a country alone does not make it one occurrence
        w = doc.words[trig.last_word]
        if w.suffix:
            return True  # «سيطرتها», «مقتلهم»: the pronoun names who
        for m in in_clause:
            if m.label == "ACTOR" and not m.value.actor.generic and 0 < m.first_word - trig.last_word <= 3:
                if "ل" in doc.words[m.first_word].prefixes:
                    return True  # «قصف عنيف لطيران التحالف»: the doer, after an adjective
                between = [doc.words[j].base for j in range(trig.last_word + 1, m.first_word)]
                if all(b in ("بين", "مع", "ضد", "علي", "من", "ل", '"') or doc.words[j].kind == "punct"
                       for b, j in zip(between, range(trig.last_word + 1, m.first_word), strict=True)):
                    return True
        return False

    # -- scope ---------------------------------------------------------------------------------------
    def _blocked(self, doc: Document, m: Mention, clause: tuple[int, int]) -> bool:
        """Negated, future, conditional, called-for or threatened: not a concrete event."""
        words = doc.words
        t = m.first_word
        w = words[t]
        if "س" in w.prefixes:
            return True  # «ستبدأ»: future
        for j in range(max(clause[0], t - 3), t):
            roles = self.cues.get(words[j].base, ())
            if words[j].base == "قد" and not words[j + 1].norm.startswith(("ي", "ت", "ن")):
                continue  # «قد شن هجوما» (had launched) is past; «قد يشن» (may launch) is not
            if "negation" in roles or "irrealis" in roles or "س" in words[j].prefixes:
                return True  # «لم تقصف», «دعا إلى شن هجمات», «سيكونون أهدافا»
        for j in range(clause[0], t):
            b = words[j].base
            roles = self.cues.get(b, ())
            if b in ("نفي", "نفت", "ينفي", "تنفي", "نافيا") or "irrealis!" in roles:
                return True  # a denial, a call or a threat governs the rest of its clause
            if "habitual" in roles and m.value[0].pos != "verb":
                return True  # «مستمرة في قصفها العشوائي», «تشمل تلك الهجمات تخريب…»: a campaign, not an occurrence
        if "ل" in w.prefixes and "det" not in {r for _, r in w.pieces} and m.value[0].pos != "verb":
            prev = words[t - 1].base if t > 0 else ""
            if not prev.startswith(("تعرض", "يتعرض", "تتعرض")):
                return True  # «لقتال داعش», «لسحب المستمسكات»: a purpose, not something that happened
        if m.value[0].pos != "verb" and any(words[j].base == "قبل" for j in range(max(clause[0], t - 3), t)):
            return True  # «قبل انطلاق عملية تحرير الرقة»: a point not yet reached
        # «المعركة الحقيقية ستبدأ»: a future verb right after a noun trigger
        for j in range(m.last_word + 1, min(clause[1], m.last_word + 3) + 1):
            if "س" in words[j].prefixes or "irrealis" in self.cues.get(words[j].base, ()):
                return True
        return False

    def _hedged(self, doc: Document, m: Mention, clause: tuple[int, int]) -> bool:
        return any("hedge" in self.cues.get(doc.words[j].base, ()) for j in range(clause[0], clause[1] + 1))

    # -- actors --------------------------------------------------------------------------------------
    def _roles(self, doc: Document, d: EventDetail, trig: Trigger | None, actors: list[Mention],
               casualties: list[Mention], speakers: list[Mention] = ()) -> None:
        words = doc.words
        t = d.trigger.first_word
        agents: list[ActorRef] = []
        targets: list[ActorRef] = []
        partners: list[ActorRef] = []
        loose: list[ActorRef] = []
        victim_spans = [(c.value.victims_start, c.value.victims_end) for c in casualties
                        if c.value.victims_start is not None]
        active_verb = trig is not None and trig.pos == "verb" and trig.voice == "active"
        passive = trig is not None and trig.voice == "passive"
        last: tuple[int, list[ActorRef]] | None = None  # (last word, role list) of the previous actor
        for m in actors:
            ref: ActorRef = m.value
            prev = _prev_words(words, m.first_word, 2)
            prev_roles = [self._roles_of(words, m.first_word, k) for k in range(1, len(prev) + 1)]
            w0 = words[m.first_word]
            in_victims = any(vs is not None and vs <= m.start < ve for vs, ve in victim_spans)
            civ = ref.actor.kind == "civilians"  # victims, never the ones acting
            conj = last is not None and m.first_word - last[0] <= 5 and (
                w0.prefixes[:1] == ("و",) or (prev and prev[0] == "و"))
            if conj:
                role = last[1]  # «بين قسد وداعش», «الحوثيين وقوات صالح»: same role as the one before
            elif not civ and m.first_word <= d.trigger.last_word and m.last_word >= t:
                role = agents  # the trigger names its doer: «طيران التحالف», «مقاتلات التحالف»
            elif not civ and ((prev and "agent" in prev_roles[0]) or (
                    len(prev) > 1 and prev[0] in ("يد", "قبل") and prev[1] in ("علي", "من"))):
                role = agents
            elif not civ and ("ل" in w0.prefixes or (prev and prev[0] == "ل")) and 0 < m.first_word - t <= 2:
                role = agents  # «قصف لقوات التحالف»
            elif in_victims or civ or (prev and prev[0] == "من" and m.first_word > t and _after_count(doc, m)):
                role = targets
            elif prev and "partner" in prev_roles[0] and d.family in ("clash", "attack", "kill", "territory_gain",
                                                                     "territory_loss"):
                role = partners  # «اشتباكات مع قسد»; not «بتهمة التعامل مع التحالف»
            elif prev and "target" in prev_roles[0] and d.family not in ("territory_gain", "territory_loss"):
                role = targets
            elif active_verb:
                role = agents if m.first_word < t or (m.first_word - t <= 3 and not agents) else targets
            elif passive:
                role = targets
            elif trig is not None and trig.pos != "verb" and 0 < m.first_word - t <= 2 and not agents:
                role = agents  # «هجوم داعش», «غارات التحالف»
            elif m.first_word < t and not agents:
                role = agents  # «قسد تتقدم», «التنظيم بدأ…»
            else:
                role = loose
            if role is agents and civ:
                role = targets
            role.append(ref)
            last = (m.last_word, role)
        # «أعلن الجيش استعادة السيطرة على…»: an armed group announcing its own action is the doer
        if not agents:
            for m in speakers:
                if m.value.actor.kind in ARMED_KINDS and not m.value.actor.generic and m.first_word < t:
                    agents.append(m.value)
                    break
        # «سيطرتنا» (our control): the speaker; «سيطرتها» (its control): the speaker if an armed actor,
        # else the last armed actor named before
        tw = words[d.trigger.last_word]
        if not agents and tw.suffix and trig is not None and trig.pos != "verb":
            spk = self._speaker(doc, d.sentence)
            if spk is None and tw.suffix != "نا":
                before = [m for m in doc.mentions_of("ACTOR") if m.last_word < d.trigger.first_word
                          and m.value.actor.kind in ARMED_KINDS and not m.value.actor.generic]
                spk = before[-1].value if before else None
            if spk is not None:
                agents.append(spk)
        # «عناصره», «قواتهم»: a possessed force refers to the agent, else to the speaker
        if not agents:
            for i in range(d.clause[0], d.clause[1] + 1):
                w = words[i]
                if w.suffix and w.base in _POSSESSED_FORCES and i <= t + 1:
                    spk = self._speaker(doc, d.sentence)
                    if spk is not None:
                        agents.append(spk)
                    break
                if w.suffix == "نا" and i <= t + 2:
                    spk = self._speaker(doc, d.sentence)
                    if spk is not None:
                        agents.append(spk)
                    break
        if not agents and partners and len(partners) >= 2:
            agents.append(partners.pop(0))
        d.agent = agents[0] if agents else (loose.pop(0) if loose and not targets and not partners else None)
        rest = [r for r in targets + partners + loose if d.agent is None or r.actor.id != d.agent.actor.id]
        d.target = rest[0] if rest else None
        chosen = {r.actor.id for r in (d.agent, d.target) if r is not None}
        for r in agents[1:] + rest[1:]:
            if r.actor.id not in chosen and not r.actor.generic and r.actor.kind in ARMED_KINDS:
                d.assoc.append(r)
                chosen.add(r.actor.id)
        if d.target is None and any(c.value.civilians for c in casualties) and self.civilians is not None:
            d.target = ActorRef(self.civilians)
        if d.family == "agreement":
            # «أعلنت الحكومة اليمنية وجماعة الحوثيين التوصل إلى اتفاق»: both parties, the announcer first
            spk = [m.value for m in speakers if m.value.actor.kind in ARMED_KINDS and not m.value.actor.generic]
            if spk and (d.agent is None or d.agent.actor.id != spk[0].actor.id):
                d.target, d.agent = d.agent, spk[0]
            if d.target is None and d.assoc:
                d.target = d.assoc.pop(0)

    def _roles_of(self, words, i: int, back: int) -> frozenset[str]:
        """Cue roles of the ``back``-th non-quote word before ``i``, by any of its keys («شنته» whole)."""
        j = i - 1
        n = 0
        while j >= 0:
            w = words[j]
            if w.kind != "punct":
                n += 1
                if n == back:
                    out: set[str] = set()
                    for k in (*w.keys, w.base):
                        out |= self.cues.get(k, frozenset())
                    if "target" in out and back == 1 and (j == 0 or words[j - 1].kind == "punct"):
                        out.discard("target")  # «استهدف تنظيم داعش دورية»: the actor after it is its subject
                    return frozenset(out)
            elif w.norm not in ('"', "'", "(", ")"):
                break
            j -= 1
        return frozenset()

    def _pro_government(self, a: ActorEntry) -> bool:
        """A militia fighting for the state («المقاومة الشعبية» under Hadi's government)."""
        seen = 0
        while a.parent and seen < 4:
            a = self.dictionary.get(a.parent)
            if a.kind == "state_forces" or a.id.endswith("-GOV"):
                return True
            seen += 1
        return False

    def _speaker(self, doc: Document, si: int) -> ActorRef | None:
        """The armed group speaking in this sentence or the one before: «قال مصدر في قسد إن قواتهم…»."""
        for m in reversed(doc.mentions):
            if m.label == "ATTRIB" and si - 1 <= m.sentence <= si and m.value.source is not None:
                ref = m.value.source
                return ref if not ref.actor.generic and ref.actor.kind in ARMED_KINDS else None
        return None

    # -- typing --------------------------------------------------------------------------------------
    def _typing(self, d: EventDetail, trig: Trigger | None, triggers: list[Mention],
                killed: list[Mention]) -> tuple[str | None, str, str | None]:
        etype, sub, method = self._base_type(d, trig, triggers, killed)
        readings = [t for m in triggers for t in m.value]
        families = {t.family for t in readings}
        if d.family in ("attack", "kill") or etype == "Protests":
            # «أطلقت قوات الأمن الرصاص الحي على المتظاهرين»: force against protesters, not a clash;
            # a protest with tear gas is a protest with intervention
            for t in readings:
                if t.event_type == "Protests" and _SEVERITY.get(t.sub_event_type, -1) > _SEVERITY.get(sub, -1) \
                        and (etype == "Protests" or t.sub_event_type != "Peaceful protest"):
                    etype, sub, method = "Protests", t.sub_event_type, t.method or method
        rioters = d.agent is not None and d.agent.actor.kind == "rioters"
        riotous = families & {"riot", "destruction", "looting"}
        if etype == "Protests" and sub == "Peaceful protest" and (riotous or rioters):
            etype, sub = "Riots", "Violent demonstration"  # «أحرق محتجون مبنى المحافظة»
        return etype, sub, method

    def _base_type(self, d: EventDetail, trig: Trigger | None, triggers: list[Mention],
                   killed: list[Mention]) -> tuple[str | None, str, str | None]:
        families = {m.value[0].family for m in triggers}
        fam = d.family
        method = trig.method if trig is not None else None
        agent_kind = d.agent.actor.kind if d.agent else None
        civilians = (d.target is not None and d.target.actor.kind == "civilians") or any(
            c.value.civilians for c in killed)
        if fam in ("territory_gain", "territory_loss"):
            if fam == "territory_loss":
                return "Battles", "Armed clash", method
            if agent_kind == "state_forces" or (d.agent is not None and self._pro_government(d.agent.actor)):
                return "Battles", "Government regains territory", method
            return "Battles", "Non-state actor overtakes territory", method
        if fam == "shell" and ("air" in families or (d.agent and _air_capable(d.agent.actor))):
            return "Explosions/Remote violence", "Air/drone strike", method
        if trig is not None and trig.event_type and trig.sub_event_type:
            return trig.event_type, trig.sub_event_type, method
        if fam in ("kill", "attack", "other"):
            if civilians and "clash" not in families:
                return "Violence against civilians", "Attack", method
            if fam == "other" and not killed:
                return "Strategic developments", "Other", method
            return "Battles", "Armed clash", method
        if trig is not None and trig.event_type:
            sub = trig.sub_event_type or _FAMILY_SUB.get(fam) or _DEFAULT_SUB.get(trig.event_type, "Other")
            return trig.event_type, sub, method
        return None, "", None

    # -- place, sources, evidence --------------------------------------------------------------------
    def _place(self, doc: Document, d: EventDetail, places: list[Mention]) -> Mention | None:
        """The place governed by في/ب/داخل/قرب… in the clause; else a bare name; else the paragraph's last.

        A name that is also an actor («تدعمه واشنطن») counts only when a preposition governs it.
        """
        actor_words = {j for m in doc.mentions_of("ACTOR", d.sentence) for j in range(m.first_word, m.last_word + 1)}
        usable = [m for m in places if m.value.place is not None and m.value.locative
                  and (m.value.prep is not None or m.value.head is not None or m.first_word not in actor_words)]
        if usable:
            def rank(m: Mention) -> tuple:
                governed = m.value.prep is not None or m.value.head is not None or m.value.modifier is not None
                return (not governed, m.value.precision, abs(m.first_word - d.trigger.first_word))

            best = min(usable[:3], key=rank)
            if best.value.precision == 3:
                # «في سوريا», «في محافظة X»: a town named nearby in the same country is more specific
                finer = self._finer_place(doc, d, best)
                if finer is not None:
                    return finer
            return best
        # the most specific place set up earlier in the sentence («وفي مدينة الرمادي، مركز محافظة الأنبار،
        # أعلن …»), else the last place of the paragraph before this clause
        sent = doc.sentences[d.sentence]
        prev = [m for m in doc.mentions_of("PLACE") if m.value.place is not None and m.value.locative
                and m.end <= doc.words[d.clause[0]].start
                and doc.sentences[m.sentence].paragraph == sent.paragraph]
        same = [m for m in prev if m.sentence == d.sentence]
        if same:
            return min(same, key=lambda m: (m.value.precision, -m.start))
        if prev:
            return prev[-1]
        same_sentence = [m for m in doc.mentions_of("PLACE", d.sentence) if m.value.place is not None]
        return same_sentence[0] if same_sentence else None

    def _finer_place(self, doc: Document, d: EventDetail, coarse: Mention) -> Mention | None:
        cc = coarse.value.place.country_code
        para = doc.sentences[d.sentence].paragraph
        cands = [m for m in doc.mentions_of("PLACE") if m.value.place is not None and m.value.precision < 3
                 and m.value.locative and m.value.place.country_code == cc and m.sentence <= d.sentence
                 and doc.sentences[m.sentence].paragraph == para]
        same = [m for m in cands if m.sentence == d.sentence]
        return (same or cands or [None])[-1] if (same or cands) else None

    def _sources(self, doc: Document, si: int, trig: Mention, in_sentence: list[Mention]) -> list[Attribution]:
        atts = [m for m in in_sentence if m.label == "ATTRIB" and m.value.source is not None]
        before = [m for m in atts if m.first_word < trig.first_word]
        according = [m for m in atts if m.value.kind == "according"]
        chosen = ([before[-1]] if before else []) + [m for m in according if not before or m is not before[-1]]
        return [m.value for m in chosen[:2]]

    def _evidence(self, doc: Document, clause: tuple[int, int], trig: Mention) -> tuple[int, int]:
        words = doc.words
        s, e = words[clause[0]].start, words[clause[1]].end
        if trig.start - s > EVIDENCE_BEFORE:
            s = _snap_start(doc, trig.start - EVIDENCE_BEFORE, clause)
        if e - trig.end > EVIDENCE_AFTER:
            e = _snap_end(doc, trig.end + EVIDENCE_AFTER, clause)
        return s, e

    def _count_after(self, doc: Document, trig: Mention, clause: tuple[int, int]) -> list[int]:
        for m in doc.mentions_of("NUMBER", trig.sentence):
            if trig.last_word < m.first_word <= min(clause[1], trig.last_word + 9):
                v = m.value
                if v.value is not None and v.counts_people is not False and not v.vague:
                    return [v.value]
        return []

    def _confidence(self, d: EventDetail, strength: float, trig: Trigger | None) -> float:
        c = 0.35 + 0.3 * strength
        c += 0.1 if d.agent else 0.0
        c += 0.1 if d.place else 0.0
        c += 0.05 if d.time else 0.0
        c += 0.05 if d.attributions else 0.0
        if d.hedged:
            c -= 0.2
        if trig is not None and is_imperfect(trig):
            c -= 0.1  # present tense: ongoing or habitual
        return max(0.05, min(0.99, c))


_SEVERITY = {"Peaceful protest": 0, "Protest with intervention": 1, "Excessive force against protesters": 2}
_FAMILY_SUB = {"explosion": "Remote explosive/landmine/IED", "air": "Air/drone strike",
               "shell": "Shelling/artillery/missile attack", "suicide": "Suicide bomb", "chemical": "Chemical weapon"}
_DEFAULT_SUB = {"Battles": "Armed clash", "Explosions/Remote violence": "Shelling/artillery/missile attack",
                "Violence against civilians": "Attack", "Protests": "Peaceful protest",
                "Riots": "Violent demonstration", "Strategic developments": "Other"}


def _main_trigger(triggers: list[Mention], actors: list[Mention]) -> tuple[Mention, Trigger] | None:
    """The highest-priority family among trustworthy triggers; a weak trigger («دخلت», «تقدم») is
    trustworthy when a named actor stands within three words of it («دخلت قوات سوريا الديمقراطية»)."""
    best: tuple[bool, int, float, int, Mention, Trigger] | None = None
    for m in triggers:
        near_actor = any(abs(a.first_word - m.last_word) <= 4 or abs(m.first_word - a.last_word) <= 3
                         for a in actors)
        for t in m.value:
            weak = t.strength < MIN_STRENGTH and not near_actor
            key = (weak, _RANK.get(t.family, len(_RANK)), m.first_word, -t.strength)
            if best is None or key < best[:4]:
                best = (*key, m, t)
    if best is not None and best[5].family == "explosion":
        # «فككت قوات الأمن عبوة ناسفة»: a seizure verb governing the explosive is what happened
        for m in triggers:
            for t in m.value:
                if t.family == "seizure" and t.pos == "verb" and m.last_word < best[4].first_word <= m.last_word + 4:
                    return m, t
    return (best[4], best[5]) if best else None


def _air_capable(a: ActorEntry) -> bool:
    return a.kind == "external_force" or a.id.upper().startswith(("INT-COAL", "COAL", "RU", "US"))


def _sentence_words(doc: Document, si: int) -> tuple[int, int]:
    s = doc.sentences[si]
    return s.first_word, s.last_word + 1


def _pick_time(trig: Mention, ms: list[Mention]) -> Mention | None:
    """The nearest time expression, a day or a week before a month or vaguer («منذ أشهر»)."""
    if not ms:
        return None
    return min(ms, key=lambda m: (m.value.precision > 2,
                                  abs(m.first_word - trig.first_word) + (0 if m.first_word < trig.first_word else 1)))


def _prev_words(words, i: int, n: int) -> list[str]:
    out = []
    j = i - 1
    while j >= 0 and len(out) < n:
        w = words[j]
        if w.kind != "punct":
            out.append(w.base)
        elif w.norm not in ('"', "'", "(", ")"):
            break
        j -= 1
    return out


def _after_count(doc: Document, m: Mention) -> bool:
    """«70 عنصرا من داعش», «3 من عناصره»: the actor names the group a count belongs to (but in
    «اغتصب عناصر من الميليشيات امرأة» the members right after an active verb are its subject)."""
    j = m.first_word - 2
    if j >= 1 and doc.words[j].base == "عناصر":
        for t in doc.mentions:
            if t.label == "TRIGGER" and t.last_word == j - 1 and any(
                    r.pos == "verb" and r.voice in ("active", "-") for r in t.value):
                return False
    for j in range(m.first_word - 2, max(-1, m.first_word - 5), -1):
        if doc.words[j].kind == "num" or doc.words[j].base in ("عنصرا", "عنصر", "مقاتلا", "قتيلا", "عناصر"):
            return True
    return False


def _snap_start(doc: Document, pos: int, clause: tuple[int, int]) -> int:
    for i in range(clause[0], clause[1] + 1):
        if doc.words[i].start >= pos:
            return doc.words[i].start
    return doc.words[clause[0]].start


def _snap_end(doc: Document, pos: int, clause: tuple[int, int]) -> int:
    for i in range(clause[1], clause[0] - 1, -1):
        if doc.words[i].end <= pos:
            return doc.words[i].end
    return doc.words[clause[1]].end


def _generic_of_kind(dictionary, kind: str) -> ActorEntry | None:
    for e in dictionary.entries.values():
        if e.generic and e.kind == kind:
            return e
    return None


def _article_country(doc: Document) -> str | None:
    c: Counter[str] = Counter()
    for m in doc.mentions:
        if m.label == "PLACE" and m.value.place is not None and m.value.place.country_code:
            c[m.value.place.country_code] += 1
    return c.most_common(1)[0][0] if c else None


# -- dates ---------------------------------------------------------------------------------------------
def resolve_dates(doc: Document, ev: Event) -> None:
    """Event date from its time expression, else the publication date with precision 2 over the last week."""
    d: EventDetail = ev.detail
    pub = doc.article.published or date.today()
    if d.time is not None:
        v = d.time.value
        if v.start > pub:  # a future date is not when a reported event happened
            d.time = None
        else:
            end = min(v.end, pub)
            ev.event_date = v.start
            ev.date_range = (v.start, end) if end != v.start else None
            ev.time_precision = v.precision if end == v.start else max(v.precision, 2)
            return
    d.date_fallback = True
    ev.event_date = pub - timedelta(days=1)
    ev.date_range = (pub - timedelta(days=7), pub)
    ev.time_precision = 2


def opponent(doc: Document, ev: Event) -> ActorRef | None:
    """For a battle with one side known: the armed actor the article pits against it."""
    d: EventDetail = ev.detail
    if d.agent is None:
        return None
    me = d.agent.actor.id
    counts: Counter[str] = Counter()
    refs: dict[str, ActorRef] = {}
    for m in doc.mentions_of("ACTOR"):
        a = m.value.actor
        if a.id == me or a.kind not in ARMED_KINDS or a.role == "source" or a.generic:
            continue
        dist = abs(m.sentence - d.sentence)
        counts[a.id] += 3.0 if dist == 0 else (1.5 if dist <= 2 else 1.0)
        refs[a.id] = m.value
    if not counts:
        return None
    best, _ = counts.most_common(1)[0]
    return refs[best]
