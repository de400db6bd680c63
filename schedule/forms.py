"""Admin forms of the program: item times entered and shown in the workshop's venue zone."""

from django import forms
from django.core.exceptions import ValidationError

from workshop.forms import ZonedDateTimeField
from workshop.models import Workshop
from workshop.zones import zone_label

from . import services
from .models import Room, ScheduleItem


def zone_help(workshop: Workshop | None) -> str:
    zone = workshop.timezone if workshop else "UTC"
    return f"In {zone_label(zone, workshop.starts_at if workshop else None)}."


class ScheduleItemForm(forms.ModelForm):
    """`workshop` is set on the form class by the admin (the program being edited) for new
    items; saved items know their own."""

    workshop: Workshop | None = None

    class Meta:
        model = ScheduleItem
        fields = ["kind", "title", "description", "start_at", "end_at", "room"]
        field_classes = {"start_at": ZonedDateTimeField, "end_at": ZonedDateTimeField}
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        workshop = self.instance.workshop if self.instance.workshop_id else self.workshop
        self.program_workshop = workshop
        for name in ("start_at", "end_at"):
            field = self.fields.get(name)
            if field is not None:
                field.zone = workshop.timezone if workshop else "UTC"
                field.help_text = zone_help(workshop)
        if "room" in self.fields:
            self.fields["room"].queryset = Room.objects.filter(workshop=workshop)

    def clean(self):
        data = super().clean()
        if self.program_workshop is not None:
            try:
                services.validate_item(
                    workshop=self.program_workshop,
                    start_at=data.get("start_at"),
                    end_at=data.get("end_at"),
                    room=data.get("room"),
                )
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    self.add_error(field if field in self.fields else None, errors)
        return data


class PartForm(forms.ModelForm):
    """A presented paper or a poster board: checked against the item it belongs to."""

    def clean(self):
        data = super().clean()
        # The inline formset sets the item on new rows before validating them.
        item = self.instance.item if self.instance.item_id else None
        submission = data.get("submission")
        if item is not None and submission is not None:
            try:
                services.validate_paper(
                    item=item,
                    submission=submission,
                    board=self._meta.model.__name__ == "PosterBoard",
                )
            except ValidationError as error:
                self.add_error("submission", error)
        return data


class ReleaseForm(forms.Form):
    comment = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Optional: shown to the public with this version's changes.",
    )
