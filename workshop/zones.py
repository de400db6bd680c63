"""Time zone names and labels shown next to every time a person reads."""

import zoneinfo
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.utils import dateformat

from .enums import AOE


@lru_cache(maxsize=1)
def all_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def validate_timezone(value: str) -> None:
    if value not in all_zones():
        raise ValidationError(
            f"“{value}” is not a time zone name; use an IANA name such as America/Toronto.",
            code="timezone",
        )


def zone_label(zone: str, at: datetime | None = None) -> str:
    """'AoE (UTC−12)' for Anywhere on Earth, else the IANA name with its offset at `at`."""
    if zone == AOE:
        return "AoE (UTC−12)"
    if zone == "UTC":
        return "UTC"
    if at is None:
        return zone
    offset = at.astimezone(zoneinfo.ZoneInfo(zone)).utcoffset()
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "−"
    hours, rest = divmod(abs(minutes), 60)
    return f"{zone} (UTC{sign}{hours}{f':{rest:02d}' if rest else ''})"


def format_in_zone(value: datetime, zone: str, fmt: str | None = None) -> str:
    """'Friday 26 October 2018, 23:59 AoE (UTC−12)': a time as a person reads it, zone said."""
    local = value.astimezone(zoneinfo.ZoneInfo(zone))
    return f"{dateformat.format(local, fmt or 'l j F Y, H:i')} {zone_label(zone, value)}"


WHEN = "{when}"


@dataclass(frozen=True)
class TimedSentence:
    """A sentence with a time in it ("Bidding opens on {when}."), kept apart so that a page
    can mark the time up for the reader's own zone while the API says it as plain text."""

    pattern: str  # WHEN marks where the time goes; no WHEN, no time
    at: datetime | None = None
    zone: str = "UTC"

    def __str__(self) -> str:
        if self.at is None or WHEN not in self.pattern:
            return self.pattern
        return self.pattern.replace(WHEN, format_in_zone(self.at, self.zone))

    def parts(self) -> tuple[str, str]:
        """The text before and after the time."""
        before, _, after = self.pattern.partition(WHEN)
        return before, after
