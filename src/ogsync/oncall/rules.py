"""Every rule and assumption of how Opsgenie decides who is on call, in one place (ONCALL.md)."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from enum import Enum
from typing import Final
from zoneinfo import ZoneInfo

from ogsync.kinds.common import round_half_hour


class Status(Enum):
    """How sure we are of a rule: Opsgenie documents it, we saw it, or we chose it."""

    DOCUMENTED = "documented"
    OBSERVED = "observed"
    ASSUMED = "assumed"
    OGSYNC = "ogsync's choice"


# Rule 1 (observed): turn k = floor((t - startDate) / P), participant = participants[k mod N].
ROTATION_PERIOD_HOURS: Final[dict[str, int]] = {"hourly": 1, "daily": 24, "weekly": 7 * 24}
DEFAULT_LENGTH: Final = 1
DEFAULT_ENABLED: Final = True

# Rule 2 (documented: the schedule's time zone governs; DST handling assumed).
# Daily and weekly handoffs keep their local wall-clock time; hourly ones count absolute hours.
WALL_CLOCK_ROTATION_TYPES: Final = frozenset({"daily", "weekly"})
# The time zone of a schedule that names none (assumed: the account's own is unknown offline).
DEFAULT_TIMEZONE: Final = "UTC"
# A date written without an offset is read in the schedule's time zone (assumed).
NAIVE_DATES_ARE_LOCAL: Final = True

# Rule 3 (observed): restrictions mask a rotation, they never shift its turns.
# time-of-day with endHour 24 means the following midnight (assumed).
MINUTES_PER_DAY: Final = 24 * 60
MINUTES_PER_WEEK: Final = 7 * MINUTES_PER_DAY
WEEKDAYS: Final = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

# Rule 4 (assumed): a disabled schedule has nobody on call.
DISABLED_SCHEDULE_HAS_NOBODY: Final = True

# Rule 6 (assumed): an override only replaces people during its rotations' on-call time, and of
# two overlapping overrides the one later in the config's list wins.
OVERRIDE_COVERS_MASKED_TIME: Final = False
# Were it True, such time would show under this pseudo-rotation name.
OVERRIDE_ONLY_ROTATION: Final = "(override)"
LATER_OVERRIDE_WINS: Final = True

# Rule 7 (documented for rotation dates, assumed for restrictions): Opsgenie keeps minutes at 0
# or 30, "converted to nearest 0 or 30" (the API description): ogsync's one rounding rule,
# `ogsync.kinds.common.round_half_hour`, shared with the plan's canonical form.
ROUND_ROTATION_DATES: Final = True
ROUND_RESTRICTION_MINUTES: Final = True
# Override dates: the API description says nothing about their minutes (assumed: rounded like
# rotation dates, as the sandbox does).
ROUND_OVERRIDE_DATES: Final = True

# Rule 8 (ogsync's choice): nights and weekends in the schedule's time zone; window length.
DEFAULT_WINDOW_DAYS: Final = 14
DEFAULT_NIGHT_START: Final = time(22, 0)
DEFAULT_NIGHT_END: Final = time(7, 0)
DEFAULT_WEEKEND_DAYS: Final = frozenset({5, 6})  # Saturday and Sunday (Monday is 0)

RULE_STATUS: Final[dict[str, Status]] = {
    "turns": Status.OBSERVED,
    "time zone governs": Status.DOCUMENTED,
    "dst handoffs keep wall-clock time": Status.ASSUMED,
    "non-existent local time moves forward": Status.ASSUMED,
    "ambiguous local time takes the earlier offset": Status.ASSUMED,
    "restrictions mask without shifting turns": Status.OBSERVED,
    "time-of-day windows": Status.DOCUMENTED,
    "endHour 24 is midnight": Status.ASSUMED,
    "weekday-and-time-of-day spans": Status.ASSUMED,
    "half-open intervals": Status.OBSERVED,
    "rotations add up": Status.DOCUMENTED,
    "disabled schedule has nobody": Status.ASSUMED,
    "participants": Status.DOCUMENTED,
    "overrides replace participants": Status.DOCUMENTED,
    "overrides only cover on-call time": Status.ASSUMED,
    "later override wins": Status.ASSUMED,
    "rotation date minutes": Status.DOCUMENTED,
    "restriction minutes": Status.ASSUMED,
    "nights and weekends": Status.OGSYNC,
}


def round_instant(moment: datetime) -> datetime:
    """A rotation date as Opsgenie stores it: seconds dropped, minutes to the nearest 0 or 30."""
    moment = moment.replace(second=0, microsecond=0)
    return moment + timedelta(minutes=round_half_hour(moment.minute) - moment.minute)


def resolve_local(naive: datetime, zone: ZoneInfo) -> int:
    """The POSIX second of a local wall-clock time.

    A time that does not exist (spring forward) moves forward by the length of the gap
    (02:30 becomes 03:30); an ambiguous one (fall back) takes the earlier offset. Python's
    fold=0 does exactly both.
    """
    return int(naive.replace(tzinfo=zone, fold=0).timestamp())


def local_naive(second: int, zone: ZoneInfo) -> datetime:
    """The wall-clock time (without zone) at a POSIX second in a zone."""
    return datetime.fromtimestamp(second, zone).replace(tzinfo=None)


def minute_of_day(hour: int, minute: int, *, rounding: bool = ROUND_RESTRICTION_MINUTES) -> int:
    """Minutes since midnight of a restriction bound; endHour 24 gives MINUTES_PER_DAY."""
    return round_half_hour(hour * 60 + minute) if rounding else hour * 60 + minute
