"""The reviewer pool: invitations by email, accepting or declining, and profiles."""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from people.models import User
from workshop import audit
from workshop.enums import AuditAction, RoleKind
from workshop.mail import queue_templated_email
from workshop.models import Role, Topic, Workshop

from ..enums import InvitationState, ReviewState
from ..models import Assignment, Review, ReviewerInvitation, ReviewerProfile
from .common import require, require_organizer
from .conflicts import refresh_conflicts

INVITATION_VALID_FOR = timedelta(days=30)
_SALT = "reviews.invitation"
MAX_LOAD_LIMIT = 50


@dataclass(frozen=True)
class Invitee:
    email: str
    name: str = ""


_ANGLE = re.compile(r"^(?P<name>.*?)\s*<(?P<email>[^<>\s]+)>\s*$")


def parse_invitees(text: str) -> tuple[list[Invitee], list[str]]:
    """One person per line: "Ada Lovelace <ada@uni.edu>", "ada@uni.edu, Ada Lovelace",
    "Ada Lovelace, ada@uni.edu" or a bare address. Returns the people and a sentence for
    each line that has no valid address."""
    invitees, errors, seen = [], [], set()
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        email, name = "", ""
        if match := _ANGLE.match(line):
            email, name = match["email"], match["name"].strip(" ,;\"'")
        else:
            parts = [p.strip(" \"'") for p in re.split(r"[,;\t]", line) if p.strip()]
            emails = [p for p in parts if "@" in p and " " not in p]
            if len(emails) == 1:
                email = emails[0]
                name = " ".join(p for p in parts if p != email)
            elif len(parts) == 1 and " " in line:
                words = line.split()
                at = [w for w in words if "@" in w]
                if len(at) == 1:
                    email = at[0].strip("<>")
                    name = " ".join(w for w in words if w != at[0])
        email = email.strip().lower()
        try:
            validate_email(email)
        except ValidationError:
            errors.append(f"Line {number}: “{line}” has no valid email address.")
            continue
        if email not in seen:
            seen.add(email)
            invitees.append(Invitee(email=email, name=" ".join(name.split())))
    return invitees, errors


@dataclass(frozen=True)
class InviteResult:
    invited: list[str]
    already_in_pool: list[str]
    already_accepted: list[str]


def invitation_token(invitation: ReviewerInvitation) -> str:
    return signing.dumps({"i": invitation.pk}, salt=_SALT, compress=True)


def invitation_from_token(token: str) -> ReviewerInvitation:
    try:
        data = signing.loads(token, salt=_SALT, max_age=INVITATION_VALID_FOR)
    except signing.SignatureExpired:
        raise ValidationError(
            "This invitation link has expired; ask the organizers to send it again."
        ) from None
    except signing.BadSignature:
        raise ValidationError("This invitation link is not valid.") from None
    invitation = (
        ReviewerInvitation.objects.select_related("workshop").filter(pk=data.get("i")).first()
    )
    if invitation is None:
        raise ValidationError("This invitation no longer exists.")
    return invitation


def _send(invitation: ReviewerInvitation, inviter: User) -> None:
    invitation.times_sent += 1
    invitation.last_sent_at = timezone.now()
    invitation.save(update_fields=["times_sent", "last_sent_at"])
    url = settings.SITE_URL + reverse(
        "reviews:invitation", kwargs={"token": invitation_token(invitation)}
    )
    queue_templated_email(
        template_key="review_invitation",
        to=invitation.email,
        workshop=invitation.workshop,
        related=invitation,
        idempotency_key=f"review-invitation:{invitation.pk}:{invitation.times_sent}",
        context={
            "invitation": invitation,
            "inviter": inviter,
            "accept_url": f"{url}?answer=accept",
            "decline_url": f"{url}?answer=decline",
            "valid_until": timezone.now() + INVITATION_VALID_FOR,
        },
    )


def invite_reviewers(*, workshop: Workshop, by: User, invitees: Sequence[Invitee]) -> InviteResult:
    """Invite people to the pool by email. People already in the pool are skipped; a
    pending, declined or revoked invitation is sent again."""
    require_organizer(by, workshop)
    if not invitees:
        raise ValidationError({"people": ["Paste at least one email address."]})
    emails = [i.email for i in invitees]
    in_pool = set(
        Role.objects.filter(
            workshop=workshop, kind=RoleKind.REVIEWER, user__email__in=emails
        ).values_list("user__email", flat=True)
    )
    invited, accepted = [], []
    with transaction.atomic():
        for invitee in invitees:
            if invitee.email in in_pool:
                continue
            invitation, created = ReviewerInvitation.objects.get_or_create(
                workshop=workshop,
                email=invitee.email,
                defaults={"name": invitee.name, "invited_by": by},
            )
            if not created and invitation.state == InvitationState.ACCEPTED:
                accepted.append(invitee.email)
                continue
            if not created:
                invitation.state = InvitationState.PENDING
                invitation.name = invitee.name or invitation.name
                invitation.save(update_fields=["state", "name"])
            _send(invitation, by)
            invited.append(invitee.email)
    return InviteResult(invited, sorted(in_pool), accepted)


def resend_invitations(*, invitations: Iterable[ReviewerInvitation], by: User) -> int:
    count = 0
    with transaction.atomic():
        for invitation in invitations:
            require_organizer(by, invitation.workshop)
            if invitation.state in (InvitationState.PENDING, InvitationState.DECLINED):
                _send(invitation, by)
                count += 1
    return count


def revoke_invitations(*, invitations: Iterable[ReviewerInvitation], by: User) -> int:
    count = 0
    with transaction.atomic():
        for invitation in invitations:
            require_organizer(by, invitation.workshop)
            if invitation.state == InvitationState.PENDING:
                invitation.state = InvitationState.REVOKED
                invitation.save(update_fields=["state"])
                count += 1
    return count


def _check_answerable(invitation: ReviewerInvitation, user: User | None) -> None:
    if invitation.state == InvitationState.REVOKED:
        raise ValidationError("The organizers withdrew this invitation.")
    if (
        invitation.state == InvitationState.ACCEPTED
        and invitation.user_id
        and (user is None or invitation.user_id != user.pk)
    ):
        raise ValidationError("This invitation was already accepted by another account.")


def accept_invitation(*, invitation: ReviewerInvitation, user: User | None) -> Role | None:
    """Accept with an account: the reviewer role and a profile for the workshop. Accepting
    without an account (the link itself proves the address) records the acceptance; the role
    follows when an account verifies that address (see `grant_accepted_invitations`)."""
    _check_answerable(invitation, user)
    with transaction.atomic():
        invitation.state = InvitationState.ACCEPTED
        invitation.responded_at = timezone.now()
        invitation.user = user if user is not None and user.is_authenticated else None
        invitation.save(update_fields=["state", "responded_at", "user"])
        if invitation.user is None:
            return None
        return _join_pool(invitation.workshop, invitation.user)


def _join_pool(workshop: Workshop, user: User) -> Role:
    role, _ = Role.objects.get_or_create(
        workshop=workshop, user=user, kind=RoleKind.REVIEWER, defaults={"is_public": False}
    )
    ReviewerProfile.objects.get_or_create(workshop=workshop, user=user)
    transaction.on_commit(lambda: refresh_conflicts(workshop=workshop, reviewer_ids=[user.pk]))
    return role


def decline_invitation(*, invitation: ReviewerInvitation) -> None:
    _check_answerable(invitation, None)
    if invitation.state == InvitationState.ACCEPTED:
        raise ValidationError(
            "You already accepted this invitation; ask the organizers to take you off the pool."
        )
    invitation.state = InvitationState.DECLINED
    invitation.responded_at = timezone.now()
    invitation.save(update_fields=["state", "responded_at"])


def grant_accepted_invitations(*, user: User) -> int:
    """An account verified an address whose invitation was accepted before the account
    existed: it joins those pools now."""
    # Verified addresses only: an address typed at sign-up proves nothing by itself.
    emails = {
        e.lower()
        for e in EmailAddress.objects.filter(user=user, verified=True).values_list(
            "email", flat=True
        )
    }
    waiting = ReviewerInvitation.objects.filter(
        email__in=emails, state=InvitationState.ACCEPTED, user__isnull=True
    ).select_related("workshop")
    count = 0
    with transaction.atomic():
        for invitation in waiting:
            invitation.user = user
            invitation.save(update_fields=["user"])
            _join_pool(invitation.workshop, user)
            count += 1
    return count


def split_keywords(text: str) -> list[str]:
    seen, result = set(), []
    for keyword in re.split(r"[,;\n]", text or ""):
        keyword = " ".join(keyword.split())
        if keyword and keyword.lower() not in seen:
            seen.add(keyword.lower())
            result.append(keyword)
    return result[:40]


def update_profile(
    *,
    profile: ReviewerProfile,
    by: User,
    keywords: Sequence[str],
    topics: Iterable[Topic],
    recent_papers: str,
    max_load: int | None,
) -> ReviewerProfile:
    """A reviewer (or an organizer of the workshop) edits the reviewer's expertise."""
    require(
        by,
        "reviews.edit_profile",
        profile,
        "Only the reviewer and the organizers can change this profile.",
    )
    topics = list(topics)
    if any(t.workshop_id != profile.workshop_id for t in topics):
        raise ValidationError({"topics": ["Pick topics of this workshop."]})
    if max_load is not None and not 0 <= max_load <= MAX_LOAD_LIMIT:
        raise ValidationError(
            {"max_load": [f"The most papers you can take must be between 0 and {MAX_LOAD_LIMIT}."]}
        )
    with transaction.atomic():
        profile.keywords = [" ".join(k.split()) for k in keywords if k.strip()][:40]
        profile.recent_papers = recent_papers.strip()
        profile.max_load = max_load
        profile.save()
        profile.topics.set(topics)
    return profile


def profile_for(*, workshop: Workshop, user: User) -> ReviewerProfile:
    """The reviewer's profile in a workshop, created on first use (pool members only)."""
    if not Role.objects.filter(workshop=workshop, user=user, kind=RoleKind.REVIEWER).exists():
        raise PermissionDenied(f"You are not a reviewer of {workshop.name}.")
    profile, _ = ReviewerProfile.objects.get_or_create(workshop=workshop, user=user)
    return profile


@dataclass(frozen=True)
class PoolRemoval:
    short: tuple[int, ...]  # numbers of the papers that lost a reviewer without a review
    kept: int  # submitted reviews, which stay


def remove_from_pool(*, workshop: Workshop, reviewer: User, by: User) -> PoolRemoval:
    """A reviewer drops out: they leave the pool, their unreviewed papers are freed for
    someone else (draft reviews go), and every submitted review stays."""
    require_organizer(by, workshop)
    roles = Role.objects.filter(workshop=workshop, user=reviewer, kind=RoleKind.REVIEWER)
    with transaction.atomic():
        if not roles.exists():
            raise ValidationError(f"{reviewer} is not in the reviewer pool of {workshop.name}.")
        short, kept = [], 0
        assignments = Assignment.objects.filter(
            submission__workshop=workshop, reviewer=reviewer
        ).select_related("submission")
        for assignment in assignments:
            review = Review.objects.filter(assignment=assignment).first()
            if review is not None and review.state == ReviewState.SUBMITTED:
                kept += 1
                continue
            if review is not None:
                review.delete()
            short.append(assignment.submission.number)
            assignment.delete()
        roles.delete()
        freed = ", ".join(f"#{n}" for n in sorted(short)) or "none"
        audit.record(
            workshop=workshop,
            by=by,
            action=AuditAction.REVIEWER_REMOVED,
            subject=audit.actor_name(reviewer),
            change=f"unreviewed papers freed: {freed}; submitted reviews kept: {kept}",
        )
    return PoolRemoval(short=tuple(sorted(short)), kept=kept)
