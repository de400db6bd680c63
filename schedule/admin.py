"""The organizer's workbench for the program.

"Programs" lists the workshops an organizer runs; a program's page is the day as an ordered
timeline (inline items, times in the venue's zone), with the warnings about the draft and
two buttons: "Draft program from decisions" and "Check and release…". An item's own page
edits its speakers, presented papers and poster boards. Every save goes through
schedule/services.py.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Max
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from rules.contrib.admin import ObjectPermissionsModelAdmin

from submissions.enums import ACCEPTED
from submissions.models import Submission
from workshop.admin_base import ReadOnlyAdminMixin, WorkshopScopedAdmin
from workshop.rules import organized_workshops
from workshop.zones import format_in_zone, zone_label

from . import drafting, services
from .forms import PartForm, ReleaseForm, ScheduleItemForm, zone_help
from .models import ItemPaper, PosterBoard, Program, Room, ScheduleItem, ScheduleRelease, Speaker
from .queries import draft_items, latest_release
from .snapshot import build_snapshot, changelog


class ScheduleItemInline(admin.TabularInline):
    model = ScheduleItem
    form = ScheduleItemForm
    fk_name = "workshop"
    extra = 1
    fields = ["kind", "title", "start_at", "end_at", "room", "details", "sequence"]
    readonly_fields = ["details", "sequence"]
    ordering = ["start_at", "end_at", "id"]
    verbose_name = "item"
    verbose_name_plural = "timeline"

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form.workshop = obj  # new rows take their zone and rooms from the program
        return formset

    @admin.display(description="speakers, papers, boards")
    def details(self, item):
        if not item.pk:
            return "Save first"
        url = reverse("admin:schedule_scheduleitem_change", args=[item.pk])
        return format_html('<a href="{}">Edit details</a>', url)


@admin.register(Program)
class ProgramAdmin(ObjectPermissionsModelAdmin):
    list_display = ["name", "conference", "starts", "item_count", "version", "public_page"]
    search_fields = ["name", "acronym"]
    fields = ["times_are_in", "released"]
    readonly_fields = ["times_are_in", "released"]
    inlines = [ScheduleItemInline]
    change_form_template = "schedule/admin/program_change_form.html"

    def get_queryset(self, request):
        return organized_workshops(request.user).annotate(
            item_count=Count("schedule_items", distinct=True),
            version=Max("schedule_releases__number"),
        )

    def has_add_permission(self, request):
        return False  # a program comes with its workshop

    def has_delete_permission(self, request, obj=None):
        return False

    def get_inline_instances(self, request, obj=None):
        inlines = super().get_inline_instances(request, obj)
        for inline in inlines:
            inline.verbose_name_plural = f"Timeline — times in {zone_help(obj)[3:-1]}"
        return inlines

    @admin.display(description="starts", ordering="starts_at")
    def starts(self, program):
        return format_in_zone(program.starts_at, program.timezone)

    @admin.display(description="items", ordering="item_count")
    def item_count(self, program):
        return program.item_count

    @admin.display(description="released version", ordering="version")
    def version(self, program):
        return program.version or "—"

    @admin.display(description="public page")
    def public_page(self, program):
        url = reverse("schedule:page", kwargs={"slug": program.slug})
        return format_html('<a href="{}">{}</a>', url, url)

    @admin.display(description="times are entered and shown")
    def times_are_in(self, program):
        return zone_help(program)

    @admin.display(description="released")
    def released(self, program):
        release = latest_release(program)
        if release is None:
            return "Not released yet: the public sees no program."
        when = format_in_zone(release.released_at, program.timezone)
        return f"Version {release.number}, {when}."

    def save_model(self, request, obj, form, change):
        pass  # nothing of the workshop itself is edited here

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for item in formset.deleted_objects:
            services.delete_item(item=item, by=request.user)
        for item in instances:
            services.save_item(item=item, by=request.user)
        formset.save_m2m()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        program = self.get_object(request, object_id)
        extra = dict(extra_context or {})
        if program is not None and request.method == "GET":
            extra["program_warnings"] = services.program_warnings(program)
            extra["draft_differs"] = services.draft_differs(program)
        return super().change_view(request, object_id, form_url, extra)

    def get_urls(self):
        own = [
            path(
                "<path:object_id>/draft/",
                self.admin_site.admin_view(self.draft_view),
                name="schedule_program_draft",
            ),
            path(
                "<path:object_id>/release/",
                self.admin_site.admin_view(self.release_view),
                name="schedule_program_release",
            ),
        ]
        return own + super().get_urls()

    def _program(self, request, object_id) -> Program:
        program = self.get_object(request, object_id)
        if program is None or not self.has_change_permission(request, program):
            raise Http404("No such program.")
        return program

    def _back(self, program):
        return HttpResponseRedirect(reverse("admin:schedule_program_change", args=[program.pk]))

    def draft_view(self, request, object_id):
        program = self._program(request, object_id)
        if request.method != "POST":
            return self._back(program)
        try:
            result = drafting.draft_from_decisions(workshop=program, by=request.user)
        except (ValidationError, PermissionDenied) as error:
            self.message_user(request, " ".join(_sentences(error)), messages.ERROR)
            return self._back(program)
        for line in result.messages():
            self.message_user(request, line, messages.SUCCESS if result.created else messages.INFO)
        return self._back(program)

    def release_view(self, request, object_id):
        program = self._program(request, object_id)
        form = ReleaseForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                release = services.release_schedule(
                    workshop=program, by=request.user, comment=form.cleaned_data["comment"]
                )
            except (ValidationError, PermissionDenied) as error:
                self.message_user(request, " ".join(_sentences(error)), messages.ERROR)
            else:
                self.message_user(
                    request,
                    f"Version {release.number} is released; the public page shows it now.",
                    messages.SUCCESS,
                )
                return self._back(program)
        items = list(draft_items(program))
        previous = latest_release(program)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Release the program of {program.name}",
            "opts": self.model._meta,
            "original": program,
            "program": program,
            "form": form,
            "previous": previous,
            "next_number": previous.number + 1 if previous else 1,
            "program_warnings": services.program_warnings(program, items),
            "changes": changelog(
                previous.snapshot if previous else None, build_snapshot(program, items)
            ),
            "zone": program.timezone,
            "item_count": len(items),
            "has_view_permission": True,
        }
        return TemplateResponse(request, "schedule/admin/release.html", context)


def _sentences(error) -> list[str]:
    if isinstance(error, ValidationError):
        return error.messages
    return [str(error)]


class SpeakerInline(admin.TabularInline):
    model = Speaker
    extra = 0
    fields = ["position", "user", "name", "affiliation", "email", "bio"]
    autocomplete_fields = ["user"]


class PartInline(admin.TabularInline):
    form = PartForm
    extra = 0

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "submission":
            # Accepted papers of the item's workshop only.
            item = getattr(request, "_schedule_item", None)
            queryset = Submission.objects.filter(status__in=ACCEPTED)
            kwargs["queryset"] = (
                queryset.filter(workshop_id=item.workshop_id) if item else queryset.none()
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ItemPaperInline(PartInline):
    model = ItemPaper
    fields = ["position", "submission"]


class PosterBoardInline(PartInline):
    model = PosterBoard
    fields = ["number", "submission"]


@admin.register(ScheduleItem)
class ScheduleItemAdmin(WorkshopScopedAdmin):
    form = ScheduleItemForm
    list_display = ["display_title", "kind", "starts", "room", "workshop", "sequence"]
    list_filter = ["workshop", "kind"]
    list_select_related = ["workshop", "room"]
    search_fields = ["title", "description"]
    fields = ["workshop", "kind", "title", "description", "start_at", "end_at", "room"]
    readonly_fields = ["workshop"]
    inlines = [SpeakerInline, ItemPaperInline, PosterBoardInline]

    def has_add_permission(self, request):
        return False  # items are added on their program's timeline

    @admin.display(description="starts", ordering="start_at")
    def starts(self, item):
        return format_in_zone(item.start_at, item.workshop.timezone)

    def get_inline_instances(self, request, obj=None):
        request._schedule_item = obj
        inlines = super().get_inline_instances(request, obj)
        if obj is not None and obj.kind != "poster_session":
            inlines = [i for i in inlines if not isinstance(i, PosterBoardInline)]
        if obj is not None and obj.kind not in ("contributed_talk", "spotlight"):
            inlines = [i for i in inlines if not isinstance(i, ItemPaperInline)]
        return inlines

    def save_model(self, request, obj, form, change):
        services.save_item(item=obj, by=request.user)

    def delete_model(self, request, obj):
        services.delete_item(item=obj, by=request.user)

    def save_formset(self, request, form, formset, change):
        parts = formset.save(commit=False)
        for part in formset.deleted_objects:
            services.delete_part(part=part, by=request.user)
        for part in parts:
            services.save_part(part=part, by=request.user)


@admin.register(Room)
class RoomAdmin(WorkshopScopedAdmin):
    list_display = ["name", "workshop", "position"]
    list_filter = ["workshop"]
    list_select_related = ["workshop"]

    def save_model(self, request, obj, form, change):
        services.save_room(room=obj, by=request.user)


@admin.register(ScheduleRelease)
class ScheduleReleaseAdmin(ReadOnlyAdminMixin, WorkshopScopedAdmin):
    list_display = ["workshop", "number", "released", "released_by", "summary"]
    list_filter = ["workshop"]
    list_select_related = ["workshop", "released_by"]
    fields = ["workshop", "number", "released", "released_by", "comment", "changes"]
    readonly_fields = fields


    @admin.display(description="released", ordering="released_at")
    def released(self, release):
        return format_in_zone(release.released_at, release.workshop.timezone)

    @admin.display(description="changes")
    def summary(self, release):
        log = release.changelog
        parts = [f"{len(log.get(k, []))} {k}" for k in ("added", "moved", "changed", "cancelled")]
        return ", ".join(p for p in parts if not p.startswith("0 ")) or "—"

    @admin.display(description="changes in detail")
    def changes(self, release):
        zone = release.workshop.timezone
        lines = []
        for key in ("added", "moved", "changed", "cancelled"):
            for entry in release.changelog.get(key, []):
                lines.append(f"{key.capitalize()}: {entry['title']}")
        return "\n".join(lines) or f"No change listed ({zone_label(zone)})."
