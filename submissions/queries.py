"""Querysets shared by the pages, the API and the admin, with what they need loaded."""

from django.db.models import Exists, OuterRef, Prefetch, QuerySet

from .enums import VersionKind
from .models import Author, PaperVersion, Submission


def submission_versions() -> Prefetch:
    """The paper's submission PDFs, newest (the current one) first, as `submission_versions`."""
    return Prefetch(
        "versions",
        queryset=PaperVersion.objects.filter(kind=VersionKind.SUBMISSION).order_by(
            "-uploaded_at", "-id"
        ),
        to_attr="submission_versions",
    )


def papers_of(user) -> QuerySet[Submission]:
    """Every paper that lists one of the user's verified addresses, across workshops; the
    papers of open calls first. A constant number of queries however many there are."""
    listed = Author.objects.filter(submission=OuterRef("pk"), user=user)
    return (
        Submission.objects.filter(Exists(listed))
        .select_related("workshop")
        .prefetch_related(submission_versions(), "deadline_extensions")
        .order_by("-workshop__starts_at", "workshop__name", "number")
    )


def with_details(queryset: QuerySet[Submission]) -> QuerySet[Submission]:
    """Authors and topics too (the API shows them)."""
    return queryset.prefetch_related("authors", "topics")
