"""Read-only records of reviewing in the admin: jobs with their progress, assignments,
reviews, bids and the decision notices."""

from django.contrib import admin
from django.utils.html import format_html

from workshop.admin_base import ReadOnlyAdminMixin, WorkshopScopedAdmin

from ..models import Assignment, Bid, DecisionNotice, Review, ReviewJob


@admin.register(ReviewJob)
class ReviewJobAdmin(ReadOnlyAdminMixin, WorkshopScopedAdmin):
    list_display = ["kind", "workshop", "state", "progress_bar", "message", "created_at"]
    list_filter = ["kind", "state", "workshop"]
    list_select_related = ["workshop"]

    @admin.display(description="progress")
    def progress_bar(self, obj):
        percent = round(obj.progress * 100)
        return format_html('<progress max="100" value="{0}">{0}%</progress> {0}%', percent)


@admin.register(Assignment)
class AssignmentAdmin(ReadOnlyAdminMixin, WorkshopScopedAdmin):
    """Read-only list; the assignment is edited on the workshop's reviewing desk."""

    workshop_path = "submission__workshop"
    list_display = ["submission", "reviewer", "number", "state", "origin", "reason"]
    list_filter = ["state", "origin", "submission__workshop"]
    search_fields = ["reviewer__email", "reviewer__name", "submission__title"]
    list_select_related = ["submission", "reviewer"]


@admin.register(Review)
class ReviewAdmin(ReadOnlyAdminMixin, WorkshopScopedAdmin):
    workshop_path = "assignment__submission__workshop"
    list_display = ["__str__", "paper", "reviewer", "score", "confidence", "state", "submitted_at"]
    list_filter = ["state", "assignment__submission__workshop"]
    list_select_related = ["assignment__submission", "assignment__reviewer"]
    search_fields = ["assignment__submission__title", "assignment__reviewer__email"]

    @admin.display(description="paper")
    def paper(self, obj):
        return obj.assignment.submission

    @admin.display(description="reviewer")
    def reviewer(self, obj):
        return obj.assignment.reviewer


@admin.register(Bid)
class BidAdmin(ReadOnlyAdminMixin, WorkshopScopedAdmin):
    workshop_path = "submission__workshop"
    list_display = ["submission", "reviewer", "preference", "updated_at"]
    list_filter = ["preference", "submission__workshop"]
    list_select_related = ["submission", "reviewer"]


@admin.register(DecisionNotice)
class DecisionNoticeAdmin(ReadOnlyAdminMixin, WorkshopScopedAdmin):
    workshop_path = "submission__workshop"
    list_display = ["submission", "decision", "sent_at", "sent_by"]
    list_select_related = ["submission", "sent_by"]
