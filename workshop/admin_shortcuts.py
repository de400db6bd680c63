"""The admin's "view on site" shortcut, limited to the rows the staff member's admin shows.

Django's own shortcut redirects any staff member to any row's public page, so an organizer
of another workshop could learn that a paper id exists and where. Here a row outside the
asking member's admin queryset answers 404, as the admin's change page does."""

from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.views import shortcut
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.http import Http404
from django.urls import path

NOT_YOURS = "There is no such row in your administration."


def view_on_site(request, content_type_id, object_id):
    try:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
    except ObjectDoesNotExist:
        raise Http404(NOT_YOURS) from None
    model_admin = admin.site._registry.get(model)
    if model_admin is None:
        if not request.user.is_superuser:
            raise Http404(NOT_YOURS)
    else:
        try:
            visible = model_admin.get_queryset(request).filter(pk=object_id).exists()
        except (ValueError, ValidationError):
            visible = False
        if not visible:
            raise Http404(NOT_YOURS)
    return shortcut(request, content_type_id, object_id)


def admin_urls():
    """admin.site.urls with the shortcut above in place of Django's."""
    patterns = admin.site.get_urls()
    for index, pattern in enumerate(patterns):
        if getattr(pattern, "name", None) == "view_on_site":
            patterns[index] = path(
                str(pattern.pattern),
                admin.site.admin_view(view_on_site),
                name="view_on_site",
            )
    return patterns, "admin", admin.site.name
