"""Batch extraction at scale: streaming chunks, worker pools or Dask, incremental refresh.

`run_batch(paths, out_dir, ...)` is what `newsfacts extract` runs; see runner.py
for the flow, manifest.py for what makes an article reusable, index.py for the
run's per-article plan (on disk), staging.py for how a killed run is completed by
the next one, engines.py for where the work runs.
"""
from __future__ import annotations

from .runner import BatchError, BatchResult, run_batch
from .worker import DEFAULT_PROCESSOR

__all__ = ["BatchError", "BatchResult", "DEFAULT_PROCESSOR", "run_batch"]
