"""Helpers shared by the reviewing services."""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from people.models import User
from workshop.enums import RoleKind
from workshop.models import Role, Workshop

from ..models import ReviewSettings


def require(user, perm: str, obj, message: str) -> None:
    """The acting user must hold `perm` on `obj`, the same check the views make."""
    if user is None or not user.has_perm(perm, obj):
        raise PermissionDenied(message)


def require_organizer(user, workshop: Workshop) -> None:
    require(
        user,
        "reviews.manage_reviewing",
        workshop,
        f"Only the organizers of {workshop.name} can do this.",
    )


def pool(workshop: Workshop) -> QuerySet[User]:
    """The workshop's reviewers (people with the reviewer role), in a stable order."""
    return User.objects.filter(
        workshop_roles__workshop=workshop, workshop_roles__kind=RoleKind.REVIEWER
    ).order_by("id")


def in_pool(user, workshop: Workshop) -> bool:
    return Role.objects.filter(workshop=workshop, user=user, kind=RoleKind.REVIEWER).exists()


def settings_for(workshop: Workshop) -> ReviewSettings:
    """The workshop's review settings, created with the defaults on first use."""
    found, _ = ReviewSettings.objects.get_or_create(workshop=workshop)
    return found
