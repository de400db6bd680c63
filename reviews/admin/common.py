"""What the reviewing admin classes share."""

from django.contrib import messages


class ReadOnlyMixin:
    """Records organizers read; they change through the reviewing desk's services."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def report_error(model_admin, request, exc) -> None:
    """A service's refusal, shown as the admin's error message."""
    text = " ".join(getattr(exc, "messages", None) or [str(exc)])
    model_admin.message_user(request, text, messages.ERROR)
