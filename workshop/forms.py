import zoneinfo
from datetime import datetime

from django import forms
from django.utils import timezone

from .models import Workshop
from .zones import zone_label


class ZonedDateTimeField(forms.SplitDateTimeField):
    """A date and a time entered and shown in a given zone (the venue's or the deadline's),
    stored in UTC like every other time."""

    zone = "UTC"

    def prepare_value(self, value):
        if isinstance(value, datetime) and timezone.is_aware(value):
            return value.astimezone(zoneinfo.ZoneInfo(self.zone)).replace(tzinfo=None)
        return value

    def compress(self, data_list):
        with timezone.override(zoneinfo.ZoneInfo(self.zone)):
            return super().compress(data_list)


def zone_from(form: forms.BaseForm, field: str, default: str) -> str:
    """The zone a form's times are in: the posted one while editing, else the instance's."""
    value = form.data.get(form.add_prefix(field)) if form.is_bound else None
    if value not in zoneinfo.available_timezones():
        value = getattr(form.instance, field, None) or default
    return value


VENUE_TIMES = ("starts_at", "ends_at")
DEADLINES = (
    "submissions_open_at",
    "submission_deadline",
    "review_deadline",
    "notification_at",
    "camera_ready_deadline",
    "decisions_released_at",
    "program_expected_at",
    "bidding_opens_at",
    "bidding_closes_at",
)


class WorkshopAdminForm(forms.ModelForm):
    class Meta:
        model = Workshop
        fields = "__all__"  # noqa: DJ007 — the admin's fieldsets choose what is shown
        field_classes = dict.fromkeys(VENUE_TIMES + DEADLINES, ZonedDateTimeField)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        venue_zone = zone_from(self, "timezone", "UTC")
        deadline_zone = zone_from(self, "deadline_timezone", "Etc/GMT+12")
        for names, zone in ((VENUE_TIMES, venue_zone), (DEADLINES, deadline_zone)):
            for name in names:
                field = self.fields.get(name)
                if field is not None:
                    field.zone = zone
                    field.help_text = f"In {zone_label(zone)}."
