"""The organizer's view of the admin: a staff organizer sees and edits only what belongs to
the workshops they organise; superusers see everything."""

from django.contrib import admin
from rules.contrib.admin import ObjectPermissionsModelAdmin

from .rules import organized_workshops


class ReadOnlyAdminMixin:
    """Records organizers read but never edit by hand: they change through services
    (actions, the desks) or not at all. Works for model admins and inlines alike."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class WorkshopScopedAdmin(ObjectPermissionsModelAdmin):
    """For models with a path to a workshop (`workshop_path`, e.g. "workshop" or
    "submission__workshop")."""

    workshop_path = "workshop"
    # No second COUNT of every row for "N total" next to a filtered count: at 15,000 papers
    # and 60,000 reviews that count is most of the page's time.
    show_full_result_count = False

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(**{f"{self.workshop_path}__in": organized_workshops(request.user)})

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # Organizers pick only among their own workshops.
        if db_field.name == "workshop" and not request.user.is_superuser:
            kwargs["queryset"] = organized_workshops(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class WorkshopScopedInline(admin.TabularInline):
    extra = 0
