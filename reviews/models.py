"""The reviewing of a workshop's papers: the pool, bids, conflicts, affinity, assignments,
reviews and decision mails. The verbs live in reviews/services/; models keep integrity."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from submissions.enums import DECISIONS, SubmissionStatus
from submissions.models import Submission
from workshop.models import Topic, Workshop

from .enums import (
    DEFAULT_CONFIDENCE_LABELS,
    DEFAULT_SCORE_LABELS,
    EFFECTIVE_CONFLICT,
    AffinityMethod,
    AssignmentOrigin,
    AssignmentState,
    BidPreference,
    ConflictSource,
    ConflictStatus,
    InvitationState,
    JobKind,
    JobState,
    ReviewState,
)


def default_score_labels():
    return list(DEFAULT_SCORE_LABELS)


def default_confidence_labels():
    return list(DEFAULT_CONFIDENCE_LABELS)


class ReviewSettings(models.Model):
    """How one workshop reviews: the score scale and the affinity method."""

    workshop = models.OneToOneField(
        Workshop, on_delete=models.CASCADE, related_name="review_settings"
    )
    score_labels = models.JSONField(
        default=default_score_labels,
        help_text="One label per overall score, lowest first: five labels give scores 1–5.",
    )
    confidence_labels = models.JSONField(
        default=default_confidence_labels,
        help_text="One label per confidence level, lowest first (three levels).",
    )
    affinity_method = models.CharField(
        max_length=20, choices=AffinityMethod, default=AffinityMethod.TFIDF
    )

    class Meta:
        verbose_name = "review settings"
        verbose_name_plural = "review settings"

    def __str__(self):
        return f"Review settings of {self.workshop}"

    @property
    def max_score(self) -> int:
        return len(self.score_labels)

    def score_choices(self) -> list[tuple[int, str]]:
        return [(i, f"{i}: {label}") for i, label in enumerate(self.score_labels, start=1)]

    def confidence_choices(self) -> list[tuple[int, str]]:
        return [(i, f"{i}: {label}") for i, label in enumerate(self.confidence_labels, start=1)]


class ReviewerInvitation(models.Model):
    """An organizer asked someone by email to join the workshop's reviewer pool."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(help_text="Stored lower-cased.")
    name = models.CharField(max_length=200, blank=True)
    state = models.CharField(
        max_length=10, choices=InvitationState, default=InvitationState.PENDING
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    invited_at = models.DateTimeField(auto_now_add=True)
    times_sent = models.PositiveSmallIntegerField(default=0)
    last_sent_at = models.DateTimeField(null=True, blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reviewer_invitations",
        help_text="The account that accepted (set once it exists).",
    )

    class Meta:
        ordering = ["workshop", "email"]
        constraints = [
            models.UniqueConstraint(fields=["workshop", "email"], name="invitation_unique_email"),
        ]

    def __str__(self):
        return f"{self.email} → {self.workshop.slug} ({self.get_state_display()})"


class ReviewerProfile(models.Model):
    """A reviewer's expertise for one workshop, the text affinity is computed from."""

    workshop = models.ForeignKey(
        Workshop, on_delete=models.CASCADE, related_name="reviewer_profiles"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reviewer_profiles"
    )
    keywords = models.JSONField(default=list, blank=True)
    topics = models.ManyToManyField(Topic, blank=True, related_name="+")
    recent_papers = models.TextField(
        blank=True,
        help_text="Titles and abstracts of your recent papers: one paper per paragraph, "
        "the title on its first line.",
    )
    max_load = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Most papers for this reviewer; empty: the workshop's."
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["workshop", "user"]
        constraints = [
            models.UniqueConstraint(fields=["workshop", "user"], name="reviewer_profile_unique"),
        ]

    def __str__(self):
        return f"{self.user} in {self.workshop.slug}"

    @property
    def load(self) -> int:
        return self.max_load if self.max_load is not None else self.workshop.reviewer_load


class Bid(models.Model):
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="bids")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="bids"
    )
    preference = models.CharField(
        max_length=20, choices=BidPreference, default=BidPreference.NEUTRAL
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["submission", "reviewer"]
        constraints = [
            models.UniqueConstraint(fields=["submission", "reviewer"], name="bid_unique"),
        ]

    def __str__(self):
        return f"{self.reviewer} on #{self.submission.number}: {self.get_preference_display()}"


class ConflictQuerySet(models.QuerySet):
    def effective(self):
        return self.filter(status__in=EFFECTIVE_CONFLICT)


class Conflict(models.Model):
    """A reason why a reviewer must not review a paper, and where it came from."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="conflicts")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_conflicts"
    )
    source = models.CharField(max_length=20, choices=ConflictSource)
    status = models.CharField(
        max_length=10, choices=ConflictStatus, default=ConflictStatus.DETECTED
    )
    reason = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = ConflictQuerySet.as_manager()

    class Meta:
        ordering = ["submission", "reviewer", "source"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "reviewer", "source"], name="conflict_unique_source"
            ),
        ]
        indexes = [models.Index(fields=["reviewer", "status"])]

    def __str__(self):
        return f"{self.reviewer} ✕ #{self.submission.number} ({self.get_source_display()})"


class InstitutionAlias(models.Model):
    """Mail domains and affiliation names that belong to one institution (google.com and
    deepmind.com are both Alphabet): editable data used by conflict detection."""

    alias = models.CharField(
        max_length=200,
        unique=True,
        help_text="A mail domain (deepmind.com) or an affiliation (DeepMind), any case.",
    )
    institution = models.CharField(max_length=200, help_text="The institution it belongs to.")

    class Meta:
        ordering = ["institution", "alias"]
        verbose_name_plural = "institution aliases"

    def __str__(self):
        return f"{self.alias} → {self.institution}"


class Affinity(models.Model):
    """How much a reviewer's expertise fits a paper, 0 (nothing) to 1."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="affinities")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="affinities"
    )
    score = models.FloatField()

    class Meta:
        verbose_name_plural = "affinities"
        constraints = [
            models.UniqueConstraint(fields=["submission", "reviewer"], name="affinity_unique"),
        ]
        indexes = [models.Index(fields=["reviewer", "submission"])]

    def __str__(self):
        return f"{self.reviewer} for #{self.submission.number}: {self.score:.2f}"


class ReviewJob(models.Model):
    """A long computation (affinity, automatic assignment) run by Celery; its progress and
    outcome are stored here so the admin can show them."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="review_jobs")
    kind = models.CharField(max_length=20, choices=JobKind)
    state = models.CharField(max_length=12, choices=JobState, default=JobState.QUEUED)
    progress = models.FloatField(default=0.0)
    message = models.CharField(max_length=300, blank=True)
    result = models.JSONField(default=dict, blank=True)
    # What the organizer chose when starting it (the assignment's objective and threshold).
    options = models.JSONField(default=dict, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        get_latest_by = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__gte=0) & Q(progress__lte=1), name="job_progress_fraction"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} for {self.workshop.slug}: {self.get_state_display()}"


class Assignment(models.Model):
    """A reviewer is to review a paper: proposed (by the solver or an organizer) until an
    organizer confirms it; a confirmed one has the reviewer's number on the paper."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="assignments")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="review_assignments"
    )
    state = models.CharField(
        max_length=10, choices=AssignmentState, default=AssignmentState.PROPOSED
    )
    origin = models.CharField(max_length=10, choices=AssignmentOrigin)
    reason = models.CharField(max_length=300, blank=True)
    number = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="“Reviewer N” on this paper; set when confirmed."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["submission", "number", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "reviewer"], name="assignment_unique_reviewer"
            ),
            models.UniqueConstraint(
                fields=["submission", "number"],
                condition=Q(number__isnull=False),
                name="assignment_unique_number",
            ),
            models.CheckConstraint(
                condition=Q(state=AssignmentState.CONFIRMED, number__isnull=False)
                | Q(state=AssignmentState.PROPOSED, number__isnull=True),
                name="assignment_confirmed_has_number",
            ),
        ]
        indexes = [models.Index(fields=["reviewer", "state"])]

    def __str__(self):
        return f"{self.reviewer} reviews #{self.submission.number} ({self.get_state_display()})"

    @property
    def label(self) -> str:
        return f"Reviewer {self.number}" if self.number else "Proposed reviewer"


class Review(models.Model):
    assignment = models.OneToOneField(Assignment, on_delete=models.PROTECT, related_name="review")
    score = models.PositiveSmallIntegerField("overall score", null=True, blank=True)
    confidence = models.PositiveSmallIntegerField(null=True, blank=True)
    summary = models.TextField(blank=True)
    strengths = models.TextField(blank=True)
    weaknesses = models.TextField(blank=True)
    comments_to_authors = models.TextField(blank=True)
    confidential_comments = models.TextField("confidential comments to the organizers", blank=True)
    state = models.CharField(max_length=10, choices=ReviewState, default=ReviewState.DRAFT)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["assignment__submission", "assignment__number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state=ReviewState.DRAFT)
                | Q(score__isnull=False, confidence__isnull=False, submitted_at__isnull=False),
                name="review_submitted_is_complete",
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | (Q(score__gte=1) & Q(score__lte=10)),
                name="review_score_range",
            ),
            models.CheckConstraint(
                condition=Q(confidence__isnull=True)
                | (Q(confidence__gte=1) & Q(confidence__lte=3)),
                name="review_confidence_range",
            ),
        ]

    def __str__(self):
        return f"{self.assignment.label} on #{self.assignment.submission.number}"

    @property
    def is_submitted(self) -> bool:
        return self.state == ReviewState.SUBMITTED


class DecisionTemplate(models.Model):
    """The mail authors get for one outcome; Django template syntax, see the help text."""

    workshop = models.ForeignKey(
        Workshop, on_delete=models.CASCADE, related_name="decision_templates"
    )
    outcome = models.CharField(max_length=20, choices=[(d.value, d.label) for d in DECISIONS])
    subject = models.CharField(max_length=300)
    body = models.TextField(
        help_text="Placeholders: {{ author }}, {{ title }}, {{ number }}, {{ workshop }}, "
        "{{ outcome }}, {{ paper_url }}, {{ reviews }} (the comments to authors), "
        "{{ meta_review }} (the organizers' meta-review, empty if none)."
    )

    class Meta:
        ordering = ["workshop", "outcome"]
        constraints = [
            models.UniqueConstraint(
                fields=["workshop", "outcome"], name="decision_template_unique"
            ),
        ]

    def __str__(self):
        return f"{self.get_outcome_display()} — {self.workshop.slug}"


class DecisionNotice(models.Model):
    """Authors were told a decision; from then on they see the comments to authors."""

    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="decision_notices"
    )
    decision = models.CharField(max_length=20, choices=SubmissionStatus)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField()

    class Meta:
        ordering = ["submission", "sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "decision"], name="decision_notice_unique"
            ),
        ]

    def __str__(self):
        return f"#{self.submission.number}: {self.get_decision_display()} sent"


class ReviewingOverview(Workshop):
    """The admin's entry to a workshop's reviewing (assignment, decisions, invitations):
    a proxy of Workshop so that organizers find it under "Reviewing"."""

    class Meta:
        proxy = True
        verbose_name = "reviewing desk"
        verbose_name_plural = "reviewing desks"


class DiscussionComment(models.Model):
    """One message in a paper's discussion between its reviewers and the organizers.
    Authors never read it; reviewers read it once their own review is submitted."""

    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="discussion_comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="discussion_comments"
    )
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["submission", "created_at", "id"]
        indexes = [models.Index(fields=["submission", "created_at"])]
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="discussion_comment_not_empty"),
        ]

    def __str__(self):
        return f"Comment on #{self.submission.number} by {self.author}"


class DiscussionDigest(models.Model):
    """Up to which comment a participant was mailed about in one workshop: the next digest
    lists only later comments, so nothing is mailed twice."""

    workshop = models.ForeignKey(
        Workshop, on_delete=models.CASCADE, related_name="discussion_digests"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="discussion_digests"
    )
    last_comment_id = models.PositiveBigIntegerField(default=0)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["workshop", "user"], name="discussion_digest_unique"),
        ]

    def __str__(self):
        return f"Discussion digest of {self.user} in {self.workshop.slug}"


class MetaReview(models.Model):
    """The organizers' summary of a paper's reviews and discussion: sent to the authors
    with the decision and shown with the released reviews."""

    submission = models.OneToOneField(
        Submission, on_delete=models.CASCADE, related_name="meta_review"
    )
    text = models.TextField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="meta_review_not_empty"),
        ]

    def __str__(self):
        return f"Meta-review of #{self.submission.number}"
