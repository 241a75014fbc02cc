"""On-call computation: timelines, gaps, load per person, iCalendar."""

from ogsync.oncall.api import oncall_timelines
from ogsync.oncall.changes import Redeal, ShiftChange, redealt_rotations, shift_changes
from ogsync.oncall.model import Participant, ScheduleInputError, parse_schedule
from ogsync.oncall.timeline import Gap, Hours, Period, ReportOptions, Timeline, compute_timeline

__all__ = [
    "Gap",
    "Hours",
    "Participant",
    "Period",
    "Redeal",
    "ReportOptions",
    "ScheduleInputError",
    "ShiftChange",
    "Timeline",
    "compute_timeline",
    "oncall_timelines",
    "parse_schedule",
    "redealt_rotations",
    "shift_changes",
]
