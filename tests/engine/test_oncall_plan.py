"""The plan shows what a schedule change does to on-call: moved shifts, re-deals, gaps."""

from __future__ import annotations

SCHEDULE = """\
name: Support
timezone: Europe/Berlin
rotations:
  - name: Weekly
    type: weekly
    startDate: "2026-11-02T08:00:00Z"
    participants:
      - {type: user, username: ann@example.com}
      - {type: user, username: ben@example.com}
"""
USERS = {
    "users/ann.yaml": "username: ann@example.com\nfullName: Ann\n",
    "users/ben.yaml": "username: ben@example.com\nfullName: Ben\n",
    "users/cat.yaml": "username: cat@example.com\nfullName: Cat\n",
}


def _tree(ws, schedule: str) -> None:
    for rel, text in USERS.items():
        ws.write(rel, text)
    ws.write("schedules/support.yaml", schedule)


def test_added_participant_shows_moved_shifts_and_the_redeal_hint(workspace) -> None:
    workspace.now = "2026-11-29T12:00:00Z"
    _tree(workspace, SCHEDULE)
    assert workspace.apply().code == 0
    _tree(
        workspace,
        SCHEDULE + "      - {type: user, username: cat@example.com}\n",
    )
    result = workspace.plan()
    assert result.code == 0, result.err
    assert "~ schedule/Support/rotation/Weekly" in result.out
    # Turns start 2026-11-02: with three people, turn 3 (now) goes to ann, turn 4 to ben...
    assert "on call: 3 future shift(s) move to someone else" in result.out
    assert "2026-11-29 13:00 to 2026-11-30 09:00 (Weekly): ben@example.com -> ann@example.com" in (
        result.out
    )
    assert "2026-11-30 09:00 to 2026-12-07 09:00 (Weekly): ann@example.com -> ben@example.com" in (
        result.out
    )
    assert "re-deals every future turn from startDate" in result.out
    assert "`type: none` placeholder" in result.out


def test_new_schedule_with_gaps_says_so(workspace) -> None:
    workspace.now = "2026-11-29T12:00:00Z"
    office = SCHEDULE.replace(
        "      - {type: user, username: ben@example.com}\n",
        "      - {type: user, username: ben@example.com}\n"
        "    timeRestriction:\n      type: time-of-day\n"
        "      restriction: {startHour: 9, startMin: 0, endHour: 17, endMin: 0}\n",
    )
    _tree(workspace, office)
    result = workspace.plan()
    assert result.code == 0, result.err
    assert "on call: nobody for 224 h in the next 14 days (14 gaps" in result.out


def test_shift_moves_are_computed_for_a_schedule_with_rotation_overrides(multi) -> None:
    multi.now = "2026-11-29T12:00:00Z"
    assert multi.apply().code == 0
    multi.edit("schedules/payments-on-call.yaml", "description:", "description: changed;")
    result = multi.plan()
    assert result.code == 0, result.err
    assert "not computed" not in result.out
