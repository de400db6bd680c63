import zoneinfo
from datetime import datetime

import markdown as md
import nh3
from django import template
from django.utils import dateformat
from django.utils.safestring import mark_safe

from workshop.zones import zone_label

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
    local = value.astimezone(zoneinfo.ZoneInfo(zone))
    shown = dateformat.format(local, "H:i" if fmt == "time" else "l j F Y, H:i")
    return {"value": value, "shown": shown, "label": zone_label(zone, value)}
