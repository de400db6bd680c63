"""A workshop's reviewing in the admin: the reviewing desk (assignment, decisions,
invitations; the views are in desk.py), the review settings and the decision templates."""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html

from workshop.admin_base import ReadOnlyAdminMixin, WorkshopScopedAdmin
from workshop.rules import organized_workshops

from ..models import DecisionTemplate, ReviewingOverview, ReviewSettings
from ..services.decisions import check_template
from ..services.reviewing import check_review_settings, update_review_settings
from . import desk, glance
from .common import report_error


@admin.register(ReviewingOverview)
class ReviewingOverviewAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
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
            '<a href="{}">At a glance</a> · <a href="{}">Assignment</a> · '
            '<a href="{}">Decisions</a> · <a href="{}">Invite</a>',
            reverse("admin:reviews_desk_glance", args=[obj.pk]),
            reverse("admin:reviews_desk_assignment", args=[obj.pk]),
            reverse("admin:reviews_desk_decisions", args=[obj.pk]),
            reverse("admin:reviews_desk_invite", args=[obj.pk]),
        )

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("reviews.view_reviewingoverview", obj)

    def get_urls(self):
        return desk.urls(self) + glance.urls(self) + super().get_urls()

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
            report_error(self, request, exc)


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
