"""Shared helpers for benchmarks: the corpus in ../shared and a peak-RSS reading."""

from __future__ import annotations

import gzip
import json
import resource
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared/data/corpus/saudinewsnet/saudinewsnet_dev.jsonl.gz"


def load_articles(limit: int | None, path: Path = CORPUS) -> list[dict]:
    if not path.exists():
        sys.exit(f"benchmark needs {path} (the shared corpus); it is absent")
    out = []
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            text = ((rec.get("title") or "") + "\n\n" + (rec.get("content") or "")).strip()
            if text:
                out.append({"text": text, "published": (rec.get("date_extracted") or "")[:10] or None,
                            "publisher": rec.get("source"), "title": rec.get("title")})
            if limit and len(out) >= limit:
                break
    return out


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
