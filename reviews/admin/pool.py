"""The reviewer pool in the admin: invitations (made on the desk by pasting a list) and
reviewer profiles (an organizer may change a reviewer's load)."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from workshop.admin_base import WorkshopScopedAdmin

from ..models import Assignment, Bid, ReviewerInvitation, ReviewerProfile
from ..services import pool as pool_services
from .common import report_error


def _count(model):
    """How many rows of `model` the profile's reviewer has in its workshop: a correlated
    count per listed profile (two COUNT DISTINCT joins would multiply bids by papers)."""
    rows = (
        model.objects.filter(
            reviewer=OuterRef("user_id"), submission__workshop=OuterRef("workshop_id")
        )
        .order_by()
        .values("reviewer")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))


@admin.register(ReviewerInvitation)
class ReviewerInvitationAdmin(WorkshopScopedAdmin):
    list_display = ["email", "name", "workshop", "state", "times_sent", "last_sent_at", "user"]
    list_filter = ["state", "workshop"]
    search_fields = ["email", "name"]
    list_select_related = ["workshop", "user"]
    readonly_fields = [f.name for f in ReviewerInvitation._meta.fields]
    actions = ["resend", "revoke"]

    def has_add_permission(self, request):
        return False  # invitations are made on a workshop's desk, by pasting a list

    def has_change_permission(self, request, obj=None):
        return False

    def has_resend_permission(self, request):
        return request.user.has_perm("reviews.view_reviewerinvitation")

    has_revoke_permission = has_resend_permission

    @admin.action(description="Send the selected invitations again", permissions=["resend"])
    def resend(self, request, queryset):
        try:
            count = pool_services.resend_invitations(invitations=queryset, by=request.user)
        except PermissionDenied as exc:
            return report_error(self, request, exc)
        self.message_user(request, f"{count} invitation(s) sent again.")

    @admin.action(description="Withdraw the selected invitations", permissions=["revoke"])
    def revoke(self, request, queryset):
        try:
            count = pool_services.revoke_invitations(invitations=queryset, by=request.user)
        except PermissionDenied as exc:
            return report_error(self, request, exc)
        self.message_user(request, f"{count} invitation(s) withdrawn.")


@admin.register(ReviewerProfile)
class ReviewerProfileAdmin(WorkshopScopedAdmin):
    list_display = ["user", "workshop", "load", "assigned", "bids", "updated_at"]
    list_filter = ["workshop"]
    search_fields = ["user__email", "user__name", "keywords"]
    readonly_fields = ["workshop", "user", "keywords", "topics", "recent_papers", "updated_at"]
    fields = [*readonly_fields, "max_load"]
    actions = ["remove_from_pool"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("user", "workshop")
            .annotate(assigned_count=_count(Assignment), bid_count=_count(Bid))
        )

    @admin.display(description="assigned")
    def assigned(self, obj):
        return obj.assigned_count

    @admin.display(description="bids")
    def bids(self, obj):
        return obj.bid_count

    def has_add_permission(self, request):
        return False

    def has_remove_permission(self, request):
        return request.user.has_perm("reviews.change_reviewerprofile")

    @admin.action(description="Remove the selected reviewers from the pool", permissions=["remove"])
    def remove_from_pool(self, request, queryset):
        for profile in queryset.select_related("user", "workshop"):
            try:
                result = pool_services.remove_from_pool(
                    workshop=profile.workshop, reviewer=profile.user, by=request.user
                )
            except (ValidationError, PermissionDenied) as exc:
                report_error(self, request, exc)
                continue
            short = ", ".join(f"#{n}" for n in result.short)
            self.message_user(
                request,
                f"{profile.user} left the pool of {profile.workshop.name}; "
                f"{result.kept} submitted review(s) stay. "
                + (
                    f"Papers now short of a reviewer: {short} — assign again on the desk."
                    if short
                    else "No paper is short of a reviewer."
                ),
            )

    def save_model(self, request, obj, form, change):
        try:
            pool_services.update_profile(
                profile=obj,
                by=request.user,
                keywords=obj.keywords,
                topics=obj.topics.all(),
                recent_papers=obj.recent_papers,
                max_load=form.cleaned_data["max_load"],
            )
        except (ValidationError, PermissionDenied) as exc:
            report_error(self, request, exc)
