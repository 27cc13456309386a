"""marsad (مرصد): Arabic news reports in, ACLED-compatible conflict-event records out.

>>> import marsad
>>> result = marsad.extract("قتل ثلاثة مدنيين في قصف على حلب أمس", published="2017-04-25")  # doctest: +SKIP
>>> result.to_dict()["events"][0]["event_type"]                                           # doctest: +SKIP
'Explosions/Remote violence'
"""

from marsad.errors import MarsadError
from marsad.model import Article, Extraction
from marsad.pipeline import Pipeline, extract

__version__ = "0.1.0"
__all__ = ["Article", "Extraction", "MarsadError", "Pipeline", "__version__", "extract"]
