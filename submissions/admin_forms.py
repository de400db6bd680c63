"""Forms of the organizer's workbench. The admin's edits and actions go through the services;
these forms only collect input (and ask the services whether an edit may happen at all, so that
a refusal shows on the form instead of failing on save)."""

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError

from workshop.forms import ZonedDateTimeField
from workshop.zones import zone_label

from . import services
from .forms import split_keywords
from .models import Submission


class SubmissionAdminForm(forms.ModelForm):
    keywords = forms.CharField(required=False, help_text="Separated by commas.")

    class Meta:
        model = Submission
        fields = ["title", "abstract", "keywords", "topics", "declared_conflicts"]

    acting_user = None  # set per request by SubmissionAdmin.get_form

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "topics" in self.fields:
            self.fields["topics"].queryset = self.instance.workshop.topics.all()
        self.initial["keywords"] = ", ".join(self.instance.keywords or [])

    def clean_keywords(self):
        return split_keywords(self.cleaned_data["keywords"])

    def clean(self):
        try:
            services.ensure_can_edit(submission=self.instance, by=self.acting_user)
        except ValidationError as refused:
            raise ValidationError(refused.messages) from None
        except PermissionDenied as refused:
            raise ValidationError(str(refused)) from None
        return super().clean()


class RouteForm(forms.Form):
    to = forms.ModelChoiceField(queryset=None, label="Route to", empty_label=None)
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The authors read this in the email that tells them.",
    )

    def __init__(self, *args, siblings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].queryset = siblings.distinct()


class ExtendDeadlineForm(forms.Form):
    until = ZonedDateTimeField(
        label="New deadline for these papers",
        widget=forms.SplitDateTimeWidget(
            date_attrs={"type": "date"},
            time_attrs={"type": "time", "step": 1},
            date_format="%Y-%m-%d",
            time_format="%H:%M:%S",
        ),
    )
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), help_text="Kept with the paper's history."
    )

    def __init__(self, *args, zone: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["until"].zone = zone
        self.fields["until"].help_text = f"In {zone_label(zone)}, the workshop's deadline zone."
