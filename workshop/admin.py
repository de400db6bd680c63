from django.contrib import admin, messages
from rules.contrib.admin import ObjectPermissionsModelAdmin

from . import mail
from .admin_base import ReadOnlyAdminMixin, WorkshopScopedAdmin
from .forms import WorkshopAdminForm
from .models import AuditEntry, OutgoingEmail, RelatedLink, Role, Series, Topic, Workshop
from .rules import organized_workshops
from .zones import format_in_zone


class RoleInline(admin.TabularInline):
    model = Role
    extra = 0
    autocomplete_fields = ["user"]
    fields = ["user", "kind", "position", "is_public", "public_bio"]


class TopicInline(admin.TabularInline):
    model = Topic
    extra = 0


class RelatedLinkInline(admin.TabularInline):
    model = RelatedLink
    extra = 0


@admin.register(Series)
class SeriesAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Workshop)
class WorkshopAdmin(ObjectPermissionsModelAdmin):
    form = WorkshopAdminForm
    list_display = ["name", "conference", "starts", "deadline", "series"]
    search_fields = ["name", "acronym", "conference"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [RoleInline, TopicInline, RelatedLinkInline]
    readonly_fields = ["program_released_at"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "name",
                    "slug",
                    "acronym",
                    "series",
                    "conference",
                    "event_url",
                    "is_listed",
                ]
            },
        ),
        ("Venue and day", {"fields": ["venue", "room", "timezone", "starts_at", "ends_at"]}),
        ("Texts", {"fields": ["description", "call_for_papers"]}),
        (
            "Deadlines",
            {
                "fields": [
                    "deadline_timezone",
                    "submissions_open_at",
                    "submission_deadline",
                    "review_deadline",
                    "notification_at",
                    "camera_ready_deadline",
                    "program_expected_at",
                    "program_released_at",
                ]
            },
        ),
        (
            "Papers",
            {
                "fields": [
                    "page_limit",
                    "references_excluded",
                    "appendix_allowed",
                    "camera_ready_page_limit",
                    "max_upload_mb",
                    "blind_mode",
                    "anonymity_policy",
                ]
            },
        ),
        (
            "Reviewing",
            {
                "fields": [
                    "reviews_per_paper",
                    "reviewer_load",
                    "reviewers_anonymous",
                    "bidding_open",
                    "bidding_opens_at",
                    "bidding_closes_at",
                    "bid_weight_eager",
                    "bid_weight_willing",
                    "bid_weight_not_willing",
                    "decisions_released_at",
                ]
            },
        ),
    ]

    @admin.display(description="starts", ordering="starts_at")
    def starts(self, workshop):
        return format_in_zone(workshop.starts_at, workshop.timezone)

    @admin.display(description="submission deadline", ordering="submission_deadline")
    def deadline(self, workshop):
        if workshop.submission_deadline is None:
            return "—"
        return format_in_zone(workshop.submission_deadline, workshop.deadline_timezone)

    def get_queryset(self, request):
        return (
            organized_workshops(request.user)
            if not request.user.is_superuser
            else (super().get_queryset(request))
        )

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(ReadOnlyAdminMixin, WorkshopScopedAdmin):
    list_display = ["subject", "to", "state", "attempts", "created_at", "sent_at", "workshop"]
    list_filter = ["state", "template_key", "workshop"]
    search_fields = ["to", "subject", "idempotency_key"]
    date_hierarchy = "created_at"
    readonly_fields = [f.name for f in OutgoingEmail._meta.fields] + ["related_link"]
    exclude = ["related_type", "related_id"]
    actions = ["resend_failed"]
    list_select_related = ["workshop"]

    def related_link(self, obj):
        return str(obj.related) if obj.related_type_id else "—"

    def has_resend_permission(self, request):
        return request.user.has_perm("workshop.view_outgoingemail")

    @admin.action(description="Send the selected failed emails again", permissions=["resend"])
    def resend_failed(self, request, queryset):
        count = mail.resend(emails=queryset)
        if count:
            self.message_user(request, f"{count} email(s) queued again.")
        else:
            self.message_user(
                request,
                "Nothing to resend: only failed emails can be sent again.",
                messages.WARNING,
            )


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdminMixin, WorkshopScopedAdmin):
    """Who changed a decision, an assignment, a deadline, a routing or a release, and when.
    Written by the services only; an organizer reads their own workshops' entries."""

    list_display = ["at", "workshop", "actor_name", "action", "subject", "change"]
    list_filter = ["action", "workshop"]
    search_fields = ["subject", "change", "actor_name"]
    date_hierarchy = "at"
    list_select_related = ["workshop"]
    fields = ["at", "workshop", "actor_name", "action", "subject", "change"]
    readonly_fields = fields
