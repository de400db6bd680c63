"""Every registered admin page, walked as a staff organizer: the changelist, the add form,
and the change, history and delete pages of a row of their own workshop and of a row of
another. None may fail with a server error; another workshop's row is "not found" (the
admin's redirect with a message, 403 or 404), never shown.

The demo fills ml-for-systems-2018; two organizers walk it: one of that workshop (whose
rows are their own) and one of the sibling workshop only (to whom they are foreign)."""

from io import StringIO

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from reviews.enums import JobKind
from reviews.models import ReviewerInvitation, ReviewJob
from workshop.enums import EmailState, RoleKind
from workshop.models import OutgoingEmail, Workshop

from ..factories import RoleFactory, UserFactory

pytestmark = pytest.mark.django_db

OWN_SHOWN = {200, 403}  # 403: a page the organizer may not use at all (e.g. delete)
NOT_SHOWN = {302, 403, 404}  # 302: the admin's "doesn't exist, perhaps it was deleted?"


def _staff_organizer(email: str, slug: str):
    user = UserFactory(email=email, is_staff=True)
    workshop = Workshop.objects.get(slug=slug)
    RoleFactory(workshop=workshop, user=user, kind=RoleKind.ORGANIZER)
    return user


@pytest.fixture
def walkers():
    """The demo, plus rows of the few models the demo leaves empty."""
    call_command("loaddemo", stdout=StringIO())
    mlsys = Workshop.objects.get(slug="ml-for-systems-2018")
    for n, (workshop, state) in enumerate(
        [(mlsys, EmailState.FAILED), (mlsys, EmailState.SENT), (None, EmailState.SENT)]
    ):
        OutgoingEmail.objects.create(
            to=f"someone{n}@example.org",
            subject=f"Mail {n}",
            text_body="x",
            template_key="walk",
            idempotency_key=f"walk:{n}",
            workshop=workshop,
            state=state,
            sent_at=timezone.now() if state == EmailState.SENT else None,
        )
    ReviewerInvitation.objects.create(workshop=mlsys, email="invited@example.org")
    ReviewJob.objects.create(workshop=mlsys, kind=JobKind.AFFINITY)
    return [
        _staff_organizer("walker@mlsys.example.org", "ml-for-systems-2018"),
        _staff_organizer("walker@sysml.example.org", "systems-for-ml-2018"),
    ]


def _rows(model_admin, organizer, rf):
    """One row the organizer's admin lists, and one it does not (where there is one)."""
    request = rf.get("/admin/")
    request.user = organizer
    own_ids = model_admin.get_queryset(request).values("pk")
    everything = model_admin.model._default_manager.order_by("pk")
    return everything.filter(pk__in=own_ids).first(), everything.exclude(pk__in=own_ids).first()


def _url(model_admin, page, *args):
    opts = model_admin.model._meta
    try:
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_{page}", args=args)
    except NoReverseMatch:
        return None


def _walk(client, organizer, rf, seen):
    """Visit every page; return the ones answering otherwise than expected."""
    client.force_login(organizer)
    wrong = []
    for model, model_admin in admin.site._registry.items():
        label = model._meta.label
        for page in ("changelist", "add"):
            status = client.get(_url(model_admin, page)).status_code
            seen["pages"] += 1
            if status not in OWN_SHOWN:
                wrong.append((organizer.email, label, page, status))
        own, foreign = _rows(model_admin, organizer, rf)
        for side, row, allowed in (("own", own, OWN_SHOWN), ("foreign", foreign, NOT_SHOWN)):
            if row is None:
                continue
            seen[side].add(label)
            for page in ("change", "history", "delete"):
                url = _url(model_admin, page, row.pk)
                # An own row may redirect to its proper page (the reviewing desk): follow it.
                status = client.get(url, follow=side == "own").status_code
                seen["pages"] += 1
                if status not in allowed:
                    wrong.append((organizer.email, label, page, side, status))
    return wrong


def test_no_admin_page_fails_for_a_staff_organizer(client, walkers, rf):
    client.raise_request_exception = False  # count the 500s instead of stopping at the first
    seen = {"pages": 0, "own": set(), "foreign": set()}
    wrong = [problem for organizer in walkers for problem in _walk(client, organizer, rf, seen)]
    assert wrong == []
    # The walk reached rows of both kinds for every workshop-scoped model.
    scoped = {
        "workshop.Workshop",
        "workshop.OutgoingEmail",
        "workshop.AuditEntry",
        "submissions.Submission",
        "reviews.ReviewerInvitation",
        "reviews.ReviewerProfile",
        "reviews.ReviewJob",
        "reviews.Conflict",
        "reviews.Assignment",
        "reviews.Review",
        "reviews.Bid",
        "reviews.DecisionNotice",
        "reviews.ReviewSettings",
        "reviews.DecisionTemplate",
        "schedule.Program",
        "schedule.ScheduleItem",
        "schedule.Room",
        "schedule.ScheduleRelease",
    }
    assert scoped <= seen["own"] and scoped <= seen["foreign"]
    assert seen["pages"] > 250, seen["pages"]
