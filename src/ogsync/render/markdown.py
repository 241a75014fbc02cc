"""The pull-request comment view of a plan: summary first, a fold per kind, cut safely."""

from __future__ import annotations

import html

from ogsync.engine.model import Change, Plan
from ogsync.kinds.registry import KINDS
from ogsync.render.lines import body, heading

LIMIT = 65_000
CUT_NOTE = "_The plan is too long for a comment; run `ogsync plan` to see all of it._"


def _longest_backticks(text: str) -> int:
    best = run = 0
    for ch in text:
        run = run + 1 if ch == "`" else 0
        best = max(best, run)
    return best


def _fold(label: str, lines: list[str]) -> str:
    """A collapsible section around a diff block whose fence no value can close."""
    text = "\n".join(lines)
    ticks = "`" * max(3, _longest_backticks(text) + 1)
    return (
        f"<details><summary>{html.escape(label)}</summary>\n\n"
        f"{ticks}diff\n{text}\n{ticks}\n\n</details>"
    )


def _group(change: Change) -> str:
    top = change.parent or change.address
    return top.split("/", 1)[0]


def _sections(plan: Plan) -> list[tuple[str, list[str]]]:
    groups: dict[str, list[Change]] = {}
    for change in plan.changes:
        groups.setdefault(_group(change), []).append(change)
    out: list[tuple[str, list[str]]] = []
    for kind, changes in groups.items():
        label = KINDS[kind].plural if kind in KINDS else kind
        lines: list[str] = []
        for change in changes:
            lines.append(heading(change))
            lines.extend(body(change))
        out.append((f"{label} ({len(changes)})", lines))
    if plan.unmanaged:
        out.append((f"unmanaged ({len(plan.unmanaged)})", [f"? {a}" for a in plan.unmanaged]))
    return out


def render(plan: Plan) -> str:
    summary = f"**{plan.summary.line()}**"
    if not plan.changes:
        summary = f"**No changes.** {plan.summary.line()}"
    warnings = ""
    if plan.warnings:
        warnings = "**Warnings**\n\n" + "\n".join(
            f"- {html.escape(w, quote=False)}" for w in plan.warnings
        )
    parts = [summary]
    budget = LIMIT - len(summary) - len(warnings) - len(CUT_NOTE) - 200
    cut = False
    for label, lines in _sections(plan):
        folded = _fold(label, lines)
        if len(folded) <= budget:
            parts.append(folded)
            budget -= len(folded) + 2
            continue
        kept: list[str] = []
        used = len(_fold(label, ["… (cut)"])) + 16  # room for a longer fence
        for line in lines:
            used += len(line) + 1
            if used > budget:
                break
            kept.append(line)
        if kept:
            parts.append(_fold(label, [*kept, "… (cut)"]))
        cut = True
        break
    if warnings:
        parts.append(warnings)
    if cut:
        parts.append(CUT_NOTE)
    return "\n\n".join(parts)
