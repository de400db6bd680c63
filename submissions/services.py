"""The verbs of a paper's life: create, edit, upload, submit, withdraw, route, decide,
camera-ready. Views, the API, the admin and tasks all come through here; each verb checks
who acts, the deadline and the paper's state, and says in a sentence what is wrong."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from people.models import User
from workshop import audit
from workshop.enums import AuditAction
from workshop.models import Topic, Workshop
from workshop.zones import format_in_zone

from . import checks, paperfiles, pdfcheck, receipts
from .authorship import AuthorData, clean_authors, set_authors
from .authorship import link_verified_email as link_verified_email
from .deadlines import ensure_call_open, submission_deadline
from .enums import ACCEPTED, DECISIONS, SubmissionStatus, VersionKind
from .models import DeadlineExtension, PaperVersion, Routing, Submission


@dataclass(frozen=True)
class Upload:
    """A PDF as the author sent it: its name and bytes."""

    name: str
    data: bytes


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
    stored: paperfiles.StoredFile,
    *,
    kind: str,
) -> PaperVersion:
    version = PaperVersion(
        submission=submission,
        kind=kind,
        original_name=upload.name[:255],
        sha256=report.sha256,
        stored_sha256=stored.sha256,
        size=report.size,
        pages=report.pages,
        pages_before_references=report.pages_before_references,
        page_size=report.page_size,
        warnings=[finding.message for finding in report.warnings],
        uploaded_by=by,
    )
    version.file.name = stored.name
    version.save()
    return version


def current_version(submission: Submission, kind: str = VersionKind.SUBMISSION):
    return submission.versions.filter(kind=kind).order_by("-uploaded_at", "-id").first()


# --- The verbs ------------------------------------------------------------------------------


def _require(user: User, perm: str, submission: Submission, message: str) -> None:
    if not user.has_perm(perm, submission):
        raise PermissionDenied(message)


def ensure_can_edit(*, submission: Submission, by: User) -> None:
    """May `by` change the paper now: an author or organizer, before the (possibly extended)
    deadline, before a decision. Pages ask it too, to show a form or say why not."""
    _require(by, "submissions.read_paper", submission, "Only the paper's authors can change it.")
    ensure_call_open(submission.workshop, deadline=submission_deadline(submission))
    # Readers who may not edit are looking at a withdrawn or decided paper.
    _require(
        by,
        "submissions.edit_paper",
        submission,
        "A withdrawn or decided paper can no longer be changed.",
    )


def ensure_camera_ready_open(*, submission: Submission, by: User) -> None:
    """May `by` upload a camera-ready version now (pages ask it to show the form)."""
    _require(
        by,
        "submissions.upload_camera_ready",
        submission,
        "Only the authors of an accepted paper can upload its camera-ready version.",
    )
    workshop = submission.workshop
    if submission.status not in ACCEPTED:
        raise ValidationError("Only an accepted paper has a camera-ready version.")
    if not submission.decision_released():
        raise ValidationError(f"Decisions for {workshop.name} have not been released yet.")
    deadline = workshop.camera_ready_deadline
    if deadline and timezone.now() >= deadline:
        raise ValidationError(
            f"The camera-ready deadline ({format_in_zone(deadline, workshop.deadline_timezone)})"
            " has passed."
        )


def _next_number(workshop: Workshop) -> int:
    """The next paper number in a workshop. Locks the workshop row (inside the caller's
    transaction) so that two papers arriving at once never get the same number."""
    Workshop.objects.select_for_update().filter(pk=workshop.pk).first()
    return (workshop.submissions.aggregate(top=Max("number"))["top"] or 0) + 1


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
    with paperfiles.atomic_keeping_files_on_success() as written:
        stored = paperfiles.write(workshop, pdf.data, checked[1], written) if checked else None
        submission = Submission.objects.create(
            workshop=workshop,
            number=_next_number(workshop),  # locks the workshop until the commit: keep it short
            title=title.strip(),
            abstract=abstract.strip(),
            keywords=_keywords(keywords),
            declared_conflicts=declared_conflicts.strip(),
            created_by=by,
        )
        if topics:
            submission.topics.set(topics)
        set_authors(submission, authors)
        version = None
        if checked:
            version = _store(submission, by, pdf, checked[0], stored, kind=VersionKind.SUBMISSION)
        if submit:
            _mark_submitted(submission, version)
    return submission


def record_past_submission(
    *,
    workshop: Workshop,
    by: User,
    title: str,
    abstract: str,
    authors: Sequence[AuthorData],
    pdf: Upload,
    submitted_at: datetime,
    keywords: Sequence[str] = (),
    topics: Iterable[Topic] = (),
) -> Submission:
    """Enter a paper of an edition whose call has closed (the demo's 2018 workshop, or papers
    brought over from another system): an organizer's act, so no deadline and no receipts.
    The PDF must pass the workshop's checks; it is trusted input, checked in this process."""
    if not by.has_perm("workshop.manage_workshop", workshop):
        raise PermissionDenied("Only the workshop's organizers can enter past papers.")
    authors = clean_authors(authors, acting=by, require_self=False)
    topics = _topics(workshop, topics)
    rules = checks.rules_for(workshop, authors)
    report = pdfcheck.check_pdf(pdf.data, rules)
    if report.errors:
        raise ValidationError({"pdf": [finding.message for finding in report.errors]})
    with paperfiles.atomic_keeping_files_on_success() as written:
        stored = paperfiles.write(workshop, pdf.data, rules, written)
        submission = Submission.objects.create(
            workshop=workshop,
            number=_next_number(workshop),
            title=title.strip(),
            abstract=abstract.strip(),
            keywords=_keywords(keywords),
            status=SubmissionStatus.SUBMITTED,
            submitted_at=submitted_at,
            created_by=by,
        )
        submission.topics.set(topics)
        set_authors(submission, authors)
        _store(submission, by, pdf, report, stored, kind=VersionKind.SUBMISSION)
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
    ensure_can_edit(submission=submission, by=by)
    if authors is not None:
        organizer = by.has_perm("submissions.manage_paper", submission)
        authors = clean_authors(authors, acting=by, require_self=not organizer)
    if topics is not None:
        topics = _topics(submission.workshop, topics)
    if submit and pdf is None and current_version(submission) is None:
        raise ValidationError({"pdf": ["Upload the paper as a PDF to submit it."]})
    checked = None
    if pdf is not None:
        checked = _check(submission.workshop, authors or list(submission.authors.all()), pdf)
    with paperfiles.atomic_keeping_files_on_success() as written:
        stored = None
        if checked:
            stored = paperfiles.write(submission.workshop, pdf.data, checked[1], written)
        _lock_and_reread(submission, by)
        changed = ["updated_at"]
        for field, value in (
            ("title", title),
            ("abstract", abstract),
            ("declared_conflicts", declared_conflicts),
            ("keywords", None if keywords is None else _keywords(keywords)),
        ):
            if value is not None:
                setattr(submission, field, value.strip() if isinstance(value, str) else value)
                changed.append(field)
        submission.save(update_fields=changed)
        if topics is not None:
            submission.topics.set(topics)
        if authors is not None:
            set_authors(submission, authors)
        if checked:
            version = _store(submission, by, pdf, checked[0], stored, kind=VersionKind.SUBMISSION)
            if submission.status == SubmissionStatus.SUBMITTED:
                receipts.version_received(submission, version)
        if submit and submission.status == SubmissionStatus.DRAFT:
            _mark_submitted(submission)
    return submission


def _lock_and_reread(submission: Submission, by: User) -> None:
    """Lock the paper's row until the commit and take its state as committed: two requests
    changing one paper at once (two tabs, two authors) then take turns, and the second sees
    that the first submitted it (or withdrew it) instead of acting on a stale status."""
    current = (
        Submission.objects.select_for_update(of=("self",))
        .values("status", "submitted_at", "withdrawn_at", "decided_at")
        .get(pk=submission.pk)
    )
    for field, value in current.items():
        setattr(submission, field, value)
    _require(
        by,
        "submissions.edit_paper",
        submission,
        "A withdrawn or decided paper can no longer be changed.",
    )


def submit(*, submission: Submission, by: User) -> Submission:
    return update_submission(submission=submission, by=by, submit=True)


def _mark_submitted(submission: Submission, version: PaperVersion | None = None) -> None:
    version = version or current_version(submission)
    if version is None:
        raise ValidationError({"pdf": ["Upload the paper as a PDF to submit it."]})
    submission.status = SubmissionStatus.SUBMITTED
    submission.submitted_at = timezone.now()
    submission.save(update_fields=["status", "submitted_at", "updated_at"])
    receipts.submission_received(submission, version)


WITHDRAW_REFUSED = (
    "Only the paper's authors can withdraw it, and only before they are told the decision."
)


def withdraw(*, submission: Submission, by: User) -> Submission:
    """An author (or an organizer, e.g. on the authors' request by mail) withdraws a paper
    until they are told its decision. The paper and its files stay."""
    _require(by, "submissions.withdraw_paper", submission, WITHDRAW_REFUSED)
    with transaction.atomic():
        submission.status = SubmissionStatus.WITHDRAWN
        submission.decided_at = None  # an unsent decision goes with the paper
        submission.withdrawn_at = timezone.now()
        submission.submitted_at = submission.submitted_at or submission.withdrawn_at
        submission.save(
            update_fields=["status", "decided_at", "withdrawn_at", "submitted_at", "updated_at"]
        )
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
    with transaction.atomic():
        extension = DeadlineExtension.objects.create(
            submission=submission, until=until, reason=reason.strip(), granted_by=by
        )
        zone = submission.workshop.deadline_timezone
        audit.record(
            workshop=submission.workshop,
            by=by,
            action=AuditAction.DEADLINE_EXTENDED,
            subject=audit.paper(submission),
            change=f"until {format_in_zone(until, zone)}: {extension.reason}",
            related=extension,
        )
    return extension


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
    findings = recheck(submission, to)
    with transaction.atomic():
        routing = Routing.objects.create(
            submission=submission,
            from_workshop=source,
            to_workshop=to,
            from_number=submission.number,
            reason=reason.strip(),
            routed_by=by,
            findings=findings,
        )
        topic_names = list(submission.topics.values_list("name", flat=True))
        submission.workshop = to
        submission.number = _next_number(to)
        submission.save(update_fields=["workshop", "number", "updated_at"])
        # Topics belong to a workshop: keep those the sibling names the same way.
        submission.topics.set(Topic.objects.filter(workshop=to, name__in=topic_names))
        receipts.routed(submission, routing)
        # Both workshops' organizers see the move in their audit trail.
        change = (
            f"from {source.name} (#{routing.from_number}) to {to.name} "
            f"(#{submission.number}): {routing.reason}"
        )
        for side in (source, to):
            audit.record(
                workshop=side,
                by=by,
                action=AuditAction.ROUTED,
                subject=audit.paper(submission),
                change=change,
                related=routing,
            )
    return routing


def recheck(submission: Submission, workshop: Workshop) -> list[str]:
    """What `workshop`'s rules say about the paper's current PDF (nothing is stored)."""
    version = current_version(submission)
    if version is None:
        return []
    with version.file.open("rb") as handle:
        data = handle.read()
    rules = checks.rules_for(workshop, submission.authors.all())
    report = pdfcheck.check_pdf_isolated(data, rules)
    return [finding.message for finding in report.findings]


def upload_camera_ready(*, submission: Submission, by: User, pdf: Upload) -> PaperVersion:
    ensure_camera_ready_open(submission=submission, by=by)
    report, rules = _check(submission.workshop, submission.authors.all(), pdf, camera_ready=True)
    with paperfiles.atomic_keeping_files_on_success() as written:
        stored = paperfiles.write(submission.workshop, pdf.data, rules, written)
        version = _store(submission, by, pdf, report, stored, kind=VersionKind.CAMERA_READY)
        receipts.camera_ready_received(submission, version)
    return version


def record_past_camera_ready(*, submission: Submission, by: User, pdf: Upload) -> PaperVersion:
    """Enter the camera-ready version of an accepted paper of an edition whose deadlines
    have passed (the demo's 2018 workshop, papers brought over from another system): an
    organizer's act, so no deadline and no receipt; the camera-ready checks still apply."""
    _require(
        by,
        "submissions.manage_paper",
        submission,
        "Only the workshop's organizers can enter past camera-ready versions.",
    )
    if submission.status not in ACCEPTED:
        raise ValidationError("Only an accepted paper has a camera-ready version.")
    rules = checks.rules_for(submission.workshop, submission.authors.all(), camera_ready=True)
    report = pdfcheck.check_pdf(pdf.data, rules)
    if report.errors:
        raise ValidationError({"pdf": [finding.message for finding in report.errors]})
    with paperfiles.atomic_keeping_files_on_success() as written:
        stored = paperfiles.write(submission.workshop, pdf.data, rules, written)
        return _store(submission, by, pdf, report, stored, kind=VersionKind.CAMERA_READY)


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
    before = submission.get_status_display()
    changed = submission.status != decision
    submission.status = decision
    submission.decided_at = None if decision == SubmissionStatus.SUBMITTED else timezone.now()
    with transaction.atomic():
        submission.save(update_fields=["status", "decided_at", "updated_at"])
        if changed:
            audit.record(
                workshop=submission.workshop,
                by=by,
                action=AuditAction.DECISION,
                subject=audit.paper(submission),
                change=f"{before} → {submission.get_status_display()}",
                related=submission,
            )
    return submission


def _keywords(keywords: Iterable[str]) -> list[str]:
    seen, result = set(), []
    for keyword in keywords:
        keyword = " ".join(keyword.split())
        if keyword and keyword.lower() not in seen:
            seen.add(keyword.lower())
            result.append(keyword)
    return result[:20]
