from datetime import datetime

import markdown as md
import nh3
from django import template
from django.template.loader import render_to_string
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from workshop.zones import WHEN, TimedSentence, format_in_zone

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


@register.simple_tag
def timed_sentence(sentence: TimedSentence | None):
    """A TimedSentence with its time marked up as `zoned_time` does (zone said, the reader's
    own time added by the page's script)."""
    if sentence is None:
        return ""
    if sentence.at is None or WHEN not in sentence.pattern:
        return conditional_escape(str(sentence))
    before, after = sentence.parts()
    time = render_to_string("workshop/_time.html", zoned_time(sentence.at, sentence.zone))
    return mark_safe(f"{conditional_escape(before)}{time}{conditional_escape(after)}")
