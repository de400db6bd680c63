from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.templatetags.static import static
from django.utils import timezone

from .models import Workshop
from .queries import listed_workshops, public_organizers


def home(request):
    return render(request, "workshop/home.html", {"workshops": listed_workshops()})


def detail(request, slug: str):
    workshop = get_object_or_404(
        Workshop.objects.select_related("series").prefetch_related(
            public_organizers(), "links", "topics"
        ),
        slug=slug,
    )
    now = timezone.now()
    deadlines = [
        (label, value)
        for label, value in (
            ("Submissions open", workshop.submissions_open_at),
            ("Submission deadline", workshop.submission_deadline),
            ("Reviews due", workshop.review_deadline),
            ("Notification of acceptance", workshop.notification_at),
            ("Camera-ready due", workshop.camera_ready_deadline),
        )
        if value is not None
    ]
    return render(
        request,
        "workshop/detail.html",
        {
            "workshop": workshop,
            "deadlines": deadlines,
            "call_open": workshop.call_is_open(now),
            "siblings": list(workshop.siblings()),
            "now": now,
        },
    )


def healthz(request):
    from django.db import connection
    from django.http import JsonResponse

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def favicon(request):
    """Browsers ask for /favicon.ico whatever a page links (the admin, a PDF, a JSON
    answer): send them to the static icon, which may be renamed by its content's hash."""
    response = HttpResponseRedirect(static("favicon.ico"))
    response["Cache-Control"] = "public, max-age=86400"
    return response
