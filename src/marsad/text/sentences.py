"""Sentence splitting for Arabic news.

Boundaries: . ؟ ? ! … ؛ and paragraph breaks — not the comma ،. A quotation in «…» is kept whole
(unless a paragraph break comes first), numbers like 3.5 and one-letter abbreviations such
as «د.» do not end a sentence.

>>> [s for s, e in split_sentences("قال د. أحمد إن «الهجوم فشل. والقوات انسحبت». وانتهى الأمر؛ ثم عاد")]
[0, 45, 59]
"""

from __future__ import annotations

import re

_TERMINAL = ".؟?!…؛"
# A run of terminal punctuation (with closing quotes/brackets after it) or a paragraph break.
_BOUNDARY = re.compile(r"[.؟?!…؛]+[\"'»”)\]]*|\n\s*")


# The characters the splitter acts on; everything between them is skipped at C speed.
_SPECIAL = re.compile("[«»\n" + re.escape(_TERMINAL) + "]")


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """``[start, end)`` of each sentence, whitespace trimmed, covering ``text[start:end]``."""
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    depth = 0  # «…» nesting
    s = start
    i = start
    search = _SPECIAL.search
    while i < end:
        m = search(text, i, end)
        if m is None:
            break
        i = m.start()
        ch = text[i]
        if ch == "«":
            depth += 1
        elif ch == "»":
            depth = max(0, depth - 1)
        elif ch == "\n":
            depth = 0
            _push(text, s, i, spans)
            s = i + 1
        elif depth == 0:  # a terminal
            m = _BOUNDARY.match(text, i, end)
            j = m.end() if m else i + 1
            if ch == "." and _not_boundary(text, i, end):
                i += 1
                continue
            _push(text, s, j, spans)
            s = j
            i = j
            continue
        i += 1
    _push(text, s, end, spans)
    return spans


def _not_boundary(text: str, i: int, end: int) -> bool:
    """A period inside a number (3.5), after an abbreviation (د.), or inside a word/URL (aawsat.com)."""
    nxt = text[i + 1] if i + 1 < end else " "
    if not nxt.isspace() and nxt not in "\"'»”)":
        return True
    # a lone letter before the period: «د.», «م.», «ق.م.» (Arabic has no one-letter final words)
    return i >= 1 and text[i - 1].isalpha() and (i == 1 or not text[i - 2].isalpha())


def _push(text: str, s: int, e: int, spans: list[tuple[int, int]]) -> None:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if e > s:
        spans.append((s, e))
