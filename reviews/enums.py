from django.db import models

from submissions.enums import DECIDED, SubmissionStatus

from . import conflict_detection as detection

# Papers that get reviewers: submitted ones, and decided ones (which keep theirs).
REVIEWABLE = (SubmissionStatus.SUBMITTED, *DECIDED)
# Papers reviewers may bid on: submitted and not yet decided.
BIDDABLE = (SubmissionStatus.SUBMITTED,)


class InvitationState(models.TextChoices):
    PENDING = "pending", "Invited, no answer yet"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    REVOKED = "revoked", "Revoked"


class BidPreference(models.TextChoices):
    EAGER = "eager", "Eager"
    WILLING = "willing", "Willing"
    NEUTRAL = "neutral", "Neutral"
    NOT_WILLING = "not_willing", "Not willing"
    CONFLICT = "conflict", "Conflict"


class ConflictSource(models.TextChoices):
    # The first five are found by the pure detector, which names them.
    SAME_PERSON = detection.SAME_PERSON, "Reviewer is an author"
    EMAIL_DOMAIN = detection.EMAIL_DOMAIN, "Same email domain"
    AFFILIATION = detection.AFFILIATION, "Same affiliation"
    COAUTHOR = detection.COAUTHOR, "Co-author in this workshop"
    AUTHOR_DECLARED = detection.AUTHOR_DECLARED, "Named by the authors"
    AUTHOR_PICKED = "author_picked", "Picked from the pool by the authors"
    REVIEWER_DECLARED = "reviewer_declared", "Declared by the reviewer"
    ORGANIZER = "organizer", "Set by an organizer"


# Sources found by comparing data; an organizer confirms or dismisses them.
DETECTED_SOURCES = (
    ConflictSource.SAME_PERSON,
    ConflictSource.EMAIL_DOMAIN,
    ConflictSource.AFFILIATION,
    ConflictSource.COAUTHOR,
    ConflictSource.AUTHOR_DECLARED,
)


class ConflictStatus(models.TextChoices):
    DETECTED = "detected", "Detected (counts until dismissed)"
    CONFIRMED = "confirmed", "Confirmed"
    DISMISSED = "dismissed", "Dismissed"


# A conflict keeps a reviewer away unless an organizer dismissed it.
EFFECTIVE_CONFLICT = (ConflictStatus.DETECTED, ConflictStatus.CONFIRMED)


class AssignmentState(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    CONFIRMED = "confirmed", "Confirmed"


class AssignmentOrigin(models.TextChoices):
    AUTOMATIC = "automatic", "Automatic"
    MANUAL = "manual", "Manual"


class ReviewState(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"


class JobKind(models.TextChoices):
    AFFINITY = "affinity", "Compute expertise affinity"
    ASSIGNMENT = "assignment", "Assign reviewers automatically"


class AssignmentObjective(models.TextChoices):
    """What the automatic assignment optimises (the values of reviews.matching.OBJECTIVES)."""

    TOTAL = "total", "Best total"
    FAIR = "fair", "Fairest to the worst-served paper"


class JobState(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    INFEASIBLE = "infeasible", "No assignment possible"
    FAILED = "failed", "Failed"


FINISHED_JOB_STATES = (JobState.DONE, JobState.INFEASIBLE, JobState.FAILED)


class AffinityMethod(models.TextChoices):
    TFIDF = "tfidf", "TF-IDF (words and word pairs)"
    EMBEDDING = "embedding", "Sentence embeddings (needs the optional extra)"


DEFAULT_SCORE_LABELS = [
    "Strong reject",
    "Weak reject",
    "Borderline",
    "Weak accept",
    "Strong accept",
]
DEFAULT_CONFIDENCE_LABELS = [
    "Low: an educated guess",
    "Medium: I know the area",
    "High: I am an expert on the topic",
]
