from datetime import datetime

import markdown as md
import nh3
from django import template
from django.forms.formsets import DELETION_FIELD_NAME
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
