"""The program of a workshop: rooms, schedule items with their speakers and papers, poster
boards, and the numbered releases the public reads.

Times are stored in UTC; the admin enters and shows them in the workshop's venue zone.
Organizers edit a draft (the live rows); a release freezes the draft into a JSON snapshot,
and everything public (page, API, iCal, frab) is read from the latest snapshot.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from people.validators import validate_visible_name
from submissions.models import Submission
from workshop.models import Workshop

from .enums import ItemKind


class Program(Workshop):
    """The organizer's workbench in the admin: a workshop seen as its program."""

    class Meta:
        proxy = True
        verbose_name = "program"
        verbose_name_plural = "programs"


class Room(models.Model):
    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="rooms")
    name = models.CharField(max_length=100)
    position = models.PositiveSmallIntegerField(default=0, help_text="Display order.")

    class Meta:
        ordering = ["workshop", "position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["workshop", "name"], name="room_unique_per_workshop"),
        ]

    def __str__(self):
        return self.name


class ScheduleItem(models.Model):
    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="schedule_items")
    kind = models.CharField(max_length=20, choices=ItemKind)
    title = models.CharField(max_length=300, blank=True, help_text="Empty: the kind's name.")
    description = models.TextField(blank=True, help_text="Markdown.")
    start_at = models.DateTimeField("starts")
    end_at = models.DateTimeField("ends")
    # RESTRICT: a room in use cannot be deleted, unless its workshop (and so the items) go too.
    room = models.ForeignKey(
        Room, null=True, blank=True, on_delete=models.RESTRICT, related_name="items"
    )
    papers = models.ManyToManyField(
        Submission, through="ItemPaper", related_name="schedule_items", blank=True
    )
    # Stable identity across releases: frab's event guid; the iCal UID uses the id.
    guid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # iCalendar SEQUENCE: raised by a release when the item's time or room changed.
    sequence = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["workshop", "start_at", "end_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_at__gt=F("start_at")), name="schedule_item_ends_after_start"
            ),
        ]
        indexes = [models.Index(fields=["workshop", "start_at"])]

    def __str__(self):
        return self.display_title

    @property
    def display_title(self) -> str:
        return self.title or self.get_kind_display()


class Speaker(models.Model):
    """Someone who speaks in an item: a user, or a name and affiliation for an invited
    speaker without an account."""

    item = models.ForeignKey(ScheduleItem, on_delete=models.CASCADE, related_name="speakers")
    position = models.PositiveSmallIntegerField(default=0)
    # A deleted account leaves the draft; released versions keep their frozen copy.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="schedule_speakers",
    )
    name = models.CharField(
        max_length=200,
        blank=True,
        validators=[validate_visible_name],
        help_text="Empty: the user's name.",
    )
    affiliation = models.CharField(
        max_length=200,
        blank=True,
        validators=[validate_visible_name],
        help_text="Empty: the user's affiliation.",
    )
    email = models.EmailField(
        blank=True,
        help_text="For a speaker without an account: where to tell them that their item moved.",
    )
    bio = models.TextField(
        blank=True, max_length=2000, help_text="Empty: the user's bio (shown on the speaker page)."
    )

    class Meta:
        ordering = ["item", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(user__isnull=False) | ~Q(name=""), name="speaker_has_user_or_name"
            ),
            models.UniqueConstraint(fields=["item", "user"], name="speaker_user_once_per_item"),
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.name or (str(self.user) if self.user_id else "")

    @property
    def display_affiliation(self) -> str:
        if self.affiliation:
            return self.affiliation
        return self.user.affiliation if self.user_id else ""

    @property
    def display_bio(self) -> str:
        if self.bio:
            return self.bio
        return self.user.bio if self.user_id else ""

    @property
    def contact_email(self) -> str:
        return self.user.email if self.user_id else self.email


class ItemPaper(models.Model):
    """An accepted paper presented in a contributed talk or a spotlight block."""

    item = models.ForeignKey(ScheduleItem, on_delete=models.CASCADE, related_name="item_papers")
    submission = models.ForeignKey(Submission, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["item", "position", "id"]
        verbose_name = "paper presented"
        verbose_name_plural = "papers presented"
        constraints = [
            models.UniqueConstraint(fields=["item", "submission"], name="item_paper_once"),
        ]

    def __str__(self):
        return str(self.submission)


class PosterBoard(models.Model):
    """A numbered board in a poster session; numbers are integers so that board 10 comes
    after board 9."""

    item = models.ForeignKey(ScheduleItem, on_delete=models.CASCADE, related_name="boards")
    submission = models.ForeignKey(Submission, on_delete=models.PROTECT, related_name="boards")
    number = models.PositiveIntegerField()

    class Meta:
        ordering = ["item", "number"]
        constraints = [
            models.UniqueConstraint(fields=["item", "number"], name="poster_board_number_unique"),
            models.UniqueConstraint(
                fields=["item", "submission"], name="poster_board_paper_once_per_session"
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="poster_board_number_positive"),
        ]

    def __str__(self):
        return f"Board {self.number}: {self.submission.title}"


class ScheduleRelease(models.Model):
    """A released version of a workshop's program, frozen: the public reads only these."""

    workshop = models.ForeignKey(
        Workshop, on_delete=models.CASCADE, related_name="schedule_releases"
    )
    number = models.PositiveIntegerField()
    released_at = models.DateTimeField()
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    comment = models.TextField(blank=True, help_text="Shown with the version's changes.")
    # {"added": [...], "moved": [...], "cancelled": [...]}, each entry a small dict.
    changelog = models.JSONField(default=dict)
    # Everything the public page, the API and the exports show (see schedule/snapshot.py).
    snapshot = models.JSONField()

    class Meta:
        ordering = ["workshop", "-number"]
        get_latest_by = "number"
        constraints = [
            models.UniqueConstraint(
                fields=["workshop", "number"], name="schedule_release_number_unique"
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1), name="schedule_release_number_positive"
            ),
        ]

    def __str__(self):
        return f"{self.workshop.slug} version {self.number}"
