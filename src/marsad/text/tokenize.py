"""Tokenisation with clitic segmentation; every piece keeps its exact span in the original text.

>>> text = "وبالرقةِ قُتل 3"
>>> words, tokens = tokenize(text)
>>> [(t.text, t.clitic) for t in tokens]
[('و', 'pre'), ('ب', 'pre'), ('ال', 'det'), ('رقةِ', None), ('قُتل', None), ('3', None)]
>>> words[0].base
'الرقه'
"""

from __future__ import annotations

import re
import unicodedata

from marsad.model import Token, Word
from marsad.text.normalize import Normalized, normalize
from marsad.text.segment import analyse

# On the normalised text: Arabic words, Latin words, numbers (3.5, 1,200), any other visible character.
_TOKEN = re.compile(
    r"([\u0621-\u063a\u0641-\u064a\u0671-\u06d3\u06fa-\u06ff]+)"
    r"|(\d+(?:[.,]\d+)*)"
    r"|([A-Za-z]+(?:['’-][A-Za-z]+)*)"
    r"|(\S)"
)
_LONE_CLITICS = frozenset("وفبلك")
# Words made only of one or two proclitic letters (لـ«…», وبـ«…»): every such string, for one set lookup.
_LONE_CLITIC_WORDS = _LONE_CLITICS | {a + b for a in _LONE_CLITICS for b in _LONE_CLITICS}
_KINDS = (None, "word", "num", "latin", "punct")


def tokenize_words(text: str, norm: Normalized | None = None, start: int = 0, end: int | None = None,
                   words: list[Word] | None = None) -> list[Word]:
    """The words of ``text[start:end]`` with their clitic analysis, appended to ``words``."""
    norm = norm or normalize(text)
    ntext = norm.text
    alignment = norm.alignment
    offsets = alignment.offsets
    original = alignment.original
    nstart = alignment.to_normalized(start)
    nend = len(ntext) if end is None else alignment.to_normalized(end)
    words = [] if words is None else words
    append = words.append
    last_end = words[-1].end if words else -1
    combining = unicodedata.combining
    for m in _TOKEN.finditer(ntext, nstart, nend):
        ns, ne = m.span()
        if offsets is None:
            s, e = ns, ne
        else:  # Alignment.to_original, inlined (a token is never empty)
            s = offsets[ns]
            e = offsets[ne - 1] + 1
            stop = offsets[ne]
            while e < stop and (original[e] == "\u0640" or combining(original[e])):
                e += 1
        if s < last_end:
            continue  # another piece of one expanded original character («¼» → 1⁄4): already covered
        last_end = e
        nw = m.group()
        li = m.lastindex
        if li == 1:
            if nw in _LONE_CLITIC_WORDS:
                # لـ«الشرق الأوسط», وبـ«داعش»: proclitics cut off by tatweel or a quote
                last = nw[-1]
                append(Word(s, e, text[s:e], nw, last, last, tuple(nw), None, "word", tuple((c, "pre") for c in nw),
                            (1,) * len(nw), ns, (last,)))
                continue
            a = analyse(nw)
            append(Word(s, e, text[s:e], nw, a.base, a.stem, a.prefixes, a.suffix, "word", a.pieces, a.lengths, ns,
                        a.keys))
        else:
            # fold() changes only ى and ة, which only the word group matches: numbers and punctuation are their key
            key = nw.lower() if li == 3 else nw
            append(Word(s, e, text[s:e], nw, key, key, (), None, _KINDS[li], (), (), ns, (key,)))
    return words


def tokens_of(text: str, norm: Normalized | None, words: list[Word]) -> list[Token]:
    """Clitic pieces of ``words`` as tokens with exact original spans; sets each word's token range."""
    norm = norm or normalize(text)
    to_orig = norm.alignment.to_original
    tokens: list[Token] = []
    for wi, w in enumerate(words):
        w.first_token = len(tokens)
        if len(w.pieces) <= 1:
            tokens.append(Token(w.start, w.end, w.text, w.norm, w.kind, wi, w.pieces[0][1] if w.pieces else None))
        else:
            pos = w.nstart
            spans = []
            for k, ln in enumerate(w.lengths):
                ps, pe = to_orig(pos, pos + ln)
                spans.append((ps, w.end if k == len(w.lengths) - 1 else pe))
                pos += ln
            if any(spans[k][0] < spans[k - 1][1] for k in range(1, len(spans))):
                # a ligature (ﻻ) holds two pieces: keep the word whole rather than overlap spans
                tokens.append(Token(w.start, w.end, w.text, w.norm, w.kind, wi, None))
            else:
                for (piece, role), (ps, pe) in zip(w.pieces, spans, strict=True):
                    tokens.append(Token(ps, pe, text[ps:pe], piece, w.kind, wi, role))
        w.last_token = len(tokens) - 1
    return tokens


def tokenize(text: str, norm: Normalized | None = None) -> tuple[list[Word], list[Token]]:
    """Words and their clitic pieces (tokens) for the whole ``text``."""
    norm = norm or normalize(text)
    words = tokenize_words(text, norm)
    return words, tokens_of(text, norm, words)
