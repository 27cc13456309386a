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
_TABLE = str.maketrans(_MAP)  # the reference: _map(s) == s.translate(_TABLE)
# The same 1:1 mapping as a chain of ``str.replace`` calls: C-speed scans, ~20× faster than ``str.translate``
# with a dict on Arabic text (no target character is also a source, so the order does not matter).
_MAP_ITEMS = tuple(_MAP.items())

_KEY_TABLE = str.maketrans({"ى": "ي", "ة": "ه"})  # the reference: fold(s) == s.translate(_KEY_TABLE)


def _map(text: str) -> str:
    """``text.translate(_TABLE)``, fast."""
    for a, b in _MAP_ITEMS:
        if a in text:
            text = text.replace(a, b)
    return text


# Per-character slow path: what NFKC + deletion turns each character into (``ch`` itself when regular).
_CHAR_OUT: dict[str, str] = {}
_IRREGULAR_RE: dict[str, re.Pattern[str]] = {}
# 0, 1, 2, …: slices of it are the identity offsets of a run of unchanged characters (a memcpy, not a loop).
_IOTA = array("i")


def _iota(n: int) -> array:
    global _IOTA
    if len(_IOTA) < n:
        _IOTA = array("i", range(max(n, 2 * len(_IOTA), 4096)))
    return _IOTA


def _char_out(ch: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKC", ch) if not _DELETE_RE.match(c))


def _irregular(text: str) -> tuple[re.Pattern[str] | None, dict[str, str]]:
    """A pattern matching the characters of ``text`` that NFKC or deletion changes, and what each becomes."""
    table = _CHAR_OUT
    if len(table) > 100_000:  # bounded: adversarial input could name every code point
        table.clear()
    changed: dict[str, str] = {}
    for ch in set(text):
        out = table.get(ch)
        if out is None:
            out = table[ch] = _char_out(ch)
        if out != ch:
            changed[ch] = out
    if not changed:
        return None, changed
    cls = "".join(sorted(changed))
    pat = _IRREGULAR_RE.get(cls)
    if pat is None:
        if len(_IRREGULAR_RE) > 512:
            _IRREGULAR_RE.clear()
        pat = _IRREGULAR_RE[cls] = re.compile("[" + "".join(f"\\U{ord(c):08x}" for c in cls) + "]")
    return pat, changed


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
    mapped = _map(text)  # 1:1, so positions are unchanged (NBSP → space happens here)
    if unicodedata.is_normalized("NFKC", mapped):
        if not _DELETE_RE.search(mapped):
            return Normalized(mapped, Alignment(None, text))
        pieces: list[str] = []
        offsets = array("i")
        iota = _iota(n + 1)
        last = 0
        for m in _DELETE_RE.finditer(mapped):
            s = m.start()
            if s > last:
                pieces.append(mapped[last:s])
                offsets.extend(iota[last:s])
            last = m.end()
        if last < n:
            pieces.append(mapped[last:])
            offsets.extend(iota[last:n])
        offsets.append(n)
        return Normalized("".join(pieces), Alignment(offsets, text))
    # Slow path (presentation forms, ligatures, full-width forms): each character on its own is NFKC-normalised
    # and stripped of deleted marks; only the characters that change are visited one by one.
    pat, changed = _irregular(text)
    pieces = []
    offsets = array("i")
    iota = _iota(n + 1)
    last = 0
    if pat is not None:
        for m in pat.finditer(text):
            s = m.start()
            if s > last:
                pieces.append(text[last:s])
                offsets.extend(iota[last:s])
            out = changed[m.group()]
            if out:
                pieces.append(out)
                offsets.extend(iota[s:s + 1] * len(out))
            last = s + 1
    if last < n:
        pieces.append(text[last:])
        offsets.extend(iota[last:n])
    offsets.append(n)
    return Normalized(_map("".join(pieces)), Alignment(offsets, text))


def _normalize_str(text: str) -> str:
    """``normalize(text).text`` without building the alignment."""
    mapped = _map(text)
    if unicodedata.is_normalized("NFKC", mapped):
        return _DELETE_RE.sub("", mapped) if _DELETE_RE.search(mapped) else mapped
    pat, changed = _irregular(text)
    if pat is not None:
        text = pat.sub(lambda m: changed[m.group()], text)
    return _map(text)


def normalize_text(text: str) -> str:
    """The normalised string alone (no alignment)."""
    return _normalize_str(text)


def fold(norm: str) -> str:
    """ى → ي, ة → ه on an already normalised string (length-preserving)."""
    return norm.replace("ى", "ي").replace("ة", "ه")  # = translate(_KEY_TABLE), several times faster


def match_key(text: str) -> str:
    """The key dictionaries, the gazetteer and triggers are indexed by.

    >>> match_key("الرَّقَّةُ") == match_key("الرقه")
    True
    """
    # " ".join(split()) == _SPACES.sub(" ", …).strip(): both split on str.isspace() characters
    return " ".join(fold(_normalize_str(text)).split()).lower()
