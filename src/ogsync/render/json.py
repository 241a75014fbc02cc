"""The JSON view of a plan (format_version 1.0), for tools and saved plans."""

from __future__ import annotations

import json
from typing import Any

from ogsync.engine.model import Plan

FORMAT_VERSION = "1.0"


def plan_document(plan: Plan) -> dict[str, Any]:
    summary = plan.summary
    return {
        "format_version": FORMAT_VERSION,
        "resource_changes": [c.to_json() for c in plan.changes],
        "unmanaged": list(plan.unmanaged),
        "warnings": list(plan.warnings),
        "summary": {"add": summary.add, "change": summary.change, "destroy": summary.destroy},
    }


def render(plan: Plan) -> str:
    return json.dumps(plan_document(plan), indent=2, default=str)
