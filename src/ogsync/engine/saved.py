"""Saved plans: the JSON plan plus what `apply FILE` needs to check staleness and carry it out."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from ogsync.engine.live import LiveState
from ogsync.engine.model import Change, FieldChange, Plan
from ogsync.engine.planner import fingerprint
from ogsync.errors import OgsyncError, StalePlanError
from ogsync.kinds.base import ReadRequest
from ogsync.render.json import plan_document

SAVED_VERSION = 1


def dump(plan: Plan) -> str:
    doc = plan_document(plan)
    doc["ogsync_plan"] = {
        "version": SAVED_VERSION,
        "config_dir": plan.config_dir,
        "fingerprints": plan.fingerprints,
        "reads": plan.reads,
        "changes": [
            {
                "key": c.key,
                "live_id": c.live_id,
                "depends_on": sorted(c.depends_on),
                "meta": c.meta,
            }
            for c in plan.changes
        ],
    }
    doc["ogsync_plan"]["checksum"] = checksum(doc)
    return json.dumps(doc, indent=2, sort_keys=False, default=str)


def checksum(doc: dict[str, Any]) -> str:
    """A digest of everything apply acts on, so that an edited plan file is refused."""
    extra = {k: v for k, v in doc["ogsync_plan"].items() if k != "checksum"}
    body = {"resource_changes": doc["resource_changes"], "ogsync_plan": extra}
    text = json.dumps(body, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def load(path: Path) -> Plan:
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
        extra = doc["ogsync_plan"]
        if extra.get("version") != SAVED_VERSION:
            raise OgsyncError(f"{path}: saved plan version {extra.get('version')} is not supported")
        if extra.get("checksum") != checksum(doc):
            raise OgsyncError(
                f"{path}: the plan file was changed after ogsync wrote it; make a new plan"
            )
        plan = Plan(
            unmanaged=list(doc.get("unmanaged", [])),
            warnings=list(doc.get("warnings", [])),
            fingerprints=dict(extra["fingerprints"]),
            config_dir=str(extra.get("config_dir", "")),
            reads={k: {n: list(c) for n, c in v.items()} for k, v in extra["reads"].items()},
        )
        for rc, internal in zip(doc["resource_changes"], extra["changes"], strict=True):
            change = rc["change"]
            plan.changes.append(
                Change(
                    action=change["actions"][0],
                    kind=rc["kind"],
                    name=rc["name"],
                    parent=rc["parent"],
                    before=change["before"],
                    after=change["after"],
                    fields=[
                        FieldChange(f["path"], f["before"], f["after"]) for f in change["fields"]
                    ],
                    previous_address=rc.get("previous_address"),
                    live_id=internal.get("live_id"),
                    depends_on=set(internal.get("depends_on", [])),
                    meta=dict(internal.get("meta", {})),
                    notes=list(rc.get("notes", [])),
                )
            )
        return plan
    except OgsyncError:
        raise
    except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError) as exc:
        raise OgsyncError(
            f"{path}: not a saved ogsync plan ({type(exc).__name__}: {exc})"
        ) from None


def read_requests(plan: Plan) -> dict[str, ReadRequest]:
    """The reads the plan was made from, so that fingerprints compare like with like."""
    return {
        kind: ReadRequest(detailed={name: set(children) for name, children in names.items()})
        for kind, names in plan.reads.items()
    }


def check_fresh(plan: Plan, live: LiveState) -> None:
    """Refuse a plan whose live objects changed since it was made."""
    moved = [
        addr
        for addr, fp in sorted(plan.fingerprints.items())
        if fingerprint(live.objects.get(addr)) != fp
    ]
    if moved:
        shown = ", ".join(moved[:5]) + (f" and {len(moved) - 5} more" if len(moved) > 5 else "")
        raise StalePlanError(
            f"plan is stale: the account changed since it was made ({shown}); run plan again"
        )
