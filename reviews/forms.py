"""HTML forms of reviewing: they parse input; the services hold the rules."""

from django import forms

from workshop.models import Workshop

from .enums import AssignmentObjective, BidPreference
from .matching import DEFAULT_THRESHOLD
from .models import ReviewSettings
from .services.discussion import MAX_COMMENT, MAX_META_REVIEW
from .services.pool import MAX_LOAD_LIMIT, split_keywords
from .services.reviewing import ReviewData


class BidForm(forms.Form):
    submission = forms.IntegerField(widget=forms.HiddenInput)
    preference = forms.ChoiceField(choices=BidPreference.choices, widget=forms.RadioSelect)


class ProposalForm(forms.Form):
    """The automatic assignment's choices on the desk (services/objective.py checks them;
    left empty, the defaults apply)."""

    objective = forms.ChoiceField(
        label="Objective",
        choices=AssignmentObjective.choices,
        initial=AssignmentObjective.TOTAL,
        required=False,
        widget=forms.RadioSelect,
    )
    threshold = forms.FloatField(
        label="An expert has affinity above",
        initial=DEFAULT_THRESHOLD,
        min_value=0.0,
        max_value=1.0,
        required=False,
        widget=forms.NumberInput(attrs={"step": "0.01"}),
        help_text="Only for the report: papers with no reviewer above it are counted.",
    )


class ReviewForm(forms.Form):
    score = forms.TypedChoiceField(
        label="Overall score",
        coerce=int,
        required=False,
        empty_value=None,
        widget=forms.RadioSelect,
    )
    confidence = forms.TypedChoiceField(
        coerce=int, required=False, empty_value=None, widget=forms.RadioSelect
    )
    summary = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What the paper claims and how it supports the claims.",
    )
    strengths = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 4}))
    weaknesses = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 4}))
    comments_to_authors = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Sent to the authors with the decision.",
    )
    confidential_comments = forms.CharField(
        label="Confidential comments to the organizers",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Only the organizers read these; never the authors or other reviewers.",
    )

    def __init__(self, *args, review_settings: ReviewSettings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["score"].choices = review_settings.score_choices()
        self.fields["confidence"].choices = review_settings.confidence_choices()

    def data_for_service(self) -> ReviewData:
        return ReviewData(**self.cleaned_data)


class ProfileForm(forms.Form):
    keywords = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Your areas, separated by commas: e.g. learned indexes, query optimisation.",
    )
    topics = forms.ModelMultipleChoiceField(
        queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    recent_papers = forms.CharField(
        label="Recent papers",
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="Titles and abstracts of a few of your recent papers, one paper per "
        "paragraph with the title on its first line. Papers are matched to you by this text.",
    )
    max_load = forms.IntegerField(
        label="Most papers you can review",
        required=False,
        min_value=0,
        max_value=MAX_LOAD_LIMIT,
    )

    def __init__(self, *args, workshop: Workshop, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topics"].queryset = workshop.topics.all()
        self.fields["max_load"].help_text = f"Empty: the workshop's {workshop.reviewer_load}."

    def keyword_list(self) -> list[str]:
        return split_keywords(self.cleaned_data["keywords"])


class PickConflictsForm(forms.Form):
    reviewers = forms.ModelMultipleChoiceField(
        queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, pool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewers"].queryset = pool
        self.fields["reviewers"].label_from_instance = lambda u: (
            f"{u.name or u.email}" + (f" ({u.affiliation})" if u.affiliation else "")
        )


class CommentForm(forms.Form):
    prefix = "comment"  # both forms share the paper's page: distinct field names and ids
    text = forms.CharField(
        label="Your comment",
        max_length=MAX_COMMENT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Seen by the paper's other reviewers and the organizers, never by its authors.",
    )


class MetaReviewForm(forms.Form):
    prefix = "meta"
    text = forms.CharField(
        label="Meta-review",
        max_length=MAX_META_REVIEW,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Sent to the authors with the decision, and shown with their reviews.",
    )
