import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from workshop.models import Topic, Workshop

from .enums import ACCEPTED, DECIDED, SubmissionStatus, VersionKind


class Submission(models.Model):
    workshop = models.ForeignKey(Workshop, on_delete=models.PROTECT, related_name="submissions")
    number = models.PositiveIntegerField(help_text="The paper's number within its workshop.")
    title = models.CharField(max_length=300)
    abstract = models.TextField(max_length=5000)
    keywords = models.JSONField(default=list, blank=True)
    topics = models.ManyToManyField(Topic, blank=True, related_name="submissions")
    declared_conflicts = models.TextField(
        blank=True,
        help_text="People or institutions who should not review this paper, one per line.",
    )
    status = models.CharField(
        max_length=20, choices=SubmissionStatus, default=SubmissionStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    decision_sent_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="When the authors were told the decision."
    )
    # The paper's public address, given when its acceptance is sent: the internal number
    # would tell how many papers were submitted (and, by its gaps, rejected).
    public_slug = models.SlugField(max_length=80, blank=True, editable=False)

    class Meta:
        ordering = ["workshop", "number"]
        constraints = [
            models.UniqueConstraint(fields=["workshop", "number"], name="submission_number_unique"),
            models.UniqueConstraint(
                fields=["workshop", "public_slug"],
                condition=~Q(public_slug=""),
                name="submission_public_slug_unique",
            ),
            models.CheckConstraint(
                condition=Q(status=SubmissionStatus.DRAFT) | Q(submitted_at__isnull=False),
                name="submission_submitted_has_time",
            ),
        ]
        indexes = [models.Index(fields=["workshop", "status"])]

    def __str__(self):
        return f"#{self.number} {self.title}"

    def get_absolute_url(self):
        return reverse("submissions:detail", kwargs={"slug": self.workshop.slug, "pk": self.pk})

    @property
    def is_accepted(self) -> bool:
        return self.status in ACCEPTED

    def decision_released(self, now=None) -> bool:
        released = self.workshop.decisions_released_at
        return released is not None and released <= (now or timezone.now())

    @property
    def status_for_authors(self) -> str:
        """What the authors are told: a decision only once the workshop has released them."""
        if self.status in DECIDED and not self.decision_released():
            return SubmissionStatus.SUBMITTED
        return self.status

    @property
    def status_for_authors_display(self) -> str:
        return SubmissionStatus(self.status_for_authors).label


class Author(models.Model):
    """One author of a paper, in order. `user` is linked once an account with this email
    address has verified it (now, or after signing up later)."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="authors")
    position = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=200)
    email = models.EmailField()
    affiliation = models.CharField(max_length=200, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="authorships",
    )

    class Meta:
        ordering = ["submission", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "position"], name="author_position_unique"
            ),
            models.UniqueConstraint(fields=["submission", "email"], name="author_email_unique"),
        ]

    def __str__(self):
        return self.name


def paper_file_name(workshop_id: int) -> str:
    # Never the author's file name: a long random name, so that paths cannot be guessed.
    return f"papers/{workshop_id}/{secrets.token_urlsafe(24)}.pdf"


def paper_path(instance, filename: str) -> str:
    return paper_file_name(instance.submission.workshop_id)


class PaperVersion(models.Model):
    """One uploaded PDF. Immutable: every upload is a new row, nothing deletes one."""

    submission = models.ForeignKey(Submission, on_delete=models.PROTECT, related_name="versions")
    kind = models.CharField(max_length=20, choices=VersionKind, default=VersionKind.SUBMISSION)
    file = models.FileField(upload_to=paper_path, max_length=200)
    original_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64, help_text="Of the file as uploaded.")
    stored_sha256 = models.CharField(
        max_length=64, help_text="Of the stored copy (identifying metadata stripped)."
    )
    size = models.PositiveBigIntegerField()
    pages = models.PositiveSmallIntegerField()
    pages_before_references = models.PositiveSmallIntegerField(null=True, blank=True)
    page_size = models.CharField(
        max_length=100, blank=True, help_text="As the check found it: US Letter, A4 or both."
    )
    warnings = models.JSONField(default=list, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["submission", "uploaded_at", "id"]
        get_latest_by = ["uploaded_at", "id"]

    def __str__(self):
        return f"{self.submission} — {self.get_kind_display()} {self.uploaded_at:%Y-%m-%d %H:%M}"

    @property
    def download_name(self) -> str:
        suffix = "camera-ready" if self.kind == VersionKind.CAMERA_READY else f"v{self.pk}"
        return f"paper-{self.submission.number}-{suffix}.pdf"


class DeadlineExtension(models.Model):
    """An organizer lets one paper be edited after the deadline, with a recorded reason."""

    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="deadline_extensions"
    )
    until = models.DateTimeField()
    reason = models.TextField()
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-until"]

    def __str__(self):
        return f"{self.submission} until {self.until:%Y-%m-%d %H:%M} UTC"


class Routing(models.Model):
    """A paper moved to a sibling workshop of the same series, and why."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="routings")
    from_workshop = models.ForeignKey(Workshop, on_delete=models.PROTECT, related_name="+")
    to_workshop = models.ForeignKey(Workshop, on_delete=models.PROTECT, related_name="+")
    from_number = models.PositiveIntegerField()
    reason = models.TextField()
    routed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    routed_at = models.DateTimeField(auto_now_add=True)
    findings = models.JSONField(
        default=list,
        blank=True,
        help_text="What the target workshop's rules say about the current PDF.",
    )

    class Meta:
        ordering = ["routed_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_workshop=models.F("to_workshop")), name="routing_changes_workshop"
            ),
        ]

    def __str__(self):
        return f"{self.submission}: {self.from_workshop} → {self.to_workshop}"
