"""A reviewer's bids: how much they want to review each paper."""

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from people.models import User
from submissions.models import Submission
from workshop.models import Workshop
from workshop.zones import WHEN, TimedSentence

from ..enums import BidPreference
from ..models import Bid
from .common import require
from .conflicts import declare_by_reviewer


def bid_weights(workshop: Workshop) -> dict[str, float]:
    """What a bid adds to the affinity (0..1) in the automatic assignment; set per workshop.
    A conflict is not a weight: the pair is forbidden."""
    return {
        BidPreference.EAGER: workshop.bid_weight_eager,
        BidPreference.WILLING: workshop.bid_weight_willing,
        BidPreference.NEUTRAL: 0.0,
        BidPreference.NOT_WILLING: workshop.bid_weight_not_willing,
    }


@dataclass(frozen=True)
class BiddingStatus:
    """Whether reviewers may bid now, and the sentence that says so and since or until
    when: `state` is "open", "opens" (not yet), "closed" (since a date) or "off"."""

    state: str
    text: TimedSentence

    @property
    def is_open(self) -> bool:
        return self.state == "open"

    @property
    def sentence(self) -> str:
        return str(self.text)


def bidding_status(workshop: Workshop, now: datetime | None = None) -> BiddingStatus:
    """The one place that words bidding's state, for the pages, the API and the services;
    times in the deadline zone (AoE by default)."""
    now = now or timezone.now()
    name, opens, closes = workshop.name, workshop.bidding_opens_at, workshop.bidding_closes_at

    def status(state: str, pattern: str, at: datetime | None = None) -> BiddingStatus:
        return BiddingStatus(state, TimedSentence(pattern, at, workshop.deadline_timezone))

    if workshop.bidding_is_open(now):
        if closes is None:
            return status("open", f"Bidding for {name} is open.")
        return status("open", f"Bidding for {name} is open until {WHEN}.", closes)
    if closes is not None and now >= closes:
        return status("closed", f"Bidding for {name} closed on {WHEN}.", closes)
    if opens is not None and now < opens:
        if workshop.bidding_open:
            return status("opens", f"Bidding for {name} opens on {WHEN}.", opens)
        planned = f"Bidding for {name} is planned to open on {WHEN}; the organizers have not "
        return status("opens", planned + "opened it yet.", opens)
    return status("off", f"Bidding for {name} is not open: the organizers have not opened it.")


def ensure_bidding_open(*, workshop: Workshop) -> None:
    """The papers to bid on are listed only while bidding is open: the rule the bidding page
    and the API share (whether the reader reviews in the workshop they check first)."""
    status = bidding_status(workshop)
    if not status.is_open:
        raise PermissionDenied(status.sentence)


def place_bid(*, submission: Submission, reviewer: User, preference: str) -> Bid:
    """Set the reviewer's bid on a paper. A "conflict" bid also records a conflict, after
    which the paper is hidden from the reviewer for good."""
    if preference not in BidPreference.values:
        choices = ", ".join(label.lower() for label in BidPreference.labels)
        raise ValidationError({"preference": [f"“{preference}” is not a bid; choose {choices}."]})
    status = bidding_status(submission.workshop)
    require(
        reviewer,
        "reviews.bid_on_paper",
        submission,
        status.sentence if not status.is_open else "You cannot bid on this paper.",
    )
    with transaction.atomic():
        bid, _ = Bid.objects.update_or_create(
            submission=submission, reviewer=reviewer, defaults={"preference": preference}
        )
        if preference == BidPreference.CONFLICT:
            declare_by_reviewer(submission=submission, reviewer=reviewer)
    return bid
