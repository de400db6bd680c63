from django.db import models


class SubmissionStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    ACCEPTED_ORAL = "accepted_oral", "Accepted as a contributed talk"
    ACCEPTED_SPOTLIGHT = "accepted_spotlight", "Accepted as a spotlight"
    ACCEPTED_POSTER = "accepted_poster", "Accepted as a poster"
    REJECTED = "rejected", "Rejected"
    WITHDRAWN = "withdrawn", "Withdrawn"


ACCEPTED = (
    SubmissionStatus.ACCEPTED_ORAL,
    SubmissionStatus.ACCEPTED_SPOTLIGHT,
    SubmissionStatus.ACCEPTED_POSTER,
)
# Still open to the authors' changes (until the deadline) and to a decision.
UNDECIDED = (SubmissionStatus.DRAFT, SubmissionStatus.SUBMITTED)
DECIDED = (*ACCEPTED, SubmissionStatus.REJECTED)
# The statuses a decision may set (the reviews app's decide service uses them).
DECISIONS = DECIDED


class VersionKind(models.TextChoices):
    SUBMISSION = "submission", "Submission"
    CAMERA_READY = "camera_ready", "Camera-ready"
