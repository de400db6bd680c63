"""The public program API under /api/v1/ (workshop/api_router.py mounts `urlpatterns`).

Anonymous and read-only. The schedule and speakers are read from the latest released
version (or `?version=n`), rendered once per version and cached; every response has an
ETag and Cache-Control, and a matching If-None-Match gets 304. The number of SQL queries
does not depend on the size of the program: one to find the version, one more to read its
snapshot when it is not cached yet.
"""

from django.conf import settings
from django.db.models import Max
from django.http import HttpResponse
from django.urls import path, reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.views import APIView

from submissions import publication
from submissions.enums import SubmissionStatus
from workshop.models import Workshop
from workshop.queries import listed_workshops

from . import published
from .serializers import (
    PaperOutput,
    ScheduleOutput,
    SpeakerOutput,
    WorkshopDetailOutput,
    WorkshopOutput,
)
from .snapshot import iso, item_ical_path

VERSION_PARAMETER = OpenApiParameter(
    "version",
    OpenApiTypes.INT,
    required=False,
    description="A released version's number; the latest version when left out.",
)
NOT_MODIFIED = OpenApiResponse(description="Not modified: the ETag in If-None-Match matches.")
NOT_FOUND = OpenApiResponse(description="No such workshop, or no such released version.")
PRESENTED_AS = {
    SubmissionStatus.ACCEPTED_ORAL: "contributed_talk",
    SubmissionStatus.ACCEPTED_SPOTLIGHT: "spotlight",
    SubmissionStatus.ACCEPTED_POSTER: "poster",
}


def render_json(data) -> bytes:
    return JSONRenderer().render(data)


class PublicAPIView(APIView):
    """Anonymous and read-only: no authentication is even attempted."""

    authentication_classes = []
    permission_classes = [AllowAny]
    renderer_classes = [JSONRenderer]


def _json(request, body: bytes, max_age: int = published.LATEST_MAX_AGE) -> HttpResponse:
    etag = published.content_etag(body)
    if published.matches(request, etag):
        return published.not_modified(etag, max_age)
    response = HttpResponse(body, content_type="application/json")
    response["Access-Control-Allow-Origin"] = "*"
    return published.cache_headers(response, etag=etag, max_age=max_age)


def _workshop_row(workshop: Workshop) -> dict:
    return {
        "slug": workshop.slug,
        "name": workshop.name,
        "acronym": workshop.acronym,
        "conference": workshop.conference,
        "venue": workshop.venue,
        "room": workshop.room,
        "timezone": workshop.timezone,
        "starts_at": workshop.starts_at,
        "ends_at": workshop.ends_at,
        "event_url": workshop.event_url,
        "url": settings.SITE_URL + workshop.get_absolute_url(),
        "schedule_url": settings.SITE_URL + reverse("api-schedule", kwargs={"slug": workshop.slug}),
        "schedule_version": workshop.schedule_version,
        "description": workshop.description,
    }


class WorkshopList(PublicAPIView):
    """The listed workshops, those with an open call first, then the most recent."""

    @extend_schema(responses={200: WorkshopOutput(many=True), 304: NOT_MODIFIED})
    def get(self, request):
        workshops = listed_workshops().annotate(schedule_version=Max("schedule_releases__number"))
        data = WorkshopOutput([_workshop_row(w) for w in workshops], many=True).data
        return _json(request, render_json(data))


class WorkshopDetail(PublicAPIView):
    """One workshop, with its venue's time zone (an IANA name)."""

    @extend_schema(responses={200: WorkshopDetailOutput, 304: NOT_MODIFIED, 404: NOT_FOUND})
    def get(self, request, slug: str):
        workshop = (
            Workshop.objects.filter(slug=slug)
            .annotate(schedule_version=Max("schedule_releases__number"))
            .first()
        )
        if workshop is None:
            raise NotFound("There is no workshop at this address.")
        return _json(request, render_json(WorkshopDetailOutput(_workshop_row(workshop)).data))


def _version(request) -> int | None:
    raw = request.query_params.get("version")
    if raw is None:
        return None
    if not raw.isdigit() or int(raw) < 1:
        raise NotFound("A version is a positive whole number, such as ?version=2.")
    return int(raw)


def _release(request, slug: str) -> published.ReleaseRef:
    version = _version(request)
    ref = published.find_release(slug, version)
    if ref is not None:
        return ref
    # Only on this rare path: say which of the two things is missing.
    if not Workshop.objects.filter(slug=slug).exists():
        raise NotFound("There is no workshop at this address.")
    if version is not None:
        raise NotFound(f"This workshop has no released version {version}.")
    raise NotFound("This workshop has not released its program yet.")


def schedule_data(snapshot: dict, number: int, released_at) -> dict:
    slug = snapshot["workshop"]["slug"]
    items = [
        {**row, "ical_url": settings.SITE_URL + item_ical_path(slug, row["id"])}
        for row in snapshot["items"]
    ]
    return ScheduleOutput(
        {
            "version": number,
            "released_at": iso(released_at),
            "timezone": snapshot["workshop"]["timezone"],
            "items": items,
        }
    ).data


def speakers_data(snapshot: dict) -> list:
    people: dict[tuple[str, str], list[int]] = {}
    for row in snapshot["items"]:
        for speaker in row["speakers"]:
            people.setdefault((speaker["name"], speaker["affiliation"]), []).append(row["id"])
    rows = [
        {"name": name, "affiliation": affiliation, "items": items}
        for (name, affiliation), items in sorted(people.items(), key=lambda p: p[0])
    ]
    return SpeakerOutput(rows, many=True).data


class ScheduleView(PublicAPIView):
    """The released program: the latest version, or `?version=n`. Times are ISO 8601 in
    UTC with an offset; `timezone` is the venue's zone for showing them."""

    @extend_schema(
        parameters=[VERSION_PARAMETER],
        responses={200: ScheduleOutput, 304: NOT_MODIFIED, 404: NOT_FOUND},
    )
    def get(self, request, slug: str):
        ref = _release(request, slug)

        def build(snapshot: dict) -> bytes:
            return render_json(schedule_data(snapshot, ref.number, ref.released_at))

        return published.respond(
            request, ref, "api-schedule", build, content_type="application/json"
        )


class SpeakersView(PublicAPIView):
    """The speakers of the released program, with the items they speak in."""

    @extend_schema(
        parameters=[VERSION_PARAMETER],
        responses={200: SpeakerOutput(many=True), 304: NOT_MODIFIED, 404: NOT_FOUND},
    )
    def get(self, request, slug: str):
        ref = _release(request, slug)
        return published.respond(
            request,
            ref,
            "api-speakers",
            lambda snapshot: render_json(speakers_data(snapshot)),
            content_type="application/json",
        )


class PapersView(PublicAPIView):
    """The public accepted papers (those the public pages list: accepted, their authors
    told, the notification date passed); until then an empty list."""

    @extend_schema(responses={200: PaperOutput(many=True), 304: NOT_MODIFIED, 404: NOT_FOUND})
    def get(self, request, slug: str):
        workshop = Workshop.objects.filter(slug=slug).first()
        if workshop is None:
            raise NotFound("There is no workshop at this address.")
        rows = [
            {
                "id": paper.pk,
                "number": paper.number,
                "title": paper.title,
                "authors": [author.name for author in paper.authors.all()],
                "abstract": paper.abstract,
                "keywords": [str(k) for k in paper.keywords or []],
                "presented_as": PRESENTED_AS[paper.status],
                "url": settings.SITE_URL
                + reverse("schedule:paper", kwargs={"slug": slug, "paper": paper.public_slug}),
            }
            for paper in publication.public_papers(workshop).order_by("number")
        ]
        return _json(request, render_json(PaperOutput(rows, many=True).data))


urlpatterns = [
    path("workshops/", WorkshopList.as_view(), name="api-workshops"),
    path("workshops/<slug:slug>/", WorkshopDetail.as_view(), name="api-workshop"),
    path(
        "workshops/<slug:slug>/schedule/",
        ScheduleView.as_view(),
        name="api-schedule",
    ),
    path("workshops/<slug:slug>/speakers/", SpeakersView.as_view(), name="api-speakers"),
    path("workshops/<slug:slug>/papers/", PapersView.as_view(), name="api-papers"),
]
