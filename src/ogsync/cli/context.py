"""State shared by every command: debug, the clock, colour."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass
class AppContext:
    """Global options as parsed by the command group."""

    debug: bool
    now: datetime
    color: bool
