"""Trained models and their loaders: the NER tagger (``ner``) and the event-sentence classifier
(``event_sentence``). Models are trained by ``make models`` (scripts in ``tools/``) from ``../shared`` and
committed under ``models/data/`` with manifests; loading is lazy, so importing this package reads nothing."""
