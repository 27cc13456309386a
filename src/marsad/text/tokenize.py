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

from marsad.model import Token, Word
from marsad.text.normalize import Normalized, fold, normalize
from marsad.text.segment import analyse

# On the normalised text: Arabic words, Latin words, numbers (3.5, 1,200), any other visible character.
_TOKEN = re.compile(
    r"(?P<ar>[\u0621-\u063a\u0641-\u064a\u0671-\u06d3\u06fa-\u06ff]+)"
    r"|(?P<num>\d+(?:[.,]\d+)*)"
    r"|(?P<lat>[A-Za-z]+(?:['’-][A-Za-z]+)*)"
    r"|(?P<p>\S)"
)
_LONE_CLITICS = frozenset("وفبلك")


def tokenize(text: str, norm: Normalized | None = None) -> tuple[list[Word], list[Token]]:
    """Words and their clitic pieces for the whole ``text``."""
    norm = norm or normalize(text)
    ntext = norm.text
    to_orig = norm.alignment.to_original
    words: list[Word] = []
    tokens: list[Token] = []
    for m in _TOKEN.finditer(ntext):
        kind = m.lastgroup
        ns, ne = m.span()
        s, e = to_orig(ns, ne)
        if words and s < words[-1].end:
            continue  # another piece of one expanded original character («¼» → 1⁄4): already covered
        nw = m.group()
        wi = len(words)
        first = len(tokens)
        if kind == "ar":
            a = analyse(nw)
            if len(nw) <= 2 and all(c in _LONE_CLITICS for c in nw):
                # لـ«الشرق الأوسط», وبـ«داعش»: proclitics cut off by tatweel or a quote
                for k in range(len(nw)):
                    ps, pe = to_orig(ns + k, ns + k + 1) if k < len(nw) - 1 else (to_orig(ns + k, ne)[0], e)
                    tokens.append(Token(ps, pe, text[ps:pe], nw[k], "word", wi, "pre"))
                words.append(Word(s, e, text[s:e], nw, nw[-1], nw[-1], tuple(nw), None, first, len(tokens) - 1))
                continue
            if len(a.pieces) == 1:
                tokens.append(Token(s, e, text[s:e], nw, "word", wi, None))
            else:
                pos = ns
                spans = []
                for ln in a.lengths:
                    spans.append(to_orig(pos, pos + ln))
                    pos += ln
                if any(spans[k][0] < spans[k - 1][1] for k in range(1, len(spans))):
                    # a ligature (ﻻ) holds two pieces: keep the word whole rather than overlap spans
                    tokens.append(Token(s, e, text[s:e], nw, "word", wi, None))
                else:
                    for (piece, role), (ps, pe) in zip(a.pieces, spans, strict=True):
                        tokens.append(Token(ps, pe, text[ps:pe], piece, "word", wi, role))
            words.append(Word(s, e, text[s:e], nw, a.base, a.stem, a.prefixes, a.suffix, first, len(tokens) - 1))
        else:
            tkind = {"num": "num", "lat": "latin", "p": "punct"}[kind]
            key = nw.lower() if kind == "lat" else fold(nw)
            tokens.append(Token(s, e, text[s:e], nw, tkind, wi, None))
            words.append(Word(s, e, text[s:e], nw, key, key, (), None, first, first, tkind))
    return words, tokens
