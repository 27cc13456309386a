"""Specific, coded errors. The CLI prints ``str(err)`` on one line and exits with ``err.exit_code``."""

from __future__ import annotations


class MarsadError(Exception):
    """Base class: ``code`` is a stable identifier users can search for (``E-INPUT-MISSING``)."""

    code = "E-MARSAD"
    exit_code = 2

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"


class InputError(MarsadError):
    code = "E-INPUT"


class InputMissing(InputError):
    code = "E-INPUT-MISSING"


class InputNotText(InputError):
    code = "E-INPUT-NOT-TEXT"


class InputEmpty(InputError):
    code = "E-INPUT-EMPTY"


class InputNotArabic(InputError):
    code = "E-INPUT-NOT-ARABIC"


class BadOption(MarsadError):
    code = "E-OPTION"


class DataError(MarsadError):
    """A bundled or user-supplied data file is malformed."""

    code = "E-DATA"


class GazetteerError(MarsadError):
    code = "E-GAZETTEER"


# --- gazetteer (marsad.geo) -------------------------------------------------------------------------------------------


class GazetteerSourceError(GazetteerError):
    """A gazetteer source file (WOF, OCHA, GeoNames dump, curated table) is missing, unreadable or malformed."""

    code = "E-GAZETTEER-SOURCE"


class GazetteerMissing(GazetteerError):
    """No index in the data directory and building one was not allowed."""

    code = "E-GAZETTEER-MISSING"


class GazetteerStale(GazetteerError):
    """The index was written by another format version (or is unreadable) and rebuilding was not allowed."""

    code = "E-GAZETTEER-STALE"
