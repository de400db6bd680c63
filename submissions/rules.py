"""Who may see and change a paper. Authors are the listed authors whose verified email
matches their account; organizers are the workshop's. Reviewers see papers through the
reviews app, which adds its own predicates on top of these."""

import rules

from workshop.rules import is_organizer, is_staff_organizer

from .enums import DECIDED, UNDECIDED
from .models import Submission


@rules.predicate
def is_author(user, submission: Submission) -> bool:
    if not user.is_authenticated or submission is None:
        return False
    return submission.authors.filter(user=user).exists()


@rules.predicate
def is_submission_organizer(user, submission: Submission) -> bool:
    return submission is not None and is_organizer(user, submission.workshop)


@rules.predicate
def is_undecided(user, submission: Submission) -> bool:
    return submission.status in UNDECIDED


@rules.predicate
def is_decided(user, submission: Submission) -> bool:
    return submission.status in DECIDED


@rules.predicate
def authors_not_yet_told(user, submission: Submission) -> bool:
    """Undecided, or decided but the decision not yet released to the authors."""
    return submission.status in UNDECIDED or (
        submission.status in DECIDED and not submission.decision_released()
    )


can_view = is_author | is_submission_organizer

# The site's own permissions (the admin's view_/change_ ones are below).
rules.add_perm("submissions.read_paper", can_view)
# Deadlines are checked by the services, which say which deadline passed.
rules.add_perm("submissions.edit_paper", (is_author | is_submission_organizer) & is_undecided)
# Organizers withdraw too, e.g. when an author asks by mail. Until the decision reaches the
# authors they may still withdraw: refusing would tell them a decision exists.
rules.add_perm(
    "submissions.withdraw_paper", (is_author | is_submission_organizer) & authors_not_yet_told
)
rules.add_perm("submissions.upload_camera_ready", is_author & is_decided)
rules.add_perm("submissions.manage_paper", is_submission_organizer)


@rules.predicate
def is_staff_organizer_of(user, obj=None) -> bool:
    """Admin access: to the model for any staff organizer, to a row for its workshop's."""
    if not user.is_staff:
        return False
    workshop = getattr(obj, "workshop", None) or getattr(
        getattr(obj, "submission", None), "workshop", None
    )
    return is_organizer(user, workshop)


# The admin shows the app to any staff organizer; rows are filtered per workshop.
rules.add_perm("submissions", is_staff_organizer)
for _model in ("submission", "author", "paperversion", "deadlineextension", "routing"):
    for _action in ("view", "change"):
        rules.add_perm(f"submissions.{_action}_{_model}", is_staff_organizer_of)
