"""The verbs of a paper's life: create, edit, upload, submit, withdraw, route, decide,
camera-ready. Views, the API, the admin and tasks all come through here; each verb checks
who acts, the deadline and the paper's state, and says in a sentence what is wrong."""

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from allauth.account.models import EmailAddress
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from people.models import User
from workshop.models import Topic, Workshop
from workshop.zones import format_in_zone

from . import checks, pdfcheck, receipts
from .enums import ACCEPTED, DECISIONS, SubmissionStatus, VersionKind
from .models import Author, DeadlineExtension, PaperVersion, Routing, Submission


@dataclass(frozen=True)
class AuthorData:
    name: str
    email: str
    affiliation: str = ""


@dataclass(frozen=True)
class Upload:
    """A PDF as the author sent it: its name and bytes."""

    name: str
    data: bytes


# --- Deadlines ------------------------------------------------------------------------------


def submission_deadline(submission: Submission) -> datetime | None:
    """The workshop's deadline, or later if an organizer extended it for this paper."""
    deadline = submission.workshop.submission_deadline
    extended = max((e.until for e in submission.deadline_extensions.all()), default=None)
    if extended and (deadline is None or extended > deadline):
        return extended
    return deadline


def ensure_call_open(workshop: Workshop, *, deadline: datetime | None = None, now=None) -> None:
    now = now or timezone.now()
    deadline = deadline if deadline is not None else workshop.submission_deadline
    zone = workshop.deadline_timezone
    if workshop.submissions_open_at and now < workshop.submissions_open_at:
        when = format_in_zone(workshop.submissions_open_at, zone)
        raise ValidationError(f"Submissions to {workshop.name} open on {when}.")
    if deadline is None:
        raise ValidationError(
            f"{workshop.name} has no submission deadline yet; submissions are not open."
        )
    if now >= deadline:
        raise ValidationError(
            f"The submission deadline ({format_in_zone(deadline, zone)}) has passed; "
            "the paper can no longer be changed."
        )


# --- Authors --------------------------------------------------------------------------------


def clean_authors(authors: Sequence[AuthorData], *, acting: User) -> list[AuthorData]:
    cleaned = [
        AuthorData(
            name=" ".join(a.name.split()),
            email=a.email.strip().lower(),
            affiliation=" ".join(a.affiliation.split()),
        )
        for a in authors
    ]
    errors = []
    if not cleaned:
        errors.append("List at least one author.")
    for index, author in enumerate(cleaned, start=1):
        if not author.name or not author.email:
            errors.append(f"Author {index} needs a name and an email address.")
    emails = [a.email for a in cleaned]
    for email in sorted({e for e in emails if emails.count(e) > 1}):
        errors.append(f"{email} is listed more than once.")
    if cleaned and acting.email.lower() not in emails and not acting.is_superuser:
        errors.append(
            f"Add yourself ({acting.email}) to the authors: only authors can see "
            "and edit the paper."
        )
    if errors:
        raise ValidationError({"authors": errors})
    return cleaned


def _set_authors(submission: Submission, authors: Sequence[AuthorData]) -> None:
    """Replace the author list (reordering included) and link verified accounts."""
    verified = dict(
        EmailAddress.objects.filter(
            email__in=[a.email for a in authors], verified=True
        ).values_list("email", "user_id")
    )
    submission.authors.all().delete()
    Author.objects.bulk_create(
        Author(
            submission=submission,
            position=position,
            name=a.name,
            email=a.email,
            affiliation=a.affiliation,
            user_id=verified.get(a.email),
        )
        for position, a in enumerate(authors)
    )


def link_verified_email(*, user: User, email: str) -> int:
    """An account verified `email`: it now sees the papers that list this address."""
    return Author.objects.filter(email__iexact=email, user__isnull=True).update(user=user)


def _topics(workshop: Workshop, topics: Iterable[Topic]) -> list[Topic]:
    topics = list(topics)
    if any(topic.workshop_id != workshop.pk for topic in topics):
        raise ValidationError({"topics": ["Pick topics of this workshop."]})
    return topics


# --- Versions -------------------------------------------------------------------------------


def _check(workshop: Workshop, authors, upload: Upload, *, camera_ready=False):
    checks.refuse_if_too_large(len(upload.data), workshop)
    rules = checks.rules_for(workshop, authors, camera_ready=camera_ready)
    return checks.check_upload(upload.data, rules), rules


def _store(
    submission: Submission,
    by: User,
    upload: Upload,
    report: pdfcheck.PdfReport,
    rules: pdfcheck.PdfRules,
    kind: str,
) -> PaperVersion:
    stored = upload.data
    if rules.anonymity != "off":
        stored = pdfcheck.strip_identifying_metadata(upload.data)
    version = PaperVersion(
        submission=submission,
        kind=kind,
        original_name=upload.name[:255],
        sha256=report.sha256,
        stored_sha256=hashlib.sha256(stored).hexdigest(),
        size=report.size,
        pages=report.pages,
        pages_before_references=report.pages_before_references,
        warnings=[finding.message for finding in report.warnings],
        uploaded_by=by,
    )
    version.file.save("paper.pdf", ContentFile(stored), save=False)
    try:
        version.save()
    except Exception:
        version.file.delete(save=False)
        raise
    return version


def current_version(submission: Submission, kind: str = VersionKind.SUBMISSION):
    return submission.versions.filter(kind=kind).order_by("-uploaded_at", "-id").first()


# --- The verbs ------------------------------------------------------------------------------


def _require(user: User, perm: str, submission: Submission, message: str) -> None:
    if not user.has_perm(perm, submission):
        raise PermissionDenied(message)


def create_submission(
    *,
    workshop: Workshop,
    by: User,
    title: str,
    abstract: str,
    authors: Sequence[AuthorData],
    keywords: Sequence[str] = (),
    topics: Iterable[Topic] = (),
    declared_conflicts: str = "",
    pdf: Upload | None = None,
    submit: bool = False,
) -> Submission:
    if not by.is_authenticated:
        raise PermissionDenied("Log in to submit a paper.")
    ensure_call_open(workshop)
    authors = clean_authors(authors, acting=by)
    topics = _topics(workshop, topics)
    if submit and pdf is None:
        raise ValidationError({"pdf": ["Upload the paper as a PDF to submit it."]})
    checked = _check(workshop, authors, pdf) if pdf else None
    with transaction.atomic():
        Workshop.objects.select_for_update().filter(pk=workshop.pk).first()
        number = (workshop.submissions.aggregate(top=Max("number"))["top"] or 0) + 1
        submission = Submission.objects.create(
            workshop=workshop,
            number=number,
            title=title.strip(),
            abstract=abstract.strip(),
            keywords=_keywords(keywords),
            declared_conflicts=declared_conflicts.strip(),
            created_by=by,
        )
        submission.topics.set(topics)
        _set_authors(submission, authors)
        if checked:
            _store(submission, by, pdf, *checked, kind=VersionKind.SUBMISSION)
        if submit:
            _mark_submitted(submission)
    return submission


def update_submission(
    *,
    submission: Submission,
    by: User,
    title: str | None = None,
    abstract: str | None = None,
    authors: Sequence[AuthorData] | None = None,
    keywords: Sequence[str] | None = None,
    topics: Iterable[Topic] | None = None,
    declared_conflicts: str | None = None,
    pdf: Upload | None = None,
    submit: bool = False,
) -> Submission:
    """Edit a paper until its deadline; a new PDF becomes a new version."""
    _require(
        by,
        "submissions.edit_paper",
        submission,
        "Only the paper's authors can change it before a decision.",
    )
    ensure_call_open(submission.workshop, deadline=submission_deadline(submission))
    if authors is not None:
        authors = clean_authors(authors, acting=by)
    if topics is not None:
        topics = _topics(submission.workshop, topics)
    if submit and pdf is None and current_version(submission) is None:
        raise ValidationError({"pdf": ["Upload the paper as a PDF to submit it."]})
    checked = None
    if pdf is not None:
        checked = _check(submission.workshop, authors or list(submission.authors.all()), pdf)
    with transaction.atomic():
        for field, value in (
            ("title", title),
            ("abstract", abstract),
            ("declared_conflicts", declared_conflicts),
        ):
            if value is not None:
                setattr(submission, field, value.strip())
        if keywords is not None:
            submission.keywords = _keywords(keywords)
        submission.save()
        if topics is not None:
            submission.topics.set(topics)
        if authors is not None:
            _set_authors(submission, authors)
        if checked:
            version = _store(submission, by, pdf, *checked, kind=VersionKind.SUBMISSION)
            if submission.status == SubmissionStatus.SUBMITTED:
                receipts.version_received(submission, version)
        if submit and submission.status == SubmissionStatus.DRAFT:
            _mark_submitted(submission)
    return submission


def submit(*, submission: Submission, by: User) -> Submission:
    return update_submission(submission=submission, by=by, submit=True)


def _mark_submitted(submission: Submission) -> None:
    version = current_version(submission)
    if version is None:
        raise ValidationError({"pdf": ["Upload the paper as a PDF to submit it."]})
    submission.status = SubmissionStatus.SUBMITTED
    submission.submitted_at = timezone.now()
    submission.save(update_fields=["status", "submitted_at", "updated_at"])
    receipts.submission_received(submission, version)


def withdraw(*, submission: Submission, by: User) -> Submission:
    _require(
        by,
        "submissions.withdraw_paper",
        submission,
        "Only the paper's authors can withdraw it, and only before a decision.",
    )
    with transaction.atomic():
        submission.status = SubmissionStatus.WITHDRAWN
        submission.withdrawn_at = timezone.now()
        submission.submitted_at = submission.submitted_at or submission.withdrawn_at
        submission.save(update_fields=["status", "withdrawn_at", "submitted_at", "updated_at"])
        receipts.withdrawn(submission, by)
    return submission


def extend_deadline(
    *, submission: Submission, by: User, until: datetime, reason: str
) -> DeadlineExtension:
    _require(
        by,
        "submissions.manage_paper",
        submission,
        "Only the workshop's organizers can extend a deadline.",
    )
    if not reason.strip():
        raise ValidationError({"reason": ["Say why this paper gets more time."]})
    if until <= timezone.now():
        raise ValidationError({"until": ["The new deadline must be in the future."]})
    return DeadlineExtension.objects.create(
        submission=submission, until=until, reason=reason.strip(), granted_by=by
    )


def route_to_sibling(*, submission: Submission, to: Workshop, by: User, reason: str) -> Routing:
    """Move a paper to the other part of a series, check it against that workshop's rules and
    tell the authors, including what (if anything) the new rules refuse."""
    _require(
        by,
        "submissions.manage_paper",
        submission,
        "Only the workshop's organizers can route a paper.",
    )
    source = submission.workshop
    if to.pk == source.pk or source.series_id is None or to.series_id != source.series_id:
        raise ValidationError(
            {
                "to": [
                    f"{to.name} is not a sibling of {source.name}; papers "
                    "can only be routed within their series."
                ]
            }
        )
    if submission.status == SubmissionStatus.WITHDRAWN:
        raise ValidationError("A withdrawn paper cannot be routed.")
    if not reason.strip():
        raise ValidationError({"reason": ["Say why the paper belongs to the other workshop."]})
    findings = _recheck(submission, to)
    with transaction.atomic():
        Workshop.objects.select_for_update().filter(pk=to.pk).first()
        routing = Routing.objects.create(
            submission=submission,
            from_workshop=source,
            to_workshop=to,
            from_number=submission.number,
            reason=reason.strip(),
            routed_by=by,
            findings=findings,
        )
        submission.workshop = to
        submission.number = (to.submissions.aggregate(top=Max("number"))["top"] or 0) + 1
        submission.save(update_fields=["workshop", "number", "updated_at"])
        submission.topics.clear()  # topics belong to a workshop
        receipts.routed(submission, routing)
    return routing


def _recheck(submission: Submission, workshop: Workshop) -> list[str]:
    version = current_version(submission)
    if version is None:
        return []
    with version.file.open("rb") as handle:
        data = handle.read()
    rules = checks.rules_for(workshop, submission.authors.all())
    report = pdfcheck.check_pdf_isolated(data, rules)
    return [finding.message for finding in report.findings]


def upload_camera_ready(*, submission: Submission, by: User, pdf: Upload) -> PaperVersion:
    _require(
        by,
        "submissions.upload_camera_ready",
        submission,
        "Only the authors of an accepted paper can upload its camera-ready version.",
    )
    if submission.status not in ACCEPTED:
        raise ValidationError("Only an accepted paper has a camera-ready version.")
    workshop = submission.workshop
    deadline = workshop.camera_ready_deadline
    if deadline and timezone.now() >= deadline:
        raise ValidationError(
            f"The camera-ready deadline ({format_in_zone(deadline, workshop.deadline_timezone)})"
            " has passed."
        )
    report, rules = _check(workshop, submission.authors.all(), pdf, camera_ready=True)
    with transaction.atomic():
        version = _store(submission, by, pdf, report, rules, kind=VersionKind.CAMERA_READY)
        receipts.camera_ready_received(submission, version)
    return version


def set_decision(*, submission: Submission, decision: str, by: User) -> Submission:
    """The one way a decision reaches a paper (the reviews app's decide service calls it).
    Until decisions are released an organizer may change or undo one."""
    _require(
        by,
        "submissions.manage_paper",
        submission,
        "Only the workshop's organizers can decide on a paper.",
    )
    allowed_from = (SubmissionStatus.SUBMITTED, *DECISIONS)
    if decision not in (*DECISIONS, SubmissionStatus.SUBMITTED):
        raise ValidationError(f"“{decision}” is not a decision.")
    if submission.status not in allowed_from:
        raise ValidationError(
            f"A {submission.get_status_display().lower()} paper cannot be decided on."
        )
    submission.status = decision
    submission.decided_at = None if decision == SubmissionStatus.SUBMITTED else timezone.now()
    submission.save(update_fields=["status", "decided_at", "updated_at"])
    return submission


def _keywords(keywords: Iterable[str]) -> list[str]:
    seen, result = set(), []
    for keyword in keywords:
        keyword = " ".join(keyword.split())
        if keyword and keyword.lower() not in seen:
            seen.add(keyword.lower())
            result.append(keyword)
    return result[:20]
