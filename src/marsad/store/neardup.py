"""Exact and near-duplicate signatures of article texts, as the store keeps them.

``content_hash`` is the SHA-256 of the normalised text (:func:`marsad.text.normalize.match_key`), so
two copies that differ only in diacritics, hamza forms or digits are one article. ``signature`` is a
MinHash of word trigrams; ``band_keys`` cut it into LSH bands (16 bands of 8 values: texts with an
estimated Jaccard similarity of 0.8 share a band with probability > 0.99, texts at 0.3 almost never), and
``similarity`` estimates the Jaccard similarity of two stored signatures.
"""

from __future__ import annotations

import hashlib
import re
import zlib

import numpy as np

from marsad.text.normalize import match_key

NUM_PERM = 128
BANDS, ROWS = 16, 8
NEAR_DUPLICATE = 0.8  # estimated Jaccard similarity at which a text is a copy of a stored one
_MERSENNE = np.uint64((1 << 61) - 1)
_MAX32 = np.uint64((1 << 32) - 1)
_rng = np.random.RandomState(1)  # fixed: signatures must be comparable across processes and runs
_A = _rng.randint(1, int(_MERSENNE), size=NUM_PERM, dtype=np.uint64)
_B = _rng.randint(0, int(_MERSENNE), size=NUM_PERM, dtype=np.uint64)
_WORD = re.compile(r"\w+")


def content_hash(text: str) -> str:
    return hashlib.sha256(match_key(text).encode("utf-8")).hexdigest()


def _shingles(text: str) -> np.ndarray:
    """Stable 32-bit hashes of the word trigrams (CRC-32 of each word, mixed by position; Python's hash()
    differs between processes)."""
    words = _WORD.findall(match_key(text))
    if not words:
        return np.empty(0, dtype=np.uint64)
    h = np.fromiter((zlib.crc32(w.encode()) for w in words), dtype=np.uint64, count=len(words))
    if len(h) >= 3:
        h = (h[:-2] * np.uint64(0x9E3779B1) + h[1:-1] * np.uint64(0x85EBCA77) + h[2:]) & _MAX32
    return np.unique(h)


def signature(text: str) -> np.ndarray:
    """MinHash values (``NUM_PERM`` unsigned 32-bit values in a uint64 array)."""
    x = _shingles(text)
    if x.size == 0:
        return np.full(NUM_PERM, _MAX32, dtype=np.uint64)
    # (a·x + b) mod p over all permutations at once; x < 2^32 and a < 2^61 would overflow uint64, so a is cut
    # to 32 bits in the product (the universal-hash guarantee only needs a random multiplier)
    a = (_A & _MAX32)[:, None]
    vals = ((a * x[None, :] + _B[:, None]) % _MERSENNE) & _MAX32
    return vals.min(axis=1)


def to_bytes(sig: np.ndarray) -> bytes:
    return sig.astype("<u4").tobytes()


def from_bytes(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype="<u4").astype(np.uint64)


def band_keys(sig: np.ndarray) -> list[str]:
    """One key per LSH band: ``"b03:5f1c…"``."""
    raw = sig.astype("<u4")
    return [f"b{i:02d}:" + hashlib.blake2b(raw[i * ROWS:(i + 1) * ROWS].tobytes(), digest_size=8).hexdigest()
            for i in range(BANDS)]


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.mean(a == b))
