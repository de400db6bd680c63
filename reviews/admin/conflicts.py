"""Conflicts in the admin: every conflict with its source and reason; organizers confirm or
dismiss detected ones and add their own. Institution aliases are the editable data that
conflict detection uses."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError

from people.models import User
from submissions.models import Submission
from workshop import refusals
from workshop.admin_base import WorkshopScopedAdmin
from workshop.rules import organized_workshops

from ..enums import REVIEWABLE
from ..models import Conflict, InstitutionAlias
from ..services import conflicts as conflict_services
from .common import report_error


class ConflictAddForm(forms.ModelForm):
    class Meta:
        model = Conflict
        fields = ["submission", "reviewer", "reason"]


@admin.register(Conflict)
class ConflictAdmin(WorkshopScopedAdmin):
    workshop_path = "submission__workshop"
    list_display = ["submission", "reviewer", "source", "status", "reason"]
    list_filter = ["status", "source", "submission__workshop"]
    search_fields = ["reviewer__email", "reviewer__name", "submission__title", "reason"]
    list_select_related = ["submission", "reviewer"]
    actions = ["confirm", "dismiss"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # An organizer picks among their own workshops' papers and reviewers.
        workshops = organized_workshops(request.user)
        if db_field.name == "submission":
            kwargs["queryset"] = Submission.objects.filter(
                workshop__in=workshops, status__in=REVIEWABLE
            ).select_related("workshop")
        elif db_field.name == "reviewer":
            kwargs["queryset"] = User.objects.filter(
                workshop_roles__kind="reviewer", workshop_roles__workshop__in=workshops
            ).distinct()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = ConflictAddForm
        return super().get_form(request, obj, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return [f.name for f in Conflict._meta.fields]

    def save_model(self, request, obj, form, change):
        if change:
            return
        try:
            conflict_services.add_conflict(
                submission=obj.submission,
                reviewer=obj.reviewer,
                by=request.user,
                reason=obj.reason,
            )
        except (ValidationError, PermissionDenied) as exc:
            report_error(self, request, exc)

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def has_decide_permission(self, request):
        return request.user.has_perm("reviews.view_conflict")

    def _decide(self, request, queryset, confirm: bool):
        done, refused = 0, []
        for conflict in queryset.select_related("submission__workshop"):
            try:
                conflict_services.decide_conflict(
                    conflict=conflict, by=request.user, confirm=confirm
                )
                done += 1
            except (ValidationError, PermissionDenied) as exc:
                refused.extend(refusals.sentences(exc))
        self.message_user(request, f"{done} conflict(s) {'confirmed' if confirm else 'dismissed'}.")
        for text in sorted(set(refused)):
            self.message_user(request, text, messages.WARNING)

    @admin.action(description="Confirm the selected conflicts", permissions=["decide"])
    def confirm(self, request, queryset):
        self._decide(request, queryset, True)

    @admin.action(description="Dismiss the selected detected conflicts", permissions=["decide"])
    def dismiss(self, request, queryset):
        self._decide(request, queryset, False)


@admin.register(InstitutionAlias)
class InstitutionAliasAdmin(admin.ModelAdmin):
    list_display = ["alias", "institution"]
    search_fields = ["alias", "institution"]

    def save_model(self, request, obj, form, change):
        obj.alias = obj.alias.strip().lower() if "." in obj.alias else obj.alias.strip()
        super().save_model(request, obj, form, change)
