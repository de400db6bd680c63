from django.db import models

# Anywhere on Earth: the latest time zone on the planet, UTC−12. The IANA name's sign is
# inverted by POSIX convention ("Etc/GMT+12" is twelve hours *behind* UTC).
AOE = "Etc/GMT+12"


class BlindMode(models.TextChoices):
    DOUBLE = "double", "Double-blind (reviewers do not see authors, authors do not see reviewers)"
    SINGLE = "single", "Single-blind (reviewers see authors)"
    OPEN = "open", "Open (everyone sees names)"


class AnonymityPolicy(models.TextChoices):
    REFUSE = "refuse", "Refuse a PDF that names an author"
    WARN = "warn", "Accept it, but warn the authors"


class RoleKind(models.TextChoices):
    ORGANIZER = "organizer", "Organizer"
    REVIEWER = "reviewer", "Reviewer"


class EmailState(models.TextChoices):
    QUEUED = "queued", "Queued"
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"


class AuditAction(models.TextChoices):
    DECISION = "decision", "Decision changed"
    DECISIONS_SENT = "decisions_sent", "Decisions sent to the authors"
    ASSIGNMENT_ADDED = "assignment_added", "Reviewer assigned by hand"
    ASSIGNMENT_REMOVED = "assignment_removed", "Reviewer taken off a paper"
    ASSIGNMENT_CONFIRMED = "assignment_confirmed", "Assignment confirmed"
    REVIEWER_REMOVED = "reviewer_removed", "Reviewer removed from the pool"
    DEADLINE_EXTENDED = "deadline_extended", "Deadline extended"
    ROUTED = "routed", "Paper routed"
    PROGRAM_RELEASED = "program_released", "Program released"
