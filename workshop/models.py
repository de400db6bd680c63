from datetime import datetime

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from people.fields import URLField

from .enums import AOE, AnonymityPolicy, AuditAction, BlindMode, EmailState, RoleKind
from .zones import validate_timezone


class Series(models.Model):
    """Workshops that share one call for papers (e.g. ML for Systems and Systems for ML)."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(unique=True)

    class Meta:
        verbose_name_plural = "series"

    def __str__(self):
        return self.name


class Workshop(models.Model):
    series = models.ForeignKey(
        Series,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="workshops",
        help_text="Workshops of one series share a call; papers can be routed between them.",
    )
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=200)
    acronym = models.CharField(max_length=40, blank=True)
    conference = models.CharField(max_length=200, blank=True)
    venue = models.CharField(max_length=200, blank=True)
    room = models.CharField(max_length=100, blank=True)
    timezone = models.CharField(
        "venue time zone",
        max_length=64,
        default="UTC",
        validators=[validate_timezone],
        help_text="IANA name, e.g. America/Toronto.",
    )
    starts_at = models.DateTimeField("starts")
    ends_at = models.DateTimeField("ends")
    event_url = URLField(blank=True)
    description = models.TextField(blank=True, help_text="Markdown.")
    call_for_papers = models.TextField(blank=True, help_text="Markdown.")
    is_listed = models.BooleanField(default=True, help_text="Shown on the front page.")

    # What a paper must look like.
    page_limit = models.PositiveSmallIntegerField(default=4)
    references_excluded = models.BooleanField(
        "references do not count",
        default=True,
        help_text="Pages from the references on do not count towards the limit.",
    )
    appendix_allowed = models.BooleanField(
        default=True,
        help_text="Pages after the references (an appendix) are allowed.",
    )
    camera_ready_page_limit = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Empty: the page limit plus one.",
    )
    max_upload_mb = models.PositiveSmallIntegerField("upload limit (MB)", default=10)
    blind_mode = models.CharField(max_length=10, choices=BlindMode, default=BlindMode.DOUBLE)
    anonymity_policy = models.CharField(
        max_length=10,
        choices=AnonymityPolicy,
        default=AnonymityPolicy.REFUSE,
        help_text="Under double-blind review: what to do with a PDF that names an author.",
    )
    reviewers_anonymous = models.BooleanField(
        "reviewers are anonymous to each other",
        default=True,
        help_text="A paper's reviewers see each other as “Reviewer N” in its reviews and "
        "discussion; untick to show their names to each other (never to the authors).",
    )

    # Deadlines, stored in UTC; entered and shown in the deadline zone (AoE by default).
    deadline_timezone = models.CharField(
        max_length=64,
        default=AOE,
        validators=[validate_timezone],
        help_text="Deadlines are entered and shown in this zone; Etc/GMT+12 is Anywhere on Earth.",
    )
    submissions_open_at = models.DateTimeField("submissions open", null=True, blank=True)
    submission_deadline = models.DateTimeField(null=True, blank=True)
    review_deadline = models.DateTimeField(null=True, blank=True)
    notification_at = models.DateTimeField("notification", null=True, blank=True)
    camera_ready_deadline = models.DateTimeField(null=True, blank=True)

    # Reviewing.
    reviews_per_paper = models.PositiveSmallIntegerField(default=3)
    reviewer_load = models.PositiveSmallIntegerField(
        "default reviewer load",
        default=6,
        help_text="Most papers one reviewer is given.",
    )
    bidding_open = models.BooleanField(
        default=False,
        help_text="Reviewers may bid on papers: between the two dates below when they are "
        "given, else as long as this is ticked.",
    )
    bidding_opens_at = models.DateTimeField("bidding opens", null=True, blank=True)
    bidding_closes_at = models.DateTimeField("bidding closes", null=True, blank=True)
    # Bid weights added to expertise affinity (0..1) by the automatic assignment.
    bid_weight_eager = models.FloatField(default=1.0)
    bid_weight_willing = models.FloatField(default=0.5)
    bid_weight_not_willing = models.FloatField(default=-1.0)
    decisions_released_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When decisions were sent to authors; accepted papers are public from then.",
    )

    # The program.
    program_expected_at = models.DateTimeField(
        "program expected",
        null=True,
        blank=True,
        help_text="When the program should be public; visitors are told until it is released.",
    )
    program_released_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When the first version of the program was released (set by the release).",
    )

    class Meta:
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="workshop_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(page_limit__gte=1), name="workshop_page_limit_positive"
            ),
            models.CheckConstraint(
                condition=Q(submissions_open_at__isnull=True)
                | Q(submission_deadline__isnull=True)
                | Q(submission_deadline__gt=models.F("submissions_open_at")),
                name="workshop_deadline_after_opening",
            ),
            models.CheckConstraint(
                condition=Q(reviews_per_paper__gte=1), name="workshop_reviews_per_paper_positive"
            ),
            models.CheckConstraint(
                condition=Q(bidding_opens_at__isnull=True)
                | Q(bidding_closes_at__isnull=True)
                | Q(bidding_closes_at__gt=models.F("bidding_opens_at")),
                name="workshop_bidding_closes_after_opening",
            ),
        ]

    def __str__(self):
        return self.name if not self.conference else f"{self.name} ({self.conference})"

    def get_absolute_url(self):
        return reverse("workshop:detail", kwargs={"slug": self.slug})

    @property
    def effective_camera_ready_page_limit(self) -> int:
        return self.camera_ready_page_limit or self.page_limit + 1

    def call_is_open(self, now: datetime) -> bool:
        if self.submission_deadline is None or now >= self.submission_deadline:
            return False
        return self.submissions_open_at is None or now >= self.submissions_open_at

    def papers_are_public(self, now: datetime) -> bool:
        """Accepted papers are listed once decisions have gone out and the notification
        date has passed (each paper only once its own decision was sent)."""
        released = self.decisions_released_at
        if released is None or released > now:
            return False
        return self.notification_at is None or self.notification_at <= now

    def bidding_is_open(self, now: datetime) -> bool:
        """Ticked by the organizers, and inside the bidding dates where they are set."""
        if not self.bidding_open:
            return False
        if self.bidding_opens_at is not None and now < self.bidding_opens_at:
            return False
        return self.bidding_closes_at is None or now < self.bidding_closes_at

    def siblings(self):
        if self.series_id is None:
            return Workshop.objects.none()
        return Workshop.objects.filter(series_id=self.series_id).exclude(pk=self.pk)


class Role(models.Model):
    """What one person is in one workshop; the same person may be organizer here and
    reviewer there."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="roles")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="workshop_roles"
    )
    kind = models.CharField(max_length=20, choices=RoleKind)
    position = models.PositiveSmallIntegerField(default=0, help_text="Display order.")
    is_public = models.BooleanField(default=True, help_text="Listed on the workshop page.")
    public_bio = models.TextField(blank=True, help_text="Empty: the person's profile bio.")

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["workshop", "user", "kind"], name="role_unique_per_kind"
            ),
        ]

    def __str__(self):
        return f"{self.user} — {self.get_kind_display()} of {self.workshop.slug}"

    @property
    def bio(self) -> str:
        return self.public_bio or self.user.bio


class Topic(models.Model):
    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="topics")
    name = models.CharField(max_length=100)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["workshop", "name"], name="topic_unique_per_workshop"),
        ]

    def __str__(self):
        return self.name


class RelatedLink(models.Model):
    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="links")
    title = models.CharField(max_length=300)
    url = URLField(max_length=500)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self):
        return self.title


class OutgoingEmail(models.Model):
    """Every email the system sends is first a row here; a Celery task delivers it."""

    workshop = models.ForeignKey(
        Workshop, null=True, blank=True, on_delete=models.SET_NULL, related_name="emails"
    )
    to = models.EmailField()
    subject = models.CharField(max_length=300)
    text_body = models.TextField()
    html_body = models.TextField(blank=True)
    template_key = models.CharField(max_length=100)
    idempotency_key = models.CharField(max_length=200, unique=True)
    state = models.CharField(max_length=10, choices=EmailState, default=EmailState.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    related_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.SET_NULL)
    related_id = models.CharField(max_length=64, blank=True)
    related = GenericForeignKey("related_type", "related_id")

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "outgoing email"
        indexes = [models.Index(fields=["state", "updated_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(state=EmailState.SENT, sent_at__isnull=False)
                | ~Q(state=EmailState.SENT),
                name="email_sent_has_time",
            ),
        ]

    def __str__(self):
        return f"{self.subject} → {self.to}"


class AuditEntry(models.Model):
    """Who changed what, and when: one row per change organizers must be able to trace
    (decisions, assignments, deadline extensions, routings, releases), written by the
    service that makes the change, in its transaction (workshop.audit.record)."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="audit_entries")
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # As the actor was named then: the entry keeps saying who, even if the account goes.
    actor_name = models.CharField("by", max_length=400)
    action = models.CharField(max_length=30, choices=AuditAction)
    subject = models.CharField(max_length=300)
    change = models.TextField(blank=True)
    related_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.SET_NULL)
    related_id = models.CharField(max_length=64, blank=True)
    related = GenericForeignKey("related_type", "related_id")

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = "audit entry"
        verbose_name_plural = "audit trail"
        indexes = [models.Index(fields=["workshop", "-at"])]

    def __str__(self):
        return f"{self.get_action_display()}: {self.subject}"
