"""Semantic checks beyond the JSON Schemas (time zones, restrictions, dates, duplicates)."""

from __future__ import annotations

from datetime import datetime

from ogsync.config.model import Config
from ogsync.diagnostics import Diagnostic


def check_config(config: Config, now: datetime) -> list[Diagnostic]:
    """Every semantic problem of the resources that passed their schema."""
    return []
