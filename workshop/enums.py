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
