"""Which language an article is in: a cheap script count first, the lingua identifier only where it is needed.

>>> identify("قتل ثلاثة مدنيين في قصف على حلب أمس، بحسب Reuters").language
'ar'
>>> identify("This is an English sentence about a protest in Cairo.").language
'en'
>>> identify("این یک خبر کوتاه درباره انتخابات در تهران است که روز دوشنبه برگزار شد.").language
'fa'

How it decides (measured on SaudiNewsNet, see BENCHMARKS.md):

1. Letters in Arabic script are counted in a sample. Under 30% of the letters (the rule of
   :func:`marsad.ingest.text.check_arabic`) the article is not Arabic: lingua names its language among
   the Latin-, Cyrillic- and Hebrew-script languages likely in a Middle-East news stream. At 30% or more
   the article is Arabic-script, so an Arabic report that quotes English names stays Arabic.
2. An Arabic-script text is Arabic unless it holds letters Arabic does not use (پ چ ژ گ ک ی of Persian,
   ے ں ٹ ڈ ڑ ہ of Urdu, ە ێ ڵ ڕ ۆ of Kurdish, ټ ډ ړ ښ ګ of Pashto). Over 99.9% of Arabic articles have
   none in their first few hundred letters, so lingua rarely runs at all.
3. Kurdish (Sorani) and Pashto are not in lingua (it would call Sorani Arabic and Pashto Urdu): a share
   of their own letters decides them. Otherwise lingua chooses among Arabic, Persian and Urdu, on the
   text with Persian-keyboard ی/ک folded to ي/ك (Arabic typed on a Persian keyboard stays Arabic;
   Persian and Urdu keep enough of their own words and letters to be recognised).

The lingua models ship inside its wheel (no download); each language's model loads on first use.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from marsad.text.normalize import normalize_text

if TYPE_CHECKING:
    from lingua import LanguageDetector

ARABIC = "ar"
UNDETERMINED = "und"
MIN_ARABIC_SHARE = 0.3  # of letters; the same rule as marsad.ingest.text.check_arabic
_SAMPLE_CHARS = 2000  # of the text looked at (enough for the script count; bounded time on huge pages)
_LINGUA_CHARS = 400  # of Arabic-script runs given to lingua (accuracy flat from 200 on, time grows)
_MIN_LETTERS = 10  # fewer letters than this: no language is named («Array», «DVD»)

_ARABIC_RUN = re.compile(r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]+")
_OTHER_LETTERS = re.compile(r"[^\W\d_\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]+")
# Arabic-script letters standard Arabic does not use: their presence is the only reason to ask lingua.
_NOT_ARABIC_LETTERS = re.compile("[پچژگکیےۓںٹڈڑہۀھەێڵڕۆۉټډړږښګځڅېۍڼ]")
_SORANI = re.compile("[ەێڵڕۆ]")
_PASHTO = re.compile("[ټډړږښګځڅېۍڼ]")
_MARKER_SHARE = 0.01  # of Arabic-script letters: a Kurdish place name in an Arabic report is far below it
_MARKER_MIN = 3
_PERSIAN_KEYBOARD = str.maketrans({"ی": "ي", "ک": "ك"})


@dataclass(frozen=True, slots=True)
class LanguageGuess:
    """``language`` is an ISO 639 code (``ar``, ``fa``, ``ckb``, ``en``…, ``und`` when undetermined);
    ``arabic_share`` the share of Arabic-script letters in the sample; ``method`` how it was decided
    (``script``, ``letters`` or ``lingua``)."""

    language: str
    arabic_share: float
    method: str

    @property
    def is_arabic(self) -> bool:
        return self.language == ARABIC


def identify(text: str, *, use_lingua: bool = True) -> LanguageGuess:
    """The language of ``text`` (see the module docstring for how).

    ``use_lingua=False`` keeps the script count only: ``ar`` at 30% Arabic-script letters, else ``und``.
    """
    sample = normalize_text(text[:_SAMPLE_CHARS])  # NFKC: presentation forms (ﻛﺸﻔﺖ) become letters
    # Counted the fast way (measured): Arabic-script characters by what deleting them removes, other letters
    # by a class that skips the Arabic block, so an Arabic article makes few matches.
    arabic = len(sample) - len(_ARABIC_RUN.sub("", sample))
    letters = arabic + sum(map(len, _OTHER_LETTERS.findall(sample)))
    share = min(1.0, arabic / letters) if letters else 0.0
    if letters < _MIN_LETTERS or not use_lingua:
        return LanguageGuess(ARABIC if letters and share >= MIN_ARABIC_SHARE else UNDETERMINED, share, "script")
    if share < MIN_ARABIC_SHARE:
        found = _other_detector().detect_language_of(sample)
        return LanguageGuess(_code(found), share, "lingua")
    if not _NOT_ARABIC_LETTERS.search(sample):
        return LanguageGuess(ARABIC, share, "script")
    arabic_text = " ".join(_ARABIC_RUN.findall(sample))
    floor = max(_MARKER_MIN, _MARKER_SHARE * arabic)
    if len(_SORANI.findall(arabic_text)) >= floor:
        return LanguageGuess("ckb", share, "letters")
    if len(_PASHTO.findall(arabic_text)) >= floor:
        return LanguageGuess("ps", share, "letters")
    found = _arabic_script_detector().detect_language_of(arabic_text[:_LINGUA_CHARS].translate(_PERSIAN_KEYBOARD))
    # lingua gives None when nothing decides; the script already says Arabic-script, Arabic is the likely one
    return LanguageGuess(_code(found) if found is not None else ARABIC, share, "lingua")


def _code(language) -> str:
    return language.iso_code_639_1.name.lower() if language is not None else UNDETERMINED


@cache
def _arabic_script_detector() -> LanguageDetector:
    from lingua import Language, LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_languages(Language.ARABIC, Language.PERSIAN, Language.URDU).build()


@cache
def _other_detector() -> LanguageDetector:
    # Languages of the other scripts a Middle-East news stream meets: wire English and French, the region's
    # Turkish, Azerbaijani, Hebrew, Somali and Swahili, the big European ones, Russian, Indonesian and Malay.
    from lingua import Language as L
    from lingua import LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_languages(
        L.ENGLISH, L.FRENCH, L.GERMAN, L.SPANISH, L.ITALIAN, L.PORTUGUESE, L.DUTCH, L.TURKISH, L.AZERBAIJANI,
        L.HEBREW, L.RUSSIAN, L.INDONESIAN, L.MALAY, L.SOMALI, L.SWAHILI).build()
