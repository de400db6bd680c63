"""The audit trail: the services that change decisions, assignments, deadlines, routings
and releases call `record` inside their own transaction, with the acting user they were
given, so an entry exists exactly when the change does."""

from django.db import models

from people.models import User

from .enums import AuditAction
from .models import AuditEntry, Workshop


def actor_name(user: User | None) -> str:
    if user is None:
        return "the system"
    return f"{user.name} <{user.email}>" if user.name else user.email


def record(
    *,
    workshop: Workshop,
    by: User | None,
    action: AuditAction,
    subject: str,
    change: str = "",
    related: models.Model | None = None,
) -> AuditEntry:
    entry = AuditEntry(
        workshop=workshop,
        actor=by,
        actor_name=actor_name(by),
        action=action,
        subject=subject[:300],
        change=change,
    )
    if related is not None:
        entry.related = related
    entry.save()
    return entry


def paper(submission) -> str:
    """How an entry names a paper: its number and title."""
    return f"Paper #{submission.number} “{submission.title}”"
