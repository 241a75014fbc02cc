"""ogsync: keep an Opsgenie account in line with a folder of YAML files (the public library API)."""

from __future__ import annotations

__version__ = "0.1.0"

from ogsync.api import apply, export, load, oncall_timelines, plan, validate

__all__ = ["__version__", "apply", "export", "load", "oncall_timelines", "plan", "validate"]
