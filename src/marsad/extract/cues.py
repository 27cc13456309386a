"""Loader for the scope cues (``data/cues/cues.tsv``) and attribution cues (``data/attribution/cues.tsv``)."""

from __future__ import annotations

from functools import cache
from importlib import resources

from marsad.errors import DataError
from marsad.text.normalize import match_key

CUE_ROLES = {"clause", "clause!", "negation", "irrealis", "irrealis!", "habitual", "hedge", "agent", "target",
             "partner", "locative", "direction", "anaphor", "generic", "analyst", "disaster"}
ATTRIBUTION_KINDS = {"say", "according", "continue"}


def _rows(folder: str, name: str):
    path = resources.files("marsad.data").joinpath(folder).joinpath(name)
    with path.open(encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.split("\t")
            if len(parts) != 2:
                raise DataError(f"{folder}/{name} line {lineno}: expected 'phrase<TAB>role'")
            yield lineno, match_key(parts[0]), parts[1].strip()


@cache
def scope_cues() -> dict[str, frozenset[str]]:
    """match_key(word) → roles (a word may have several: «على» is target and locative)."""
    out: dict[str, set[str]] = {}
    for lineno, key, role in _rows("cues", "cues.tsv"):
        if role not in CUE_ROLES:
            raise DataError(f"cues/cues.tsv line {lineno}: unknown role {role!r}")
        out.setdefault(key, set()).add(role)
    return {k: frozenset(v) for k, v in out.items()}


@cache
def attribution_cues() -> dict[str, str]:
    """match_key(phrase) → kind (say / according / continue)."""
    out: dict[str, str] = {}
    for lineno, key, kind in _rows("attribution", "cues.tsv"):
        if kind not in ATTRIBUTION_KINDS:
            raise DataError(f"attribution/cues.tsv line {lineno}: unknown kind {kind!r}")
        out[key] = kind
    return out
