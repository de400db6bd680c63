"""The organizer's pages beside the reviewing desk: the workshop at a glance and the
downloads (reviews/exports.py says what each one holds). Access as on the desk: the
workshop's organizers only, 404 for anyone else."""

import csv
import json
from collections.abc import Iterable, Iterator

from django.http import StreamingHttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone

from workshop.zones import format_in_zone

from ..exports import EXPORTS, FORMATS, Export, Row, spreadsheet_safe
from ..glance import PHASES, glance
from . import charts
from .desk import _context, _workshop


def urls(model_admin) -> list:
    wrap = model_admin.admin_site.admin_view
    downloads = [
        path(
            f"<int:workshop_id>/export/{name}.{fmt}",
            wrap(export_view),
            {"name": name, "fmt": fmt},
            name=f"reviews_desk_export_{name}_{fmt}",
        )
        for name in EXPORTS
        for fmt in FORMATS
    ]
    return [
        path("<int:workshop_id>/glance/", wrap(glance_view), name="reviews_desk_glance"),
        *downloads,
    ]


def glance_view(request, workshop_id: int):
    workshop = _workshop(request, workshop_id)
    found = glance(workshop, request.user, timezone.now())
    context = {
        **_context(request, workshop, f"At a glance — {workshop.name}"),
        "glance": found,
        "phases": PHASES,
        "per_day": charts.daily(found.per_day),
        "review_deadline": workshop.review_deadline
        and format_in_zone(workshop.review_deadline, workshop.deadline_timezone),
        "exports": [
            (
                export.title,
                [
                    (fmt, reverse(f"admin:reviews_desk_export_{name}_{fmt}", args=[workshop.pk]))
                    for fmt in FORMATS
                ],
            )
            for name, export in EXPORTS.items()
        ],
    }
    return TemplateResponse(request, "reviews/admin/glance.html", context)


# --- Downloads ------------------------------------------------------------------------------


class _Line:
    """What csv.writer writes to: it hands each line back instead of storing it."""

    def write(self, line: str) -> str:
        return line


def _cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        value = "; ".join(str(v) for v in value)
    return spreadsheet_safe(value)


def as_csv(export: Export, rows: Iterable[Row]) -> Iterator[str]:
    """UTF-8 with a byte-order mark, so that spreadsheets read the accents right."""
    writer = csv.writer(_Line())
    yield "\ufeff" + writer.writerow(export.columns)
    for row in rows:
        yield writer.writerow([_cell(row[column]) for column in export.columns])


def as_json(rows: Iterable[Row]) -> Iterator[str]:
    """One JSON array of objects, written a row at a time."""
    yield "["
    separator = "\n"
    for row in rows:
        yield separator + json.dumps(row, ensure_ascii=False)
        separator = ",\n"
    yield "\n]\n"


def export_view(request, workshop_id: int, name: str, fmt: str):
    workshop = _workshop(request, workshop_id)
    export = EXPORTS[name]
    rows = export.rows(workshop, request.user)
    if fmt == "csv":
        response = StreamingHttpResponse(
            as_csv(export, rows), content_type="text/csv; charset=utf-8"
        )
    else:
        response = StreamingHttpResponse(as_json(rows), content_type="application/json")
    filename = f"{workshop.slug}-{name}-{timezone.now():%Y-%m-%d}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
