"""Reviewing reacts to events of other apps without those apps knowing about it."""

import logging

from allauth.account.signals import email_confirmed, user_signed_up
from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from submissions.models import Submission

from .services.conflicts import refresh_for_submission
from .services.pool import grant_accepted_invitations
from .tasks import refresh_paper_conflicts

logger = logging.getLogger(__name__)


@receiver(post_save, sender=Submission, dispatch_uid="reviews.refresh_conflicts")
def refresh_conflicts_of_saved_paper(sender, instance, raw=False, **kwargs):
    """A paper changed (authors, declared conflicts, status, workshop): detect its conflicts
    again once the change is committed. The submissions services save the paper in every
    verb, after which its authors are in place. A task on the compute queue does it: it
    reads the workshop's pool and co-authors, which an author's upload at the deadline
    should not wait for. If the broker cannot be reached, it is done here and now."""
    if raw:
        return
    submission_id = instance.pk
    transaction.on_commit(lambda: _refresh_later(submission_id))


def _refresh_later(submission_id: int) -> None:
    try:
        refresh_paper_conflicts.delay(submission_id)
    except Exception:
        logger.warning("Task queue unreachable; refreshing conflicts now.", exc_info=True)
        refresh_for_submission(submission_id)


@receiver(user_signed_up, dispatch_uid="reviews.grant_on_signup")
def join_pools_on_signup(request, user, **kwargs):
    """Someone accepted an invitation without an account and has now signed up with the
    invited address (verified by the invitation link itself)."""
    grant_accepted_invitations(user=user)


@receiver(email_confirmed, dispatch_uid="reviews.grant_on_confirmation")
def join_pools_on_confirmation(request, email_address, **kwargs):
    grant_accepted_invitations(user=email_address.user)
