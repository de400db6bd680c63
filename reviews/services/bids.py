"""A reviewer's bids: how much they want to review each paper."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from people.models import User
from submissions.models import Submission
from workshop.models import Workshop

from ..enums import BidPreference
from ..models import Bid
from ..rules import bidding_is_open
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


def closed_sentence(workshop: Workshop) -> str:
    return f"Bidding for {workshop.name} is closed."


def ensure_bidding_open(*, workshop: Workshop) -> None:
    """The papers to bid on are listed only while bidding is open: the rule the bidding page
    and the API share (whether the reader reviews in the workshop they check first)."""
    if not bidding_is_open(None, workshop):
        raise PermissionDenied(closed_sentence(workshop))


def place_bid(*, submission: Submission, reviewer: User, preference: str) -> Bid:
    """Set the reviewer's bid on a paper. A "conflict" bid also records a conflict, after
    which the paper is hidden from the reviewer for good."""
    if preference not in BidPreference.values:
        choices = ", ".join(label.lower() for label in BidPreference.labels)
        raise ValidationError({"preference": [f"“{preference}” is not a bid; choose {choices}."]})
    workshop = submission.workshop
    require(
        reviewer,
        "reviews.bid_on_paper",
        submission,
        closed_sentence(workshop) if not workshop.bidding_open else "You cannot bid on this paper.",
    )
    with transaction.atomic():
        bid, _ = Bid.objects.update_or_create(
            submission=submission, reviewer=reviewer, defaults={"preference": preference}
        )
        if preference == BidPreference.CONFLICT:
            declare_by_reviewer(submission=submission, reviewer=reviewer)
    return bid
