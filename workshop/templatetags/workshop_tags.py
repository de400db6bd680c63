import zoneinfo
from datetime import datetime

import markdown as md
import nh3
from django import template
from django.forms.formsets import DELETION_FIELD_NAME
from django.template.loader import render_to_string
from django.utils import dateformat, timezone
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from workshop.models import Workshop
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


def _anchor(bound) -> str:
    """Where a summary's link for a field goes: its input, or the first of its choices."""
    return f"{bound.auto_id}_0" if bound.field.widget.use_fieldset else bound.auto_id


def _removed(row) -> bool:
    """A formset row the person removed: its errors no longer concern them."""
    return bool(getattr(row, "cleaned_data", {}).get(DELETION_FIELD_NAME))


@register.inclusion_tag("workshop/_error_summary.html")
def error_summary(form, formset=None, formset_label: str = "Author"):
    """A refused form's summary at its top: every problem in one list, each naming its
    field and linking to it (the field itself is marked in place: aria-invalid and its
    message in aria-describedby). Nothing when the form was not refused."""
    items = [("", message) for message in form.non_field_errors()]
    for bound in form:
        items += [(f"#{_anchor(bound)}", f"{bound.label}: {m}") for m in bound.errors]
    if formset is not None:
        service = getattr(formset, "service_errors", None) or []
        items += [("#authors-errors", f"{formset_label}s: {m}") for m in service]
        items += [("", f"{formset_label}s: {m}") for m in formset.non_form_errors()]
        rows = [row for row in formset.forms if not _removed(row)]
        for number, row in enumerate(rows, start=1):
            items += [("", f"{formset_label} {number}: {m}") for m in row.non_field_errors()]
            for bound in row:
                items += [
                    (f"#{_anchor(bound)}", f"{formset_label} {number}, {bound.label.lower()}: {m}")
                    for m in bound.errors
                ]
    return {"items": items}
