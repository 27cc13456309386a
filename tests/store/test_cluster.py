"""Cross-article merging: the rules on their own (fast), then merge, no-merge, split and re-clustering in a real
store on SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from marsad.errors import StoreConflict, StoreNotFound
from marsad.store.cluster import ActorInfo, ActorRelations, Facet, Member, aggregate, compare, family_of
from tests.store.texts import STRIKE_LATER, article, strike_pair

# --- the rules ---------------------------------------------------------------------------------------------------

ACTORS = {k: ActorInfo(k, n, kind, d, cc) for k, n, kind, d, cc in [
    ("SY-SDF", "Syrian Democratic Forces", "rebel_group", "SY-SDF", "SY"),
    ("IS", "Islamic State", "rebel_group", "IS", None),
    ("SY-REGIME", "Military Forces of Syria", "state_forces", "SY-REGIME", "SY"),
    ("GEN-MIL:SY", "Military Forces of Syria", "state_forces", "GEN-MIL", "SY"),
    ("GEN-MIL:IQ", "Military Forces of Iraq", "state_forces", "GEN-MIL", "IQ"),
    ("IQ-POLICE", "Police Forces of Iraq", "state_forces", "IQ-POLICE", "IQ"),
    ("IQ-FEDPOLICE", "Federal Police (Iraq)", "state_forces", "IQ-FEDPOLICE", "IQ"),
    ("GEN-UAG:SY", "Unidentified Armed Group (Syria)", "political_militia", "GEN-UAG", "SY"),
    ("GEN-CIV:SY", "Civilians (Syria)", "civilians", "GEN-CIV", "SY"),
]}
REL = ActorRelations(ACTORS)
HAJIN = (34.695, 40.831)


def facet(day: date = date(2018, 11, 11), actors=("SY-SDF", "IS"), where=HAJIN, precision: int = 1,
          published: date = date(2018, 11, 12), article: str = "a", event_type: str = "Battles",
          sub: str = "Armed clash", geo_precision: int = 1) -> Facet:
    return Facet(family_of(event_type, sub), sub, day, precision, "SY", "Deir-ez-Zor", where[0], where[1],
                 geo_precision, actors[0], actors[1], frozenset({published}), frozenset({article}),
                 frozenset({article + "#1"}))


def test_same_pair_same_day_merges_with_a_reason():
    m = compare(facet(actors=("IS", "SY-SDF"), article="b"), facet(), REL)
    assert m is not None
    assert m.reason == ("same type family (political violence), same actor pair Islamic State↔Syrian Democratic "
                        "Forces, 0.0 km apart, same day")


def test_a_side_not_named_is_compatible():
    m = compare(facet(actors=("IS", None), article="b", where=(34.70, 40.85)), facet(), REL)
    assert m is not None and "compatible actors Islamic State↔(not named)" in m.reason and "1.8 km" in m.reason


def test_other_actor_does_not_merge():
    assert compare(facet(actors=("SY-REGIME", "IS"), article="b"), facet(), REL) is None


def test_days_apart():
    base = facet()
    # a day apart, printed on different days: «أمس» in two papers may be one day
    assert compare(facet(day=date(2018, 11, 12), published=date(2018, 11, 13), article="b"), base, REL) is not None
    # printed the same day yet naming two days: two events
    assert compare(facet(day=date(2018, 11, 12), article="b"), base, REL) is None
    # three days apart, or two days apart when both dates are exact: never
    assert compare(facet(day=date(2018, 11, 14), published=date(2018, 11, 15), article="b"), base, REL) is None
    assert compare(facet(day=date(2018, 11, 13), published=date(2018, 11, 14), article="b"), base, REL) is None
    # a date range (precision 2) allows two days
    assert compare(facet(day=date(2018, 11, 13), precision=2, published=date(2018, 11, 14), article="b"), base,
                   REL) is not None


def test_distance_depends_on_precision():
    far = (34.695, 41.0)  # ~15 km east
    assert compare(facet(where=far, article="b"), facet(), REL) is None
    assert compare(facet(where=far, geo_precision=2, article="b"), facet(), REL) is not None


def test_type_family():
    strike = facet(event_type="Explosions/Remote violence", sub="Shelling/artillery/missile attack", article="b")
    assert compare(strike, facet(), REL) is not None  # one paper's «اشتباكات» is another's «قصف»
    protest = facet(event_type="Protests", sub="Peaceful protest", article="b")
    assert compare(protest, facet(), REL) is None
    arrests = facet(event_type="Strategic developments", sub="Arrests", article="b")
    agreement = facet(event_type="Strategic developments", sub="Agreement", article="c")
    assert compare(arrests, agreement, REL) is None


def test_same_article_and_split_events_never_merge():
    base = facet()
    assert compare(facet(article="a"), base, REL) is None
    ev = replace(facet(article="b"), events=frozenset({"a#1"}))
    assert compare(ev, base, REL) is None


def test_actor_relations():
    assert REL.relation("IQ-FEDPOLICE", "IQ-POLICE") == "related"  # a part of it (dictionary parent)
    assert REL.relation("GEN-MIL:SY", "SY-REGIME") == "related"  # generic state forces of the same country
    assert REL.relation("GEN-MIL:IQ", "SY-REGIME") == "conflict"
    assert REL.relation("GEN-UAG:SY", "IS") == "unknown"  # gunmen: not evidence, not a contradiction
    assert REL.relation("GEN-UAG:SY", "GEN-CIV:SY") == "conflict"
    assert REL.relation(None, "IS") == "unknown"


def _member(i: int, fatalities: int | None, reports: list[int] | None = None, **kw) -> Member:
    base = dict(id=f"a{i}#1", article_id=f"a{i}", seq=i, ordinal=1, published=date(2018, 11, 12),
                event_type="Battles", sub_event_type="Armed clash", event_date=date(2018, 11, 11), time_precision=1,
                actor1="SY-SDF", actor2="IS", place_key="p", location="Hajin", country_code="SY",
                admin1="Deir-ez-Zor", admin2=None, latitude=HAJIN[0], longitude=HAJIN[1], geo_precision=1,
                fatalities=fatalities, fatality_reports=reports, injuries=None, civilian_targeting=None,
                confidence=0.8, notes=f"note {i}")
    base.update(kw)
    return Member(**base)


def test_aggregate_keeps_every_figure():
    v = aggregate([_member(1, 12, [12, 20]), _member(2, 15), _member(3, None), _member(4, 9)])
    assert (v.fatalities_low, v.fatalities_best, v.fatalities_high) == (9, 12, 20)
    assert (v.n_events, v.n_articles) == (4, 4)


def test_aggregate_takes_the_most_precise_report():
    v = aggregate([_member(1, 3, geo_precision=3, location="Deir-ez-Zor", actor2=None),
                   _member(2, 4, location="Hajin")])
    assert v.location == "Hajin" and v.notes == "note 2" and (v.actor1_key, v.actor2_key) == ("SY-SDF", "IS")
    v = aggregate([_member(1, 3, actor2=None), _member(2, 4, geo_precision=2, actor1="IS", actor2="SY-SDF")])
    assert v.location == "Hajin" and {v.actor1_key, v.actor2_key} == {"SY-SDF", "IS"}  # unnamed side filled


# --- in a store ---------------------------------------------------------------------------------------------------


def _strike_cluster(store):
    found = [e for e in store.events() if e.event_type == "Explosions/Remote violence" and e.n_articles > 1]
    assert len(found) == 1, [(e.id, e.event_type, e.n_articles) for e in store.events()]
    return found[0]


def test_two_reports_merge_into_one_cluster_with_both_sources(store):
    a, b = strike_pair()
    stats = store.ingest([a, b])
    assert stats.merged >= 1
    ev = _strike_cluster(store)
    assert {r.article_id for r in ev.reports} == {a.id, b.id}
    assert {r.publisher for r in ev.reports} == {"Asharq Al-Awsat", "Okaz"}
    assert ev.event_date == date(2018, 12, 18) and ev.country_code == "SY"
    assert (ev.fatalities_low, ev.fatalities_high) == (5, 7)
    merged = [r for r in ev.reports if r.merge_reason]
    assert len(merged) == 1 and merged[0].merge_reason.startswith("same type family (political violence), ")
    assert "same day" in merged[0].merge_reason
    assert store.check() == []


def test_a_strike_days_later_is_another_event(store):
    a, b = strike_pair()
    later = article(STRIKE_LATER, date(2018, 12, 23), "Al Riyadh")
    store.ingest([a, b, later])
    ev = _strike_cluster(store)
    assert later.id not in {r.article_id for r in ev.reports}
    assert store.cluster_of(f"{later.id}#1") != ev.id


def test_split_is_remembered_by_reclustering(store):
    store.ingest(strike_pair())
    ev = _strike_cluster(store)
    joined = next(r for r in ev.reports if r.merge_reason)
    result = store.split(joined.event_id, user="analyst", reason="different strikes")
    assert result.old_cluster == ev.id and result.new_cluster == joined.event_id
    left = store.event(ev.id)
    assert left.n_articles == 1 and left.event_id_cnty == ev.event_id_cnty and left.version > ev.version
    assert store.event(result.new_cluster).reports[0].merge_reason is None
    entry = store.audit(entity="event", entity_id=joined.event_id)[0]
    assert (entry.user, entry.action, entry.before, entry.after) == ("analyst", "split", ev.id, joined.event_id)
    entry = store.audit(entity="cluster", entity_id=ev.id)[0]
    assert entry.action == "split" and joined.event_id in entry.before and joined.event_id not in entry.after
    again = store.recluster(user="test")
    assert again.moved == 0 and again.removed == []
    assert store.cluster_of(joined.event_id) == result.new_cluster
    assert store.event(ev.id).n_articles == 1
    with pytest.raises(StoreConflict):
        store.split(joined.event_id, user="analyst")  # alone now
    with pytest.raises(StoreNotFound):
        store.split("sha256:0000#1", user="analyst")


def test_splitting_the_founder_keeps_the_cluster_name(store):
    a, b = strike_pair()
    store.ingest([a, b])
    ev = _strike_cluster(store)
    founder = ev.reports[0].event_id
    result = store.split(founder, user="analyst")
    assert result.old_cluster == ev.id == founder and result.new_cluster == f"{founder}~1"
    assert store.event(ev.id).reports[0].article_id == b.id
    assert store.recluster().moved == 0
    assert store.cluster_of(founder) == f"{founder}~1" and store.check() == []


def test_recluster_reproduces_incremental_clusters(store):
    a, b = strike_pair()
    store.ingest([a, b, article(STRIKE_LATER, date(2018, 12, 23), "Al Riyadh")])
    before = {(e.id, e.event_id_cnty, tuple(r.event_id for r in e.reports)) for e in store.events()}
    result = store.recluster()
    assert result.moved == 0 and result.removed == []
    assert {(e.id, e.event_id_cnty, tuple(r.event_id for r in e.reports)) for e in store.events()} == before
