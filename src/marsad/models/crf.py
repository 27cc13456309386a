"""A linear-chain CRF trained by CRFsuite, decoded in NumPy.

CRFsuite writes the model; :class:`CompiledCrf` reads its weights once (state features as a matrix, one row per
attribute, and the label transitions) so that a caller can sum the rows of features that depend only on a word
form once per form, and decode with Viterbi. It gives the same labels as ``pycrfsuite.Tagger.tag``
(``tests/models/test_ner.py`` checks it).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import repeat
from pathlib import Path

import numpy as np

from marsad.errors import DataError


class CompiledCrf:
    def __init__(self, path: Path):
        import pycrfsuite

        tagger = pycrfsuite.Tagger()
        try:
            tagger.open(str(path))
        except (OSError, ValueError) as e:
            raise DataError(f"cannot read the CRF model {path}: {e}") from None
        info = tagger.info()
        tagger.close()
        self.labels: list[str] = sorted(info.labels, key=lambda lab: int(info.labels[lab]))
        index = {lab: i for i, lab in enumerate(self.labels)}
        n = len(self.labels)
        self.attr: dict[str, int] = {}
        for a, _ in info.state_features:
            if a not in self.attr:
                self.attr[a] = len(self.attr)
        # the last row stays zero: the row of every attribute the model does not know
        self.weights = np.zeros((len(self.attr) + 1, n), dtype=np.float64)
        for (a, lab), w in info.state_features.items():
            self.weights[self.attr[a], index[lab]] = w
        self.unknown = len(self.attr)
        self.transitions = np.zeros((n, n), dtype=np.float64)
        for (a, b), w in info.transitions.items():
            self.transitions[index[a], index[b]] = w

    def rows(self, features: Iterable[str]) -> list[int]:
        return list(map(self.attr.get, features, repeat(self.unknown)))

    def decode(self, scores: np.ndarray) -> list[str]:
        """Viterbi over per-position label scores ``[n, labels]`` (state weights summed)."""
        return self.decode_many([scores])[0]

    def decode_many(self, batch: Sequence[np.ndarray]) -> list[list[str]]:
        """Viterbi for several sentences at once: one NumPy step per position serves the whole batch."""
        if not batch:
            return []
        lengths = np.array([len(s) for s in batch])
        n_max = int(lengths.max())
        n_labels = len(self.labels)
        scores = np.zeros((len(batch), max(n_max, 1), n_labels))
        for b, s in enumerate(batch):
            scores[b, :len(s)] = s
        trans = self.transitions[None]
        back = np.zeros((len(batch), max(n_max, 1), n_labels), dtype=np.intp)
        best = scores[:, 0].copy()
        cand = np.empty((len(batch), n_labels, n_labels))
        new = np.empty((len(batch), n_labels))
        for t in range(1, n_max):
            np.add(best[:, :, None], trans, out=cand)  # [batch, previous, next]
            arg = cand.argmax(axis=1)
            back[:, t] = arg
            cand.max(axis=1, out=new)
            new += scores[:, t]
            # a sentence already ended keeps its scores: its later back-pointers are never read
            active = lengths > t
            best[active] = new[active]
        labels = self.labels
        out: list[list[str]] = []
        last = best.argmax(axis=1)
        for b, n in enumerate(lengths.tolist()):
            if n == 0:
                out.append([])
                continue
            path = [int(last[b])]
            row = back[b]
            for t in range(n - 1, 0, -1):
                path.append(int(row[t, path[-1]]))
            out.append([labels[i] for i in reversed(path)])
        return out
