"""What the reviewing admin classes share."""

from django.contrib import messages

from workshop import refusals
from workshop.admin_base import ReadOnlyAdminMixin as ReadOnlyMixin

__all__ = ["ReadOnlyMixin", "report_error"]


def report_error(model_admin, request, exc) -> None:
    """A service's refusal, shown as the admin's error message."""
    text = refusals.text(exc)
    model_admin.message_user(request, text, messages.ERROR)
