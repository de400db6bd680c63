from django.db.models import BooleanField, Case, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone

from .enums import RoleKind
from .models import Role, Workshop


def listed_workshops(now=None) -> QuerySet[Workshop]:
    """Listed workshops, those with an open call first, then the most recent."""
    now = now or timezone.now()
    call_open = Q(submission_deadline__gt=now) & (
        Q(submissions_open_at__isnull=True) | Q(submissions_open_at__lte=now)
    )
    return (
        Workshop.objects.filter(is_listed=True)
        .annotate(
            call_open=Case(
                When(call_open, then=Value(True)), default=Value(False), output_field=BooleanField()
            )
        )
        .order_by("-call_open", "-starts_at")
    )


def public_organizers() -> Prefetch:
    return Prefetch(
        "roles",
        queryset=Role.objects.filter(kind=RoleKind.ORGANIZER, is_public=True).select_related(
            "user"
        ),
        to_attr="public_organizers",
    )
