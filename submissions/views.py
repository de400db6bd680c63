"""The author's pages: submit, edit, withdraw, camera-ready, the paper and "My submissions".

Rules live in the services; a page asks them (`ensure_can_edit`, …) whether to show a form and
shows their sentence when not. A paper the visitor may not read is a 404, never a 403.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from workshop import refusals
from workshop.models import Workshop

from . import queries, services
from .enums import UNDECIDED, SubmissionStatus, VersionKind
from .forms import (
    CameraReadyForm,
    PaperForm,
    author_initial,
    authors_formset,
    more_rows,
    show_refused_upload,
)
from .models import Submission
from .uploads import as_upload, paper_form


def readable_submission(request, slug: str, pk: int) -> Submission:
    submission = get_object_or_404(
        Submission.objects.select_related("workshop"), pk=pk, workshop__slug=slug
    )
    # Someone who may not see a paper learns nothing about it, not even that it exists.
    if not request.user.has_perm("submissions.read_paper", submission):
        raise Http404("No such paper.")
    return submission


def _refusal(check, **kwargs) -> str | None:
    """The service's sentence saying why not, or None when the action is open."""
    try:
        check(**kwargs)
    except (ValidationError, PermissionDenied) as refused:
        return refusals.text(refused)
    return None


# --- Submit and edit ------------------------------------------------------------------------


def _paper_page(request, workshop, form, formset, submission=None, status=200):
    return render(
        request,
        "submissions/form.html",
        {
            "workshop": workshop,
            "form": form,
            "formset": formset,
            "submission": submission,
            "current": submission and services.current_version(submission),
        },
        status=status,
    )


def _closed_page(request, workshop, reason: str, submission=None):
    return render(
        request,
        "submissions/closed.html",
        {"workshop": workshop, "reason": reason, "submission": submission},
    )


@paper_form  # the size guard, then CSRF, before anything else
@login_required
@require_http_methods(["GET", "POST"])
def create(request, slug: str):
    workshop = get_object_or_404(Workshop, slug=slug)
    if reason := _refusal(services.ensure_call_open, workshop=workshop):
        return _closed_page(request, workshop, reason)
    me = request.user
    first_author = [{"name": me.name, "email": me.email, "affiliation": me.affiliation}]
    if request.method == "GET" or request.refused_upload:
        form = _with_refused_upload(request, PaperForm(workshop=workshop))
        return _paper_page(request, workshop, form, authors_formset(initial=first_author))
    if "add_author" in request.POST:
        paper, rows = more_rows(request.POST)
        form = PaperForm(workshop=workshop, initial=paper)
        return _paper_page(request, workshop, form, authors_formset(initial=rows))
    form = PaperForm(request.POST, request.FILES, workshop=workshop)
    formset = authors_formset(request.POST, initial=first_author)
    if form.is_valid() and formset.is_valid():
        try:
            submission = services.create_submission(
                workshop=workshop,
                by=request.user,
                authors=formset.authors(),
                pdf=as_upload(form.cleaned_data["pdf"]),
                submit="submit" in request.POST,
                **form.paper_fields(),
            )
        except ValidationError as refused:
            refusals.show_on_form(refused, form, formset=formset)
        else:
            new_pdf = form.cleaned_data["pdf"] is not None
            _saved_message(request, submission, was_draft=True, new_pdf=new_pdf)
            return redirect(submission)
    return _paper_page(request, workshop, form, formset)


def _with_refused_upload(request, form):
    """The empty form, with the size guard's sentence when it refused the body."""
    if request.refused_upload:
        show_refused_upload(form, request.refused_upload.sentence)
    return form


@paper_form
@login_required
@require_http_methods(["GET", "POST"])
def edit(request, slug: str, pk: int):
    submission = readable_submission(request, slug, pk)
    workshop = submission.workshop
    if reason := _refusal(services.ensure_can_edit, submission=submission, by=request.user):
        messages.error(request, reason)
        return redirect(submission)
    has_pdf = submission.versions.filter(kind=VersionKind.SUBMISSION).exists()
    initial = {
        "title": submission.title,
        "abstract": submission.abstract,
        "keywords": ", ".join(submission.keywords),
        "declared_conflicts": submission.declared_conflicts,
        "topics": list(submission.topics.all()),
    }
    author_rows = author_initial(submission.authors.all())

    def page(form, formset):
        return _paper_page(request, workshop, form, formset, submission)

    if request.method == "GET" or request.refused_upload:
        form = PaperForm(workshop=workshop, initial=initial, has_pdf=has_pdf)
        return page(_with_refused_upload(request, form), authors_formset(initial=author_rows))
    if "add_author" in request.POST:
        paper, rows = more_rows(request.POST)
        form = PaperForm(workshop=workshop, initial=paper, has_pdf=has_pdf)
        return page(form, authors_formset(initial=rows))
    form = PaperForm(request.POST, request.FILES, workshop=workshop, has_pdf=has_pdf)
    formset = authors_formset(request.POST, initial=author_rows)
    if form.is_valid() and formset.is_valid():
        was_draft = submission.status == SubmissionStatus.DRAFT
        try:
            services.update_submission(
                submission=submission,
                by=request.user,
                authors=formset.authors(),
                pdf=as_upload(form.cleaned_data["pdf"]),
                submit="submit" in request.POST,
                **form.paper_fields(),
            )
        except ValidationError as refused:
            refusals.show_on_form(refused, form, formset=formset)
        else:
            new_pdf = form.cleaned_data["pdf"] is not None
            _saved_message(request, submission, was_draft=was_draft, new_pdf=new_pdf)
            return redirect(submission)
    return page(form, formset)


@login_required
@require_http_methods(["POST"])
def submit(request, slug: str, pk: int):
    """The final step of a draft: submit it with the PDF whose check the author has seen."""
    submission = readable_submission(request, slug, pk)
    if submission.status != SubmissionStatus.DRAFT:
        messages.info(request, f"Paper #{submission.number} is already submitted.")
        return redirect(submission)
    try:
        services.submit(submission=submission, by=request.user)
    except (ValidationError, PermissionDenied) as refused:
        messages.error(request, refusals.text(refused))
    else:
        _saved_message(request, submission, was_draft=True, new_pdf=False)
    return redirect(submission)


def _saved_message(request, submission: Submission, *, was_draft: bool, new_pdf: bool) -> None:
    if submission.status == SubmissionStatus.DRAFT and new_pdf:
        text = (
            "Draft saved with its PDF. Look at what the check found below, then press "
            "“Submit” to send the paper to the workshop."
        )
    elif submission.status == SubmissionStatus.DRAFT:
        text = "Draft saved. It is not submitted yet: upload the PDF to see what the check finds."
    elif was_draft:
        text = f"Paper #{submission.number} is submitted; a receipt is on its way to every author."
    elif new_pdf:
        text = "Changes saved; the new PDF is the current version and every author gets a receipt."
    else:
        text = "Changes saved."
    messages.success(request, text)


# --- Withdraw and camera-ready --------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def withdraw(request, slug: str, pk: int):
    submission = readable_submission(request, slug, pk)
    if not request.user.has_perm("submissions.withdraw_paper", submission):
        messages.error(request, services.WITHDRAW_REFUSED)
        return redirect(submission)
    if request.method == "POST":
        services.withdraw(submission=submission, by=request.user)
        messages.success(
            request, f"Paper #{submission.number} is withdrawn; every author gets an email."
        )
        return redirect(submission)
    return render(request, "submissions/withdraw.html", {"submission": submission})


@paper_form
@login_required
@require_http_methods(["GET", "POST"])
def camera_ready(request, slug: str, pk: int):
    submission = readable_submission(request, slug, pk)
    workshop = submission.workshop
    check = services.ensure_camera_ready_open
    if reason := _refusal(check, submission=submission, by=request.user):
        messages.error(request, reason)
        return redirect(submission)

    def page(form):
        return render(
            request, "submissions/camera_ready.html", {"submission": submission, "form": form}
        )

    if request.method == "GET" or request.refused_upload:
        return page(_with_refused_upload(request, CameraReadyForm(workshop=workshop)))
    form = CameraReadyForm(request.POST, request.FILES, workshop=workshop)
    if form.is_valid():
        try:
            services.upload_camera_ready(
                submission=submission, by=request.user, pdf=as_upload(form.cleaned_data["pdf"])
            )
        except ValidationError as refused:
            refusals.show_on_form(refused, form)
        else:
            messages.success(request, "Camera-ready version received. Thank you!")
            return redirect(submission)
    return page(form)


# --- Reading --------------------------------------------------------------------------------


def detail(request, slug: str, pk: int):
    try:
        submission = readable_submission(request, slug, pk)
    except Http404:
        moved = (
            Submission.objects.filter(pk=pk, routings__from_workshop__slug=slug)
            .exclude(workshop__slug=slug)
            .select_related("workshop")
            .first()
        )
        if moved is not None and request.user.has_perm("submissions.read_paper", moved):
            # A link from an old receipt: the paper was routed to the sibling workshop since.
            return redirect(moved, permanent=False)
        raise
    user = request.user
    organizer = user.has_perm("submissions.manage_paper", submission)
    versions = list(
        submission.versions.select_related("uploaded_by").order_by("-uploaded_at", "-id")
    )
    current = next((v for v in versions if v.kind == VersionKind.SUBMISSION), None)
    camera = next((v for v in versions if v.kind == VersionKind.CAMERA_READY), None)
    edit_refusal = _refusal(services.ensure_can_edit, submission=submission, by=user)
    camera_refusal = None
    if submission.is_accepted:
        camera_refusal = _refusal(services.ensure_camera_ready_open, submission=submission, by=user)
    return render(
        request,
        "submissions/detail.html",
        {
            "submission": submission,
            "workshop": submission.workshop,
            "authors": submission.authors.all(),
            "topics": submission.topics.all(),
            "versions": versions,
            "current_ids": {v.pk for v in (current, camera) if v},
            "routings": submission.routings.select_related("from_workshop", "to_workshop"),
            "status_label": submission.get_status_display()
            if organizer
            else submission.status_for_authors_display,
            "deadline": services.submission_deadline(submission),
            "can_edit": edit_refusal is None,
            "current": current,
            "can_submit": edit_refusal is None
            and current is not None
            and submission.status == SubmissionStatus.DRAFT,
            "show_check": current is not None and submission.status in UNDECIDED,
            # Why an open paper cannot change (a passed deadline); nothing to say once decided.
            "edit_note": edit_refusal if submission.status in UNDECIDED else None,
            "can_withdraw": user.has_perm("submissions.withdraw_paper", submission),
            "camera_ready_open": submission.is_accepted and camera_refusal is None,
            "show_camera_ready": submission.is_accepted and submission.decision_released(),
            "now": timezone.now(),
        },
    )


@login_required
def mine(request):
    now = timezone.now()
    rows = []
    for paper in queries.papers_of(request.user):
        versions = paper.submission_versions
        deadline = services.submission_deadline(paper)
        rows.append(
            {
                "paper": paper,
                "current": versions[0] if versions else None,
                "deadline": deadline,
                "open": paper.status in UNDECIDED and deadline is not None and now < deadline,
            }
        )
    return render(request, "submissions/mine.html", {"rows": rows, "now": now})
