"""Who may do what in reviewing, as django-rules predicates. Views, the API, the admin and
the services all ask these same permissions.

A conflicted reviewer is treated as a stranger to the paper: every paper-level permission
below fails for them, so pages and the API answer 404 and the paper is never listed."""

import rules
from django.db.models import Q
from django.utils import timezone

from submissions.models import Submission
from submissions.rules import is_author, is_submission_organizer, is_undecided
from workshop.enums import BlindMode, RoleKind
from workshop.models import Workshop
from workshop.rules import is_organizer, is_reviewer

from .enums import BIDDABLE, AssignmentState, ReviewState
from .models import Assignment, Conflict


def is_conflicted_with(user, submission: Submission) -> bool:
    """An effective conflict, or the reviewer is an author (even before detection ran)."""
    if not user.is_authenticated:
        return False
    if Conflict.objects.effective().filter(reviewer=user, submission=submission).exists():
        return True
    return submission.authors.filter(Q(user=user) | Q(email__iexact=user.email)).exists()


@rules.predicate
def is_conflicted(user, submission: Submission) -> bool:
    return submission is not None and is_conflicted_with(user, submission)


def _own_assignments(user, submission: Submission):
    """The user's assignments on the paper while they are in its workshop's pool: a reviewer
    who left the pool keeps their submitted reviews on record, but reads and writes no more."""
    return Assignment.objects.filter(
        submission=submission,
        reviewer=user,
        submission__workshop__roles__user=user,
        submission__workshop__roles__kind=RoleKind.REVIEWER,
    )


@rules.predicate
def is_assigned_reviewer(user, submission: Submission) -> bool:
    if not user.is_authenticated or submission is None:
        return False
    return _own_assignments(user, submission).filter(state=AssignmentState.CONFIRMED).exists()


@rules.predicate
def is_open_for_bidding(user, submission: Submission) -> bool:
    """The paper is in bidding and the user is in the pool (conflicts checked apart)."""
    if submission is None or submission.status not in BIDDABLE:
        return False
    workshop = submission.workshop
    return workshop.bidding_is_open(timezone.now()) and is_reviewer(user, workshop)


@rules.predicate
def has_submitted_own_review(user, submission: Submission) -> bool:
    if not user.is_authenticated or submission is None:
        return False
    return _own_assignments(user, submission).filter(review__state=ReviewState.SUBMITTED).exists()


@rules.predicate
def bidding_is_open(user, workshop: Workshop) -> bool:
    return workshop is not None and workshop.bidding_is_open(timezone.now())


@rules.predicate
def is_double_blind(user, submission: Submission) -> bool:
    return submission is not None and submission.workshop.blind_mode == BlindMode.DOUBLE


@rules.predicate
def is_own_profile(user, profile) -> bool:
    return profile is not None and user.is_authenticated and profile.user_id == user.pk


@rules.predicate
def organizes_profile_workshop(user, profile) -> bool:
    return profile is not None and is_organizer(user, profile.workshop)


not_conflicted = ~is_conflicted

# Paper-level permissions (the object is a Submission).
rules.add_perm(
    "reviews.read_paper",
    is_submission_organizer | ((is_assigned_reviewer | is_open_for_bidding) & not_conflicted),
)
rules.add_perm("reviews.bid_on_paper", is_open_for_bidding & not_conflicted)
rules.add_perm("reviews.write_review", is_assigned_reviewer & not_conflicted)
# What is shown (own review only until it is submitted) is decided by the reviews queries.
# An organizer who wrote the paper (or is otherwise conflicted) is a stranger to its reviews.
can_read_reviews = (is_submission_organizer | is_assigned_reviewer) & not_conflicted
rules.add_perm("reviews.read_reviews", can_read_reviews)
rules.add_perm(
    "reviews.read_others_reviews",
    (is_submission_organizer | has_submitted_own_review) & not_conflicted,
)
rules.add_perm("reviews.read_released_reviews", is_author)
# A paper's discussion: its organizers and, once their own review is in, its reviewers
# (out of the pool, conflicted or the paper's authors: never). What a reader who may not
# join yet is told is for the view to say (reviews/services/discussion.py refusal()).
can_discuss = (
    is_submission_organizer | (is_assigned_reviewer & has_submitted_own_review)
) & not_conflicted
rules.add_perm("reviews.discuss_paper", can_discuss)
# The list of a paper's reviews: what each reader finds in it is decided by the queries.
rules.add_perm("reviews.list_reviews", can_read_reviews | is_author)
# Under double-blind review only the organizers see who wrote a paper.
rules.add_perm("reviews.see_authors", is_submission_organizer | ~is_double_blind)
rules.add_perm("reviews.pick_conflicts", is_author & is_undecided)
rules.add_perm("reviews.decide_paper", is_submission_organizer & not_conflicted)

# Workshop-level permissions (the object is a Workshop).
rules.add_perm("reviews.review_in", is_reviewer)
rules.add_perm("reviews.bid_in", is_reviewer & bidding_is_open)
rules.add_perm("reviews.manage_reviewing", is_organizer)

# A reviewer's expertise profile (the object is a ReviewerProfile).
rules.add_perm("reviews.edit_profile", is_own_profile | organizes_profile_workshop)


def workshop_of(obj) -> Workshop | None:
    """The workshop a reviewing row belongs to, for the admin's row-level checks."""
    if obj is None:
        return None
    if isinstance(obj, Workshop):
        return obj
    for path in ("workshop", "submission", "assignment"):
        related = getattr(obj, path, None)
        if related is not None:
            return workshop_of(related)
    return None


@rules.predicate
def is_staff_organizer_of(user, obj=None) -> bool:
    """Admin access: to a model for any staff organizer, to a row for its workshop's."""
    if not user.is_staff:
        return False
    workshop = workshop_of(obj)
    # With no workshop this asks "some workshop", remembered per request by workshop.rules.
    return is_organizer(user, workshop)


@rules.predicate
def is_any_staff_organizer(user, obj=None) -> bool:
    return user.is_staff and is_organizer(user, None)


# The admin shows the app to any staff organizer; rows are filtered per workshop.
rules.add_perm("reviews", is_any_staff_organizer)
for _model in (
    "reviewerinvitation",
    "reviewerprofile",
    "bid",
    "conflict",
    "affinity",
    "reviewjob",
    "assignment",
    "review",
    "decisiontemplate",
    "decisionnotice",
    "reviewsettings",
    "reviewingoverview",
):
    for _action in ("view", "add", "change", "delete"):
        rules.add_perm(f"reviews.{_action}_{_model}", is_staff_organizer_of)
# Institution aliases are shared facts about institutions, kept by any staff organizer.
for _action in ("view", "add", "change", "delete"):
    rules.add_perm(f"reviews.{_action}_institutionalias", is_any_staff_organizer)
