"""Imported by the local pool's fork server: load the default pipeline once, before any worker forks.

Workers forked from a warm server start in milliseconds and share its loaded
patterns and models copy-on-write, instead of each spending seconds loading them.
"""
from __future__ import annotations

import gc

from .worker import DEFAULT_PROCESSOR, warm

warm(DEFAULT_PROCESSOR, None)
# What is loaded now lives as long as the workers: keep the collector from walking it
# (and from writing to its pages, which would unshare them in every forked worker).
gc.freeze()
