import zoneinfo
from datetime import datetime

import markdown as md
import nh3
from django import template
from django.utils import dateformat, timezone
from django.utils.safestring import mark_safe

from workshop.models import Workshop
from workshop.zones import format_in_zone

register = template.Library()

_ALLOWED_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "code",
    "em",
    "h2",
    "h3",
    "h4",
    "hr",
    "i",
    "li",
    "ol",
    "p",
    "pre",
    "strong",
    "ul",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}


@register.filter(name="markdown")
def render_markdown(text: str) -> str:
    """Markdown written by organizers and authors, sanitised: no scripts, no styles."""
    html = md.markdown(text or "", extensions=["extra", "sane_lists"])
    return mark_safe(nh3.clean(html, tags=_ALLOWED_TAGS, link_rel="noopener noreferrer nofollow"))


@register.inclusion_tag("workshop/_time.html")
def zoned_time(value: datetime | None, zone: str, fmt: str = "full"):
    """A time in a named zone, with its zone said, plus a machine-readable UTC value that the
    page's script turns into the reader's local time."""
    if value is None:
        return {"value": None}
    return {"value": value, "shown": format_in_zone(value, zone, "H:i" if fmt == "time" else None)}


def _day(workshop: Workshop, value: datetime) -> str:
    zone = zoneinfo.ZoneInfo(workshop.deadline_timezone)
    return dateformat.format(value.astimezone(zone), "j F Y")


def program_note(workshop: Workshop, *, short: bool = False) -> str:
    """Before the first release: when the program will appear, as far as anyone knows (a
    date that has passed promises nothing)."""
    now = timezone.now()
    expected, notified = workshop.program_expected_at, workshop.notification_at
    if expected is not None and expected > now:
        day = _day(workshop, expected)
        return f"Program by {day}" if short else f"The program will appear here by {day}."
    if expected is None and notified is not None and notified > now:
        day = _day(workshop, notified)
        if short:
            return f"Program after {day}"
        return f"The program will appear here after the notification of acceptance ({day})."
    if short:
        return "Program not yet released"
    return "The program has not been released yet; it will appear here."


@register.inclusion_tag("workshop/_nav.html", takes_context=True)
def workshop_nav(context):
    """The workshop's own navigation in the site's header, on every page under /<slug>/:
    its program (or when it will appear), accepted papers, posters and speakers. Reads
    only the workshop row the page has already loaded."""
    workshop = context.get("workshop")
    request = context.get("request")
    if not isinstance(workshop, Workshop) or request is None:
        return {"show": False}
    if not request.path.startswith(f"/{workshop.slug}/"):
        return {"show": False}
    released = workshop.program_released_at is not None
    return {
        "show": True,
        "workshop": workshop,
        "section": context.get("section", ""),
        "home": request.path == workshop.get_absolute_url(),
        "released": released,
        "note": "" if released else program_note(workshop, short=True),
        "papers_public": workshop.papers_are_public(timezone.now()),
    }


@register.simple_tag
def program_status(workshop: Workshop, short: bool = False) -> str:
    if workshop.program_released_at is not None:
        return ""
    return program_note(workshop, short=short)


@register.filter
def papers_public(workshop: Workshop) -> bool:
    return workshop.papers_are_public(timezone.now())
