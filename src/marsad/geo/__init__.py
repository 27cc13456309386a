"""Geocoding: the gazetteer index (:mod:`.gazetteer`) and candidate ranking (:mod:`.disambiguate`)."""

from marsad.geo.gazetteer import Gazetteer, Place, build_index

__all__ = ["Gazetteer", "Place", "build_index"]
