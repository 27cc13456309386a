"""The actor and source dictionary: the bundled data loads, is consistent, and malformed rows fail clearly."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from importlib import resources
from pathlib import Path

import pytest

from marsad.errors import DataError
from marsad.extract.actor_dict import COLUMNS, KINDS, ActorEntry, load_actor_dictionary
from marsad.text.matcher import PhraseMatcher
from marsad.text.normalize import match_key
from marsad.text.tokenize import tokenize_words

# Aliases deliberately shared by specific entries whose periods overlap: the event's country decides.
ALLOWED_COLLISIONS: dict[str, frozenset[str]] = {
    **{k: frozenset({"INT-COALITION-US", "INT-COALITION-ARAB"})
       for k in ("التحالف", "قوات التحالف", "طيران التحالف", "طائرات التحالف", "مقاتلات التحالف")},
    "الجيش الوطني": frozenset({"YE-GOV", "LY-LNA", "SY-SNA"}),
    "الحرس الجمهوري": frozenset({"SY-RG", "YE-SALEH"}),
    **{k: frozenset({"SY-YPG", "IQ-PESHMERGA"}) for k in ("القوات الكردية", "المقاتلين الأكراد", "المقاتلون الأكراد")},
    **{k: frozenset({"YE-ANSAR-SHARIA", "LY-ANSAR-SHARIA", "TN-ANSAR-SHARIA"})
       for k in ("أنصار الشريعة", "جماعة أنصار الشريعة", "تنظيم أنصار الشريعة")},
    "الإعلام الحربي": frozenset({"SRC-WAR-MEDIA", "SRC-HOUTHI-WAR-MEDIA"}),
    "الحرس الوطني": frozenset({"TN-POLICE", "SA-SANG"}),
}

HEADER = "\t".join(COLUMNS)


@pytest.fixture(scope="module")
def d():
    return load_actor_dictionary()


def _by_key(d) -> dict[str, set[str]]:
    index: dict[str, set[str]] = defaultdict(set)
    for alias, entry in d.phrases():
        index[match_key(alias)].add(entry.id)
    return index


def _overlap(a: ActorEntry, b: ActorEntry) -> bool:
    lo = max(a.valid_from or 0, b.valid_from or 0)
    hi = min(a.valid_to or 9999, b.valid_to or 9999)
    return lo <= hi


# -- the bundled data ----------------------------------------------------------------------------------------------
def test_bundled_dictionary_loads_and_is_large_enough(d):
    assert len(d) >= 400
    assert d.alias_count() >= 2000
    assert sum(1 for _ in d.phrases()) == d.alias_count()


def test_default_load_is_cached(d):
    assert load_actor_dictionary() is d


def test_every_kind_and_role_is_valid(d):
    for e in d:
        assert e.kind in KINDS, e.id
        assert e.role in ("actor", "source", "both"), e.id
    kinds = Counter(e.kind for e in d)
    # every ACLED category except the rare ones has real coverage
    for k in ("state_forces", "rebel_group", "political_militia", "identity_militia", "civilians", "external_force",
              "protesters"):
        assert kinds[k] >= 5, (k, kinds)
    assert kinds["rioters"] >= 1


def test_ids_unique_and_parents_resolve(d):
    ids = [e.id for e in d]
    assert len(ids) == len(set(ids))
    for e in d:
        assert e.id == d.get(e.id).id
        if e.parent is not None:
            assert e.parent in d, (e.id, e.parent)
            assert e.parent != e.id


def test_entries_are_well_formed(d):
    for e in d:
        assert e.aliases[0] == e.name_ar, e.id
        assert e.name and e.name_ar
        if e.generic:
            assert e.country is None, e.id
        if e.valid_from is not None and e.valid_to is not None:
            assert e.valid_from <= e.valid_to, e.id
        keys = [match_key(a) for a in e.aliases]
        assert len(keys) == len(set(keys)), e.id


def test_bundled_files_waste_no_alias_on_normalised_variants():
    """The loader drops spellings that match_key makes identical; the bundled files should not contain any."""
    folder = resources.files("marsad").joinpath("data", "actors")
    wasted = []
    for path in sorted(folder.iterdir(), key=lambda p: p.name):
        if not path.name.endswith(".tsv"):
            continue
        for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip() or line.startswith("#"):
                continue
            cells = line.split("\t")
            forms = [cells[2], *(a for a in cells[10].split("|") if a.strip())]
            keys = [match_key(f) for f in forms]
            if len(keys) != len(set(keys)):
                wasted.append(f"{path.name}:{lineno}")
    assert not wasted


def test_aliases_carry_no_punctuation_that_blocks_matching(d):
    bad = re.compile(r"[()«»\"“”،,؛;:/]")
    offenders = [(e.id, a) for a, e in d.phrases() if bad.search(a)]
    assert not offenders


def test_every_alias_matches_itself_in_running_text(d):
    """An alias the tokeniser cannot reproduce word for word would never be found by the phrase matcher."""
    missing = []
    for alias, entry in d.phrases():
        m: PhraseMatcher[str] = PhraseMatcher()
        m.add(alias, entry.id)
        words = tokenize_words(f"وقال {alias} أمس")
        hits = m.find(words)
        if not hits or (hits[0].first, hits[0].last) != (1, len(words) - 2):
            missing.append((entry.id, alias))
    assert not missing


def test_no_unintended_alias_collisions(d):
    """An alias maps to at most one specific entry at a time, apart from the deliberate, country-decided ones."""
    index = _by_key(d)
    allowed = {match_key(k): v for k, v in ALLOWED_COLLISIONS.items()}
    report = []
    for key, ids in sorted(index.items()):
        specific = [d.get(i) for i in sorted(ids) if not d.get(i).generic]
        if len(specific) < 2:
            continue
        overlapping: set[str] = set()
        for i, a in enumerate(specific):
            for b in specific[i + 1:]:
                if _overlap(a, b):
                    overlapping |= {a.id, b.id}
        if overlapping and allowed.get(key) != frozenset(overlapping):
            report.append((key, sorted(overlapping)))
    assert not report, "alias collisions: " + "; ".join(f"{k} -> {v}" for k, v in report)


def test_allow_list_is_still_needed(d):
    index = _by_key(d)
    for alias, ids in ALLOWED_COLLISIONS.items():
        assert index.get(match_key(alias), set()) >= ids, alias


def test_generic_aliases_are_not_shadowed_by_specific_ones(d):
    """A specific entry beats a generic one for a shared alias, so a shared alias would hide the generic."""
    index = _by_key(d)
    shadowed = [(k, sorted(ids)) for k, ids in index.items()
                if len({d.get(i).generic for i in ids}) == 2]
    assert not shadowed


def test_generic_categories_do_not_share_aliases(d):
    index = _by_key(d)
    clashes = [(k, sorted(ids)) for k, ids in index.items() if sum(d.get(i).generic for i in ids) > 1]
    assert not clashes


def test_first_generic_civilians_entry_is_civilians(d):
    first = next(e for e in d if e.generic and e.kind == "civilians")
    assert first.id == "GEN-CIV"
    assert first.name == "Civilians"


def test_anaphoric_generic_words_are_present(d):
    for word in ("التنظيم", "الجماعة", "الحركة", "الفصيل", "الميليشيات", "الميليشيا"):
        hits = d.lookup(word)
        assert hits and all(e.generic for e in hits), word


@pytest.mark.parametrize(("alias", "expected"), [
    ("قسد", "SY-SDF"),
    ("قوات سوريا الديمقراطية", "SY-SDF"),
    ("داعش", "IS"),
    ("تنظيم الدولة الإسلامية", "IS"),
    ("الحشد الشعبي", "IQ-PMF"),
    ("المرصد", "SRC-SOHR"),
    ("المرصد السوري لحقوق الإنسان", "SRC-SOHR"),
    ("أ ف ب", "SRC-AFP"),
    ("فرانس برس", "SRC-AFP"),
    ("جبهة النصرة", "SY-NUSRA"),
    ("هيئة تحرير الشام", "SY-HTS"),
    ("الحوثيين", "YE-HOUTHI"),
    ("الانقلابيين", "YE-HOUTHI"),
    ("قوات النظام", "SY-REGIME"),
    ("حزب العمال الكردستاني", "TR-PKK"),
    ("بي كا كا", "TR-PKK"),
    ("ي ب ك", "SY-YPG"),
    ("التحالف الدولي", "INT-COALITION-US"),
    ("التحالف العربي", "INT-COALITION-ARAB"),
    ("حركة الشباب", "SO-SHABAAB"),
    ("الدعم السريع", "SD-RSF"),
    ("قوات حفتر", "LY-LNA"),
    ("جيش الاحتلال", "IL-IDF"),
    ("كتائب القسام", "PS-QASSAM"),
    ("مسلحون مجهولون", "GEN-UAG"),
    ("المدنيين", "GEN-CIV"),
    ("متظاهرين", "GEN-PROTESTERS"),
    ("مصدر عسكري", "GEN-SRC-MILITARY"),
])
def test_spot_checks(d, alias, expected):
    assert expected in {e.id for e in d.lookup(alias)}


def test_spot_check_roles_and_links(d):
    assert d.get("SRC-SOHR").role == "source"
    assert d.get("SRC-AFP").role == "source"
    assert d.get("SY-SDF").role == "both"
    nusra, hts = d.get("SY-NUSRA"), d.get("SY-HTS")
    assert nusra.parent == "AQ" and nusra.valid_to == 2016 and hts.valid_from == 2017
    assert d.get("SY-YPJ").parent == "SY-YPG"
    assert d.get("IQ-KH").parent == "IQ-PMF"
    assert d.get("GEN-CIV").generic and d.get("GEN-CIV").country is None
    assert d.get("IS").country is None
    assert d.get("SY-SDF").valid_in(2017) and not d.get("SY-NUSRA").valid_in(2018)


def test_matching_normalises_hamza_and_ta_marbuta(d):
    assert {e.id for e in d.lookup("الدولة الاسلامية")} == {e.id for e in d.lookup("الدولة الإسلامية")} == {"IS"}
    assert "SY-SDF" in {e.id for e in d.lookup("قوات سوريا الديمقراطيه")}


def test_get_unknown_id_raises_keyerror(d):
    with pytest.raises(KeyError, match="NOPE"):
        d.get("NOPE")


# -- loading user files and malformed rows --------------------------------------------------------------------
def _row(*cells: str) -> str:
    return "\t".join(cells)


GOOD = _row("X-ONE", "One", "واحد", "rebel_group", "SY", "", "2012", "", "actor", "0", "الواحد|واحد")


def _write(tmp_path: Path, name: str, *lines: str) -> Path:
    p = tmp_path / name
    p.write_text("\n".join(["# test file", f"# {HEADER}", *lines]) + "\n", encoding="utf-8")
    return p


def test_loads_user_files_with_parents_across_files(tmp_path):
    a = _write(tmp_path, "a.tsv", GOOD)
    b = _write(tmp_path, "b.tsv", HEADER,
               _row("X-TWO", "Two", "اثنان", "civilians", "", "X-ONE", "", "", "both", "0", ""))
    d = load_actor_dictionary([a, b])
    assert len(d) == 2
    one = d.get("X-ONE")
    assert one.aliases == ("واحد", "الواحد") and one.valid_from == 2012 and one.valid_to is None
    assert d.get("X-TWO").parent == "X-ONE" and d.get("X-TWO").country is None
    assert list(d.phrases()) == [("واحد", one), ("الواحد", one), ("اثنان", d.get("X-TWO"))]


@pytest.mark.parametrize(("line", "message"), [
    (_row("X-BAD", "Bad", "سيئ", "rebel_group", "SY", "", "", "", "actor", "0"), "expected 11 tab-separated columns"),
    (_row("X-BAD", "Bad", "سيئ", "warlords", "SY", "", "", "", "actor", "0", ""), "unknown kind 'warlords'"),
    (_row("X-ONE", "Again", "مجددا", "rebel_group", "SY", "", "", "", "actor", "0", ""), "duplicate id X-ONE"),
    (_row("X-BAD", "Bad", "سيئ", "rebel_group", "SY", "X-NONE", "", "", "actor", "0", ""), "unknown parent 'X-NONE'"),
    (_row("X-BAD", "Bad", "سيئ", "rebel_group", "SY", "", "2015", "2014", "actor", "0", ""), "after valid_to"),
    (_row("X-BAD", "Bad", "سيئ", "rebel_group", "SY", "", "soon", "", "actor", "0", ""), "four-digit year"),
    (_row("X-BAD", "Bad", "سيئ", "rebel_group", "SY", "", "", "", "speaker", "0", ""), "unknown role"),
    (_row("X-BAD", "Bad", "سيئ", "rebel_group", "SY", "", "", "", "actor", "yes", ""), "generic must be 0 or 1"),
    (_row("X-BAD", "Bad", "سيئ", "civilians", "SY", "", "", "", "actor", "1", ""), "must leave country empty"),
    (_row("X-BAD", "Bad", "سيئ", "rebel_group", "Syria", "", "", "", "actor", "0", ""), "ISO 3166-1"),
    (_row("x bad", "Bad", "سيئ", "rebel_group", "SY", "", "", "", "actor", "0", ""), "must be upper-case ASCII"),
])
def test_malformed_row_raises_data_error_with_file_and_line(tmp_path, line, message):
    p = _write(tmp_path, "bad.tsv", GOOD, "", line)
    with pytest.raises(DataError) as info:
        load_actor_dictionary([p])
    text = str(info.value)
    assert text.startswith("E-DATA: ")
    assert f"{p}:5:" in text  # two comments, GOOD, a blank line, then the bad row
    assert message in text
    assert "\n" not in text


def test_parent_cycle_is_rejected(tmp_path):
    p = _write(tmp_path, "cycle.tsv",
               _row("X-A", "A", "أ", "rebel_group", "SY", "X-B", "", "", "actor", "0", ""),
               _row("X-B", "B", "ب", "rebel_group", "SY", "X-A", "", "", "actor", "0", ""))
    with pytest.raises(DataError, match="loops back"):
        load_actor_dictionary([p])


def test_unreadable_and_non_utf8_files_raise_data_error(tmp_path):
    with pytest.raises(DataError, match="cannot read"):
        load_actor_dictionary([tmp_path / "missing.tsv"])
    p = tmp_path / "latin1.tsv"
    p.write_bytes(GOOD.encode("utf-8").replace("واحد".encode(), b"\xe9t\xe9"))
    with pytest.raises(DataError, match="not UTF-8"):
        load_actor_dictionary([p])
