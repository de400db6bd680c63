"""Querysets used by more than one module, with what they need prefetched: building a
snapshot, the warnings and the draft from decisions all read the whole draft program in a
fixed number of queries, however long the program is."""

from django.db.models import Prefetch, QuerySet

from submissions.enums import ACCEPTED
from submissions.models import Author, Submission
from workshop.models import Workshop

from .models import ItemPaper, PosterBoard, ScheduleItem, ScheduleRelease, Speaker

_AUTHORS = Prefetch("authors", queryset=Author.objects.order_by("position", "id"))


def draft_items(workshop: Workshop) -> QuerySet[ScheduleItem]:
    """The draft program in time order, everything for a snapshot prefetched (6 queries)."""
    return (
        ScheduleItem.objects.filter(workshop=workshop)
        .select_related("room")
        .prefetch_related(
            Prefetch("speakers", queryset=Speaker.objects.select_related("user")),
            Prefetch(
                "item_papers",
                queryset=ItemPaper.objects.select_related("submission").prefetch_related(
                    Prefetch("submission__authors", queryset=Author.objects.order_by("position"))
                ),
            ),
            Prefetch(
                "boards",
                queryset=PosterBoard.objects.select_related("submission").prefetch_related(
                    Prefetch("submission__authors", queryset=Author.objects.order_by("position"))
                ),
            ),
        )
        .order_by("start_at", "end_at", "id")
    )


def accepted_papers(workshop: Workshop) -> QuerySet[Submission]:
    """The workshop's accepted papers with their authors in order (2 queries)."""
    return (
        Submission.objects.filter(workshop=workshop, status__in=ACCEPTED)
        .prefetch_related(_AUTHORS)
        .order_by("number")
    )


def latest_release(workshop: Workshop) -> ScheduleRelease | None:
    return ScheduleRelease.objects.filter(workshop=workshop).order_by("-number").first()
