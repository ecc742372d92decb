"""Imported by the local pool's fork server: load the default pipeline once, before any worker forks.

Workers forked from a warm server start in milliseconds and share its loaded
patterns and models copy-on-write, instead of each spending seconds loading them.
"""
from __future__ import annotations

from .worker import DEFAULT_PROCESSOR, warm

warm(DEFAULT_PROCESSOR, None)  # also freezes what it loaded out of the collector's reach
