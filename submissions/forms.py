"""The author's forms. They only shape input: every rule (deadlines, authors, PDF checks) is
the services', whose sentences `workshop.refusals.show_on_form` puts next to the field they
concern."""

import re

from django import forms

from workshop.models import Topic, Workshop

from .authorship import AuthorData

# The templates render the help and the refusals with these ids, next to the input.
PDF_INPUT = forms.ClearableFileInput(
    attrs={"accept": ".pdf,application/pdf", "aria-describedby": "pdf-help pdf-errors"}
)


def split_keywords(text: str) -> list[str]:
    return [k for k in (part.strip() for part in re.split(r"[,;\n]", text or "")) if k]


class PaperForm(forms.Form):
    title = forms.CharField(max_length=300)
    abstract = forms.CharField(max_length=5000, widget=forms.Textarea(attrs={"rows": 8}))
    topics = forms.ModelMultipleChoiceField(
        queryset=Topic.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Pick all that fit; reviewers bid by topic.",
    )
    keywords = forms.CharField(
        max_length=500, required=False, help_text="Your own, separated by commas."
    )
    declared_conflicts = forms.CharField(
        label="Conflicts of interest",
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="People or institutions who should not review this paper, one per line.",
    )
    # Empty files reach the checker, which says "The file is empty." like for any other PDF.
    pdf = forms.FileField(label="PDF", required=False, allow_empty_file=True, widget=PDF_INPUT)

    def __init__(self, *args, workshop: Workshop, has_pdf: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.workshop = workshop
        self.fields["topics"].queryset = workshop.topics.all()
        if not workshop.topics.exists():
            del self.fields["topics"]
        limit = f"at most {workshop.max_upload_mb} MB"
        pages = f"{workshop.page_limit} page{'s' if workshop.page_limit != 1 else ''}"
        refs = " before the references" if workshop.references_excluded else ""
        kept = " A new upload becomes the current version; older ones are kept." if has_pdf else ""
        self.fields["pdf"].help_text = f"A PDF of {pages}{refs}, {limit}.{kept}"
        self.fields["pdf"].widget.attrs["data-max-bytes"] = workshop.max_upload_mb * 1024 * 1024

    def paper_fields(self) -> dict:
        data = self.cleaned_data
        fields = {
            "title": data["title"],
            "abstract": data["abstract"],
            "keywords": split_keywords(data["keywords"]),
            "declared_conflicts": data["declared_conflicts"],
        }
        if "topics" in self.fields:
            fields["topics"] = list(data["topics"])
        return fields


class AuthorForm(forms.Form):
    name = forms.CharField(max_length=200)
    email = forms.EmailField()
    affiliation = forms.CharField(max_length=200, required=False)

    def has_changed(self):
        # A row left blank is no author, whatever its position or remove box say (the script
        # numbers every row it adds).
        return any(self[name].data for name in ("name", "email", "affiliation"))


class BaseAuthorFormSet(forms.BaseFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.fields["ORDER"].label = "Position"
        form.fields["ORDER"].widget.attrs.update({"min": 1, "class": "author-position"})
        form.fields["DELETE"].label = "Remove"
        form.fields["DELETE"].widget.attrs["class"] = "author-remove"

    def authors(self) -> list[AuthorData]:
        return [
            AuthorData(
                name=form.cleaned_data["name"],
                email=form.cleaned_data["email"],
                affiliation=form.cleaned_data.get("affiliation", ""),
            )
            for form in self.ordered_forms
            if form.cleaned_data.get("email")
        ]


AuthorFormSet = forms.formset_factory(
    AuthorForm,
    formset=BaseAuthorFormSet,
    extra=1,
    can_order=True,
    can_delete=True,
    max_num=30,
    validate_max=True,
)
AUTHORS_PREFIX = "authors"


def author_initial(authors) -> list[dict]:
    return [{"name": a.name, "email": a.email, "affiliation": a.affiliation} for a in authors]


def authors_formset(data=None, *, initial=None):
    return AuthorFormSet(data, initial=initial, prefix=AUTHORS_PREFIX)


def more_rows(post) -> tuple[dict, list[dict]]:
    """ "Add an author" without JavaScript: what was typed, as initial values for a fresh form
    with one more empty row (no errors are shown for a half-filled form)."""
    total = int(post.get(f"{AUTHORS_PREFIX}-TOTAL_FORMS") or 0)
    rows = []
    for index in range(min(total, 30)):
        key = f"{AUTHORS_PREFIX}-{index}-"
        row = {name: post.get(key + name, "") for name in ("name", "email", "affiliation")}
        if any(row.values()) and not post.get(key + "DELETE"):
            rows.append((_position(post.get(key + "ORDER")), index, row))
    rows.sort(key=lambda r: (r[0], r[1]))
    paper = {name: post.get(name, "") for name in ("title", "abstract", "keywords")}
    paper["declared_conflicts"] = post.get("declared_conflicts", "")
    paper["topics"] = post.getlist("topics")
    return paper, [row for _, _, row in rows]


def _position(value) -> float:
    try:
        return int(value)
    except (TypeError, ValueError):
        return float("inf")


class CameraReadyForm(forms.Form):
    pdf = forms.FileField(label="Camera-ready PDF", allow_empty_file=True, widget=PDF_INPUT)

    def __init__(self, *args, workshop: Workshop, **kwargs):
        super().__init__(*args, **kwargs)
        limit = workshop.effective_camera_ready_page_limit
        refs = " before the references" if workshop.references_excluded else ""
        self.fields["pdf"].help_text = (
            f"A PDF of {limit} page{'s' if limit != 1 else ''}{refs}, "
            f"at most {workshop.max_upload_mb} MB. Author names are welcome now."
        )
        self.fields["pdf"].widget.attrs["data-max-bytes"] = workshop.max_upload_mb * 1024 * 1024


def show_refused_upload(form: forms.Form, sentence: str) -> forms.Form:
    """An unbound form (the refused body was never read, so there is nothing to show again)
    with the refusal on its PDF field."""
    form.cleaned_data = {}
    form.add_error("pdf", sentence)
    return form

