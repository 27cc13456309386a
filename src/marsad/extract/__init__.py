"""Event extraction stages (actors, triggers, dates, numbers, attribution, events).

``marsad.extract`` is both this package and the public function ``marsad.extract(text, …)``: importing a
submodule rebinds the package attribute, so the package itself is made callable and forwards the call.
"""

from __future__ import annotations

import sys
import types


class _CallablePackage(types.ModuleType):
    def __call__(self, text: str, **kwargs):
        from marsad.pipeline import extract

        return extract(text, **kwargs)


sys.modules[__name__].__class__ = _CallablePackage
