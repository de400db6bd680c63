"""Who may do what with a workshop, as django-rules predicates.

A predicate given no workshop answers for "some workshop", which is what the admin asks
to decide whether to show a model at all."""

import rules

from .enums import RoleKind
from .models import Role, Workshop


def _has_role(user, workshop: Workshop | None, kind: str) -> bool:
    if not user.is_authenticated:
        return False
    if workshop is None:
        # "In some workshop" is asked once per app by every admin page (module permissions,
        # the sidebar): remembered on the request's user object, one query per request.
        known = user.__dict__.setdefault("_has_role_somewhere", {})
        if kind not in known:
            known[kind] = Role.objects.filter(user=user, kind=kind).exists()
        return known[kind]
    return Role.objects.filter(user=user, kind=kind, workshop=workshop).exists()


@rules.predicate
def is_organizer(user, workshop: Workshop | None = None) -> bool:
    return _has_role(user, workshop, RoleKind.ORGANIZER)


@rules.predicate
def is_reviewer(user, workshop: Workshop | None = None) -> bool:
    return _has_role(user, workshop, RoleKind.REVIEWER)


@rules.predicate
def is_staff_organizer(user, workshop: Workshop | None = None) -> bool:
    return user.is_staff and is_organizer(user, workshop)


@rules.predicate
def is_staff_organizer_of(user, obj=None) -> bool:
    """Admin access to a row of this app: to the model for any staff organizer (no row),
    to a row for the organizers of its workshop. The admin hands over the row itself (a
    mail, a role), not its workshop; a row of no workshop (an account mail) is left to
    superusers."""
    if obj is None:
        return is_staff_organizer(user, None)
    workshop = obj if isinstance(obj, Workshop) else obj.workshop
    return workshop is not None and is_staff_organizer(user, workshop)


def organized_workshops(user):
    """The workshops a user may manage: all for a superuser, else the ones they organise."""
    if user.is_superuser:
        return Workshop.objects.all()
    return Workshop.objects.filter(roles__user=user, roles__kind=RoleKind.ORGANIZER).distinct()


rules.add_perm("workshop.view_workshop", is_staff_organizer)
rules.add_perm("workshop.change_workshop", is_staff_organizer)
rules.add_perm("workshop.manage_workshop", is_organizer)

for _model in ("role", "topic", "relatedlink"):
    for _action in ("view", "add", "change", "delete"):
        rules.add_perm(f"workshop.{_action}_{_model}", is_staff_organizer_of)
rules.add_perm("workshop.view_outgoingemail", is_staff_organizer_of)
rules.add_perm("workshop.view_auditentry", is_staff_organizer_of)
# Organizers pick people for roles in their workshops.
rules.add_perm("people.view_user", is_staff_organizer)
# The admin shows an app to whoever has its module permission (rules asks for the label).
rules.add_perm("workshop", is_staff_organizer)
