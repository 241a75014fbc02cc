"""The library API behind the CLI: load and validate a config tree (plan, apply, export later)."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

from ogsync.config import checks, schema
from ogsync.config.model import Config
from ogsync.config.tree import load_tree
from ogsync.diagnostics import sort_key


def load(directory: str | os.PathLike[str] = ".", *, now: datetime | None = None) -> Config:
    """Read and check a config tree; every problem found is in `config.diagnostics`."""
    config = load_tree(Path(directory))
    found = schema.check_config(config)
    failed = {d.position.path for d in found if d.position is not None}
    del failed  # resources with schema errors are still normalised where possible
    config.diagnostics.extend(found)
    config.diagnostics.extend(checks.check_config(config, now or datetime.now(UTC)))
    config.diagnostics.sort(key=sort_key)
    return config


def validate(directory: str | os.PathLike[str] = ".", *, now: datetime | None = None) -> Config:
    """Same as load(): offline checks only; the caller decides what the diagnostics mean."""
    return load(directory, now=now)
