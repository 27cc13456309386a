"""Arabic normalisation for matching, with an alignment back to the original text.

Normalised strings are *attributes* used for matching; offsets reported to users always index the
original text. Any step that changes length is recorded in an :class:`Alignment`.

>>> n = normalize("قُتِلَ ٣ عناصرٍ في «الرقّة»")
>>> n.text
'قتل 3 عناصر في "الرقة"'
>>> n.alignment.to_original(*n.span_of("الرقة"))
(20, 26)

Two levels:

* :func:`normalize` — diacritics, tatweel, zero-width and bidi marks removed; presentation forms
  (NFKC); أ إ آ ٱ → ا; Eastern Arabic / Persian digits and ٫ ٬ → ASCII; «» and curly quotes → ``"``.
* :func:`match_key` — on top of that ى → ي, ة → ه, Latin lower-cased and runs of spaces collapsed:
  the key used by dictionaries, the gazetteer and triggers.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from bisect import bisect_left
from dataclasses import dataclass

# Characters removed outright: harakat and Quranic marks, superscript alef, tatweel, zero-width
# characters, bidi controls, the Arabic letter mark, BOM and soft hyphen.
_DELETE = (
    "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed\u0640"
    "\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\u061c\ufeff\u00ad"
)
_DELETE_RE = re.compile(f"[{_DELETE}]")

_MAP = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا",
    "٫": ".", "٬": ",",
    "«": '"', "»": '"', "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"', "‹": '"', "›": '"',
    "‘": "'", "’": "'", "‚": "'", "‛": "'",
    "\u00a0": " ", "\u2007": " ", "\u202f": " ",
}
for _i in range(10):
    _MAP[chr(0x0660 + _i)] = str(_i)
    _MAP[chr(0x06F0 + _i)] = str(_i)
_TABLE = str.maketrans(_MAP)

_KEY_TABLE = str.maketrans({"ى": "ي", "ة": "ه"})
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Alignment:
    """Maps positions of a normalised string back to the original.

    ``offsets[i]`` is the original index of normalised character ``i``; ``offsets[len(norm)]`` is
    ``len(original)``. ``None`` means the identity (the common case: nothing changed length).
    """

    offsets: array | None
    original: str

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Original ``[start, end)`` covering normalised ``[start, end)``."""
        if self.offsets is None:
            return start, end
        o = self.offsets
        if end <= start:
            pos = o[start]
            return pos, pos
        # Extend over removed combining marks and tatweel that belong to the last character
        # («الرقّةُ» keeps its final damma), but never over removed spaces or controls.
        e, stop, text = o[end - 1] + 1, o[end], self.original
        while e < stop and (text[e] == "\u0640" or unicodedata.combining(text[e])):
            e += 1
        return o[start], e

    def point(self, i: int) -> int:
        return i if self.offsets is None else self.offsets[i]

    def to_normalized(self, pos: int) -> int:
        """The first normalised position at or after original position ``pos``."""
        return pos if self.offsets is None else bisect_left(self.offsets, pos)


@dataclass(frozen=True, slots=True)
class Normalized:
    text: str
    alignment: Alignment

    def span_of(self, needle: str, start: int = 0) -> tuple[int, int]:
        i = self.text.index(needle, start)
        return i, i + len(needle)


def normalize(text: str) -> Normalized:
    """Normalise ``text`` for matching and return the alignment to the original."""
    n = len(text)
    mapped = text.translate(_TABLE)  # 1:1, so positions are unchanged (NBSP → space happens here)
    if unicodedata.is_normalized("NFKC", mapped):
        if not _DELETE_RE.search(mapped):
            return Normalized(mapped, Alignment(None, text))
        pieces: list[str] = []
        offsets = array("i")
        last = 0
        for m in _DELETE_RE.finditer(mapped):
            s = m.start()
            if s > last:
                pieces.append(mapped[last:s])
                offsets.extend(range(last, s))
            last = m.end()
        if last < n:
            pieces.append(mapped[last:])
            offsets.extend(range(last, n))
        offsets.append(n)
        return Normalized("".join(pieces), Alignment(offsets, text))
    # Slow path (presentation forms, ligatures, full-width forms): character by character.
    out: list[str] = []
    offsets = array("i")
    for i, ch in enumerate(text):
        for c in unicodedata.normalize("NFKC", ch):
            if _DELETE_RE.match(c):
                continue
            out.append(c)
            offsets.append(i)
    offsets.append(n)
    return Normalized("".join(out).translate(_TABLE), Alignment(offsets, text))


def normalize_text(text: str) -> str:
    """The normalised string alone (no alignment)."""
    return normalize(text).text


def fold(norm: str) -> str:
    """ى → ي, ة → ه on an already normalised string (length-preserving)."""
    return norm.translate(_KEY_TABLE)


def match_key(text: str) -> str:
    """The key dictionaries, the gazetteer and triggers are indexed by.

    >>> match_key("الرَّقَّةُ") == match_key("الرقه")
    True
    """
    return _SPACES.sub(" ", fold(normalize(text).text)).strip().lower()
