from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "corpora" / "seeds"


@pytest.fixture(scope="session")
def seed_docs():
    """The five seed articles through ingestion + normalisation (no extractors), by id."""
    from newsfacts.ingest.readers import read_records
    from newsfacts.pipeline import ingest

    docs = {}
    for file in sorted(SEEDS.glob("*.txt")):
        for record in read_records(file, SEEDS):
            docs[record.article_id] = ingest(record)
    return docs


@pytest.fixture(scope="session")
def seed_run(tmp_path_factory):
    """One full `newsfacts extract corpora/seeds` run, shared by the end-to-end tests."""
    from newsfacts.cli import main

    out = tmp_path_factory.mktemp("seed_run")
    assert main(["extract", str(SEEDS), "--out", str(out), "--jobs", "1"]) == 0
    return out
