"""The terminal view of a plan: `+ ~ -` like Terraform, optional colour."""

from __future__ import annotations

from ogsync.engine.model import Plan
from ogsync.render.lines import body, heading

COLOURS = {"+": "\033[32m", "~": "\033[33m", "-": "\033[31m"}
RESET = "\033[0m"


def render(plan: Plan, *, color: bool = False) -> str:
    out: list[str] = []
    if plan.changes:
        out.append("ogsync will make these changes:")
        out.append("")
        for change in plan.changes:
            head = heading(change)
            if color:
                head = f"{COLOURS[head[0]]}{head}{RESET}"
            out.append(f"  {head}")
            out.extend(f"  {line}" for line in body(change))
        out.append("")
    else:
        out.append("No changes: the account matches the config.")
        out.append("")
    if plan.unmanaged:
        out.append(f"Unmanaged (live, not in the config, left alone): {len(plan.unmanaged)}")
        out.extend(f"  ? {addr}" for addr in plan.unmanaged)
        out.append("")
    for warning in plan.warnings:
        out.append(f"warning: {warning}")
    if plan.warnings:
        out.append("")
    out.append(plan.summary.line())
    return "\n".join(out)
