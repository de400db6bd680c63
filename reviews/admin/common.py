"""What the reviewing admin classes share."""

from django.contrib import messages

from workshop import refusals


def report_error(model_admin, request, exc) -> None:
    """A service's refusal, shown as the admin's error message."""
    model_admin.message_user(request, refusals.text(exc), messages.ERROR)
