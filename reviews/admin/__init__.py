"""The organizer's reviewing workbench in the admin. Lists are scoped to the workshops the
organizer runs; every change goes through reviews.services. The reviewing desk (one per
workshop) holds the assignment proposal, the decisions dashboard and the invitations."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, F, Q
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html

from people.models import User
from submissions.models import Submission
from workshop.admin_base import WorkshopScopedAdmin
from workshop.rules import organized_workshops

from ..enums import REVIEWABLE
from ..models import (
    Assignment,
    Bid,
    Conflict,
    DecisionNotice,
    DecisionTemplate,
    InstitutionAlias,
    Review,
    ReviewerInvitation,
    ReviewerProfile,
    ReviewingOverview,
    ReviewJob,
    ReviewSettings,
)
from ..services import conflicts as conflict_services
from ..services import pool as pool_services
from ..services.decisions import check_template
from ..services.reviewing import check_review_settings, update_review_settings
from . import desk


class ReadOnlyMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def _message(admin_, request, exc) -> None:
    text = " ".join(getattr(exc, "messages", None) or [str(exc)])
    admin_.message_user(request, text, messages.ERROR)


@admin.register(ReviewingOverview)
class ReviewingOverviewAdmin(admin.ModelAdmin):
    list_display = ["name", "conference", "papers", "pool", "links"]
    search_fields = ["name", "conference"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if not request.user.is_superuser:
            queryset = queryset.filter(pk__in=organized_workshops(request.user).values("pk"))
        return queryset.annotate(
            paper_count=Count("submissions", distinct=True),
            pool_count=Count("roles", filter=Q(roles__kind="reviewer"), distinct=True),
        )

    @admin.display(description="papers")
    def papers(self, obj):
        return obj.paper_count

    @admin.display(description="reviewers")
    def pool(self, obj):
        return obj.pool_count

    @admin.display(description="desk")
    def links(self, obj):
        return format_html(
            '<a href="{}">Assignment</a> · <a href="{}">Decisions</a> · <a href="{}">Invite</a>',
            reverse("admin:reviews_desk_assignment", args=[obj.pk]),
            reverse("admin:reviews_desk_decisions", args=[obj.pk]),
            reverse("admin:reviews_desk_invite", args=[obj.pk]),
        )

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("reviews.view_reviewingoverview", obj)

    def get_urls(self):
        return desk.urls(self) + super().get_urls()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        return HttpResponseRedirect(reverse("admin:reviews_desk_assignment", args=[object_id]))


class ReviewSettingsForm(forms.ModelForm):
    score_labels = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="One label per line, lowest score first (2 to 10 lines).",
    )
    confidence_labels = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Three labels, one per line, lowest confidence first.",
    )

    class Meta:
        model = ReviewSettings
        fields = ["workshop", "score_labels", "confidence_labels", "affinity_method"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("score_labels", "confidence_labels"):
            value = self.initial.get(name)
            if isinstance(value, list):
                self.initial[name] = "\n".join(value)

    def _lines(self, name):
        return [line.strip() for line in self.cleaned_data[name].splitlines() if line.strip()]

    def clean_score_labels(self):
        return self._lines("score_labels")

    def clean_confidence_labels(self):
        return self._lines("confidence_labels")

    def clean(self):
        data = super().clean()
        if self.errors or not data.get("workshop"):
            return data
        try:
            check_review_settings(
                workshop=data["workshop"],
                score_labels=data["score_labels"],
                confidence_labels=data["confidence_labels"],
                affinity_method=data["affinity_method"],
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                self.add_error(field, errors)
        return data


@admin.register(ReviewSettings)
class ReviewSettingsAdmin(WorkshopScopedAdmin):
    form = ReviewSettingsForm
    list_display = ["workshop", "max_score", "affinity_method"]

    def save_model(self, request, obj, form, change):
        try:
            update_review_settings(
                workshop=obj.workshop,
                by=request.user,
                score_labels=form.cleaned_data["score_labels"],
                confidence_labels=form.cleaned_data["confidence_labels"],
                affinity_method=form.cleaned_data["affinity_method"],
            )
        except (ValidationError, PermissionDenied) as exc:
            _message(self, request, exc)


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
            return _message(self, request, exc)
        self.message_user(request, f"{count} invitation(s) sent again.")

    @admin.action(description="Withdraw the selected invitations", permissions=["revoke"])
    def revoke(self, request, queryset):
        try:
            count = pool_services.revoke_invitations(invitations=queryset, by=request.user)
        except PermissionDenied as exc:
            return _message(self, request, exc)
        self.message_user(request, f"{count} invitation(s) withdrawn.")


@admin.register(ReviewerProfile)
class ReviewerProfileAdmin(WorkshopScopedAdmin):
    list_display = ["user", "workshop", "load", "assigned", "bids", "updated_at"]
    list_filter = ["workshop"]
    search_fields = ["user__email", "user__name", "keywords"]
    readonly_fields = ["workshop", "user", "keywords", "topics", "recent_papers", "updated_at"]
    fields = [*readonly_fields, "max_load"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("user", "workshop")
            .annotate(
                assigned_count=Count(
                    "user__review_assignments",
                    filter=Q(user__review_assignments__submission__workshop=F("workshop")),
                    distinct=True,
                ),
                bid_count=Count(
                    "user__bids",
                    filter=Q(user__bids__submission__workshop=F("workshop")),
                    distinct=True,
                ),
            )
        )

    @admin.display(description="assigned")
    def assigned(self, obj):
        return obj.assigned_count

    @admin.display(description="bids")
    def bids(self, obj):
        return obj.bid_count

    def has_add_permission(self, request):
        return False

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
            _message(self, request, exc)


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
            _message(self, request, exc)

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
                refused.extend(getattr(exc, "messages", [str(exc)]))
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


@admin.register(ReviewJob)
class ReviewJobAdmin(ReadOnlyMixin, WorkshopScopedAdmin):
    list_display = ["kind", "workshop", "state", "progress_bar", "message", "created_at"]
    list_filter = ["kind", "state", "workshop"]
    list_select_related = ["workshop"]

    @admin.display(description="progress")
    def progress_bar(self, obj):
        return format_html(
            '<progress max="100" value="{}">{}%</progress> {}%',
            round(obj.progress * 100),
            round(obj.progress * 100),
            round(obj.progress * 100),
        )

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj)


@admin.register(Assignment)
class AssignmentAdmin(ReadOnlyMixin, WorkshopScopedAdmin):
    """Read-only list; the assignment is edited on the workshop's reviewing desk."""

    workshop_path = "submission__workshop"
    list_display = ["submission", "reviewer", "number", "state", "origin", "reason"]
    list_filter = ["state", "origin", "submission__workshop"]
    search_fields = ["reviewer__email", "reviewer__name", "submission__title"]
    list_select_related = ["submission", "reviewer"]


@admin.register(Review)
class ReviewAdmin(ReadOnlyMixin, WorkshopScopedAdmin):
    workshop_path = "assignment__submission__workshop"
    list_display = ["__str__", "reviewer", "score", "confidence", "state", "submitted_at"]
    list_filter = ["state", "assignment__submission__workshop"]
    list_select_related = ["assignment__submission", "assignment__reviewer"]
    search_fields = ["assignment__submission__title", "assignment__reviewer__email"]

    @admin.display(description="reviewer")
    def reviewer(self, obj):
        return obj.assignment.reviewer


@admin.register(Bid)
class BidAdmin(ReadOnlyMixin, WorkshopScopedAdmin):
    workshop_path = "submission__workshop"
    list_display = ["submission", "reviewer", "preference", "updated_at"]
    list_filter = ["preference", "submission__workshop"]
    list_select_related = ["submission", "reviewer"]


class DecisionTemplateForm(forms.ModelForm):
    class Meta:
        model = DecisionTemplate
        fields = ["workshop", "outcome", "subject", "body"]

    def clean_subject(self):
        check_template(self.cleaned_data["subject"])
        return self.cleaned_data["subject"]

    def clean_body(self):
        check_template(self.cleaned_data["body"])
        return self.cleaned_data["body"]


@admin.register(DecisionTemplate)
class DecisionTemplateAdmin(WorkshopScopedAdmin):
    form = DecisionTemplateForm
    list_display = ["outcome", "workshop", "subject"]
    list_filter = ["workshop", "outcome"]


@admin.register(DecisionNotice)
class DecisionNoticeAdmin(ReadOnlyMixin, WorkshopScopedAdmin):
    workshop_path = "submission__workshop"
    list_display = ["submission", "decision", "sent_at", "sent_by"]
    list_select_related = ["submission", "sent_by"]
