"""The organizer's workbench for papers. A staff organizer sees only their workshops' papers;
every change goes through the services, so deadlines and rules hold here as on the site.
Papers are never added or deleted here: authors submit them, and they stay on record."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from workshop import refusals
from workshop.admin_base import ReadOnlyAdminMixin, WorkshopScopedAdmin
from workshop.models import Workshop
from workshop.zones import format_in_zone

from . import queries, services
from .admin_forms import ExtendDeadlineForm, RouteForm, SubmissionAdminForm
from .models import Author, DeadlineExtension, PaperVersion, Routing, Submission


class _ReadOnlyInline(ReadOnlyAdminMixin, admin.TabularInline):
    """History is shown, never edited: versions are immutable, routings and extensions are
    made by the actions below."""

    extra = 0
    can_delete = False

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm(f"submissions.view_{self.opts.model_name}", obj)


class AuthorInline(_ReadOnlyInline):
    model = Author
    fields = ["position", "name", "email", "affiliation", "account"]
    readonly_fields = fields

    @admin.display(description="verified account")
    def account(self, author):
        return "yes" if author.user_id else "not yet"


class VersionInline(_ReadOnlyInline):
    model = PaperVersion
    fields = ["uploaded_at", "kind", "pages", "pages_before_references", "size", "checks", "pdf"]
    readonly_fields = fields
    ordering = ["-uploaded_at", "-id"]

    @admin.display(description="check results")
    def checks(self, version):
        if not version.warnings:
            return "passed"
        return format_html_join("", "<div>⚠ {}</div>", ((w,) for w in version.warnings))

    @admin.display(description="PDF")
    def pdf(self, version):
        submission = version.submission
        url = reverse(
            "submissions:download", args=[submission.workshop.slug, submission.pk, version.pk]
        )
        return format_html('<a href="{}">{}</a>', url, version.download_name)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("submission__workshop")


class RoutingInline(_ReadOnlyInline):
    model = Routing
    fields = [
        "routed_at",
        "from_workshop",
        "from_number",
        "to_workshop",
        "routed_by",
        "reason",
        "findings",
    ]
    readonly_fields = fields


class DeadlineExtensionInline(_ReadOnlyInline):
    model = DeadlineExtension
    fields = ["until", "reason", "granted_by", "granted_at"]
    readonly_fields = fields


@admin.register(Submission)
class SubmissionAdmin(WorkshopScopedAdmin):
    form = SubmissionAdminForm
    list_display = ["number", "title", "workshop", "status", "author_names", "pdf_pages"]
    list_display_links = ["number", "title"]
    list_filter = [
        "status",
        ("workshop", admin.RelatedOnlyFieldListFilter),
        ("topics", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["title", "authors__name", "authors__email"]
    list_per_page = 50
    fields = [
        "workshop",
        "number",
        "status",
        "title",
        "abstract",
        "keywords",
        "topics",
        "declared_conflicts",
        "deadline",
        "current_checks",
        "created_by",
        "submitted_at",
        "decided_at",
        "withdrawn_at",
    ]
    readonly_fields = [
        "workshop",
        "number",
        "status",
        "deadline",
        "current_checks",
        "created_by",
        "submitted_at",
        "decided_at",
        "withdrawn_at",
    ]
    inlines = [AuthorInline, VersionInline, RoutingInline, DeadlineExtensionInline]
    actions = ["route_to_sibling", "withdraw", "extend_deadline"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("workshop")
            .prefetch_related("authors", queries.submission_versions())
        )

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    # --- Columns and read-only facts ---

    @admin.display(description="authors")
    def author_names(self, submission):
        return ", ".join(author.name for author in submission.authors.all())

    @admin.display(description="pages")
    def pdf_pages(self, submission):
        versions = submission.submission_versions
        if not versions:
            return "no PDF"
        current = versions[0]
        before = current.pages_before_references
        return f"{current.pages}" + (f" ({before} before refs)" if before is not None else "")

    @admin.display(description="deadline for this paper")
    def deadline(self, submission):
        deadline = services.submission_deadline(submission)
        if deadline is None:
            return "none"
        return format_in_zone(deadline, submission.workshop.deadline_timezone)

    @admin.display(description="checks of the current PDF")
    def current_checks(self, submission):
        """Checked again now, against the workshop's current rules (they may have changed,
        or the paper may have been routed here)."""
        if services.current_version(submission) is None:
            return "No PDF yet."
        findings = services.recheck(submission, submission.workshop)
        if not findings:
            return f"Passes {submission.workshop.name}'s rules."
        return format_html_join("", "<div>✗ {}</div>", ((f,) for f in findings))

    # --- Editing goes through the services ---

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.acting_user = request.user
        return form

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        services.update_submission(
            submission=obj,
            by=request.user,
            title=data["title"],
            abstract=data["abstract"],
            keywords=data["keywords"],
            topics=data["topics"],
            declared_conflicts=data["declared_conflicts"],
        )

    def save_related(self, request, form, formsets, change):
        # Not form.save_m2m(): the service has set the topics. The inlines are read-only.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    # --- Actions ---

    def _intermediate(self, request, queryset, *, action, title, form, button):
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "opts": self.opts,
            "queryset": queryset,
            "form": form,
            "action": action,
            "button": button,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "submissions/admin/action_form.html", context)

    def _each(self, request, queryset, verb, done: str) -> None:
        succeeded = 0
        for submission in queryset:
            try:
                verb(submission)
            except (ValidationError, PermissionDenied) as refused:
                text = refusals.text(refused)
                self.message_user(request, f"#{submission.number}: {text}", messages.ERROR)
            else:
                succeeded += 1
        if succeeded:
            self.message_user(request, done.format(n=succeeded), messages.SUCCESS)

    @admin.action(description="Route to the sibling workshop…")
    def route_to_sibling(self, request, queryset):
        siblings = Workshop.objects.filter(
            series__workshops__in=queryset.values("workshop")
        ).exclude(pk__in=queryset.values("workshop"))
        form = RouteForm(request.POST if "apply" in request.POST else None, siblings=siblings)
        if form.is_bound and form.is_valid():
            target, reason = form.cleaned_data["to"], form.cleaned_data["reason"]
            self._each(
                request,
                queryset,
                lambda s: services.route_to_sibling(
                    submission=s, to=target, by=request.user, reason=reason
                ),
                f"{{n}} paper(s) moved to {target.name}; their authors are told by email.",
            )
            return None
        return self._intermediate(
            request,
            queryset,
            action="route_to_sibling",
            title="Route papers to the sibling workshop",
            form=form,
            button="Route",
        )

    @admin.action(description="Withdraw…")
    def withdraw(self, request, queryset):
        if "apply" in request.POST:
            self._each(
                request,
                queryset,
                lambda s: services.withdraw(submission=s, by=request.user),
                "{n} paper(s) withdrawn; their authors are told by email.",
            )
            return None
        return self._intermediate(
            request,
            queryset,
            action="withdraw",
            title="Withdraw these papers? They stay on record; the authors are told.",
            form=forms.Form(),
            button="Withdraw",
        )

    @admin.action(description="Extend the deadline for these papers…")
    def extend_deadline(self, request, queryset):
        zone = queryset.first().workshop.deadline_timezone if queryset else "UTC"
        form = ExtendDeadlineForm(request.POST if "apply" in request.POST else None, zone=zone)
        if form.is_bound and form.is_valid():
            until, reason = form.cleaned_data["until"], form.cleaned_data["reason"]
            self._each(
                request,
                queryset,
                lambda s: services.extend_deadline(
                    submission=s, by=request.user, until=until, reason=reason
                ),
                "{n} paper(s) may be changed until the new deadline.",
            )
            return None
        return self._intermediate(
            request,
            queryset,
            action="extend_deadline",
            title="Extend the deadline for these papers",
            form=form,
            button="Extend",
        )
