"""Overrides as code: planned and applied by alias, UI swaps and past overrides left alone."""

from __future__ import annotations

SCHED = "schedule/Primary On-Call"
HOLIDAY = """\
overrides:
  - alias: xmas
    user: {type: user, username: charlie@company.com}
    startDate: "2026-12-24T00:00:00Z"
    endDate: "2026-12-27T00:00:00Z"
    rotations: [{name: Daily Rotation}]
"""
NOW = "2026-11-29T12:00:00Z"


def _with_holiday(ws, text: str = HOLIDAY) -> None:
    ws.now = NOW
    path = ws.root / "schedules/primary-on-call.yaml"
    path.write_text(path.read_text() + text)


def test_override_is_created_by_alias_and_converges(seed, account) -> None:
    seed.now = NOW
    assert seed.apply().code == 0
    _with_holiday(seed)
    doc = seed.plan_json()
    [change] = doc["resource_changes"]
    assert change["address"] == f"{SCHED}/override/xmas"
    assert change["change"]["actions"] == ["create"]
    result = seed.apply()
    assert result.code == 0, result.out + result.err
    live = account.get("/v2/schedules/Primary On-Call/overrides", scheduleIdentifierType="name")
    assert [(o["alias"], o["user"]["username"]) for o in live] == [("xmas", "charlie@company.com")]
    assert seed.plan("--detailed-exitcode").code == 0


def test_override_edit_and_ui_swaps_left_alone(seed, account) -> None:
    _with_holiday(seed)
    assert seed.apply().code == 0
    sched = account.get("/v2/schedules/Primary On-Call", identifierType="name")
    swap = {
        "alias": "swap-from-ui",
        "user": {"type": "user", "username": "bob@company.com"},
        "startDate": "2026-12-01T00:00:00Z",
        "endDate": "2026-12-02T00:00:00Z",
    }
    assert account.send("POST", f"/v2/schedules/{sched['id']}/overrides", swap).status_code < 300
    seed.edit(
        "schedules/primary-on-call.yaml",
        "{type: user, username: charlie@company.com}",
        "{type: user, username: bob@company.com}",
    )
    assert seed.actions() == {("update", f"{SCHED}/override/xmas")}
    assert seed.apply().code == 0
    live = account.get(f"/v2/schedules/{sched['id']}/overrides")
    assert sorted(o["alias"] for o in live) == ["swap-from-ui", "xmas"]


def test_override_wholly_in_the_past_is_never_touched(seed, account) -> None:
    _with_holiday(seed)
    assert seed.apply().code == 0
    seed.edit(
        "schedules/primary-on-call.yaml",
        "{type: user, username: charlie@company.com}",
        "{type: user, username: bob@company.com}",
    )
    seed.now = "2027-01-05T00:00:00Z"
    assert seed.actions() == set()
    assert seed.plan("--detailed-exitcode").code == 0


def test_clearing_a_rotation_field_keeps_overrides_on_that_rotation(seed, account) -> None:
    _with_holiday(seed)
    assert seed.apply().code == 0
    sched = account.get("/v2/schedules/Primary On-Call", identifierType="name")
    before = {r["name"]: r["id"] for r in sched["rotations"]}
    seed.edit("schedules/primary-on-call.yaml", '    endDate: "2024-12-31T09:00:00Z"\n', "")
    assert seed.actions() == {("update", f"{SCHED}/rotation/Daily Rotation")}
    result = seed.apply()
    assert result.code == 0, result.out + result.err
    sched = account.get("/v2/schedules/Primary On-Call", identifierType="name")
    assert {r["name"]: r["id"] for r in sched["rotations"]} == before
    [xmas] = account.get(f"/v2/schedules/{sched['id']}/overrides")
    assert [r["name"] for r in xmas["rotations"]] == ["Daily Rotation"]
