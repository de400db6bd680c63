"""A reviewer's own pages: the workshops they review for, their papers in one workshop,
their expertise profile; and the invitation link from the email."""

from collections import defaultdict
from urllib.parse import urlencode

from allauth.account.adapter import get_adapter
from allauth.account.models import EmailAddress
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import prefetch_related_objects
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from people.models import User

from ..enums import InvitationState
from ..forms import ProfileForm
from ..queries import bid_counts, my_assignments, reviewing_workshops, reviews_to_write
from ..services import pool as pool_services
from ..services.bids import bidding_status
from ..services.expertise import match_reasons
from ..services.reviewing import review_due
from .common import workshop_for_reviewer


@login_required
def home(request):
    """A reviewer's tasks in every workshop they review for: bids to place, reviews to
    write with their due dates, late ones marked; a closed step says why and since when."""
    now = timezone.now()
    workshops = list(reviewing_workshops(request.user))
    pending = defaultdict(list)
    for assignment in reviews_to_write(request.user):
        pending[assignment.submission.workshop_id].append(assignment)
    for workshop in workshops:
        workshop.bidding = bidding_status(workshop, now)
        workshop.bid = workshop.biddable - workshop.unbid
        workshop.due = review_due(workshop, now)
        workshop.late = workshop.review_deadline is not None and now >= workshop.review_deadline
        workshop.to_write = pending[workshop.pk]
    return render(request, "reviews/home.html", {"workshops": workshops})


@login_required
def workshop_home(request, slug: str):
    workshop = workshop_for_reviewer(request, slug)
    now = timezone.now()
    assignments = list(my_assignments(request.user, workshop))
    papers = [a.submission for a in assignments]
    prefetch_related_objects(papers, "topics")
    reasons = match_reasons(request.user, workshop, papers)
    for assignment in assignments:
        assignment.why = reasons.get(assignment.submission_id)
    bidding = bidding_status(workshop, now)
    return render(
        request,
        "reviews/workshop.html",
        {
            "workshop": workshop,
            "assignments": assignments,
            "done": sum(
                1 for a in assignments if getattr(a, "review", None) and a.review.is_submitted
            ),
            "bidding": bidding,
            "bids": bid_counts(request.user, workshop) if bidding.is_open else None,
            "due": review_due(workshop, now),
            "late": workshop.review_deadline is not None and now >= workshop.review_deadline,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def profile(request, slug: str):
    workshop = workshop_for_reviewer(request, slug)
    profile = pool_services.profile_for(workshop=workshop, user=request.user)
    initial = {
        "keywords": ", ".join(profile.keywords),
        "topics": list(profile.topics.all()),
        "recent_papers": profile.recent_papers,
        "max_load": profile.max_load,
    }
    form = ProfileForm(
        request.POST if request.method == "POST" else None, workshop=workshop, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            pool_services.update_profile(
                profile=profile,
                by=request.user,
                keywords=form.keyword_list(),
                topics=form.cleaned_data["topics"],
                recent_papers=form.cleaned_data["recent_papers"],
                max_load=form.cleaned_data["max_load"],
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, "Your reviewer profile is saved.")
            return redirect("reviews:profile", slug=slug)
    return render(
        request,
        "reviews/profile.html",
        {"workshop": workshop, "form": form, "profile": profile},
        status=400 if request.method == "POST" else 200,
    )


def _account_exists(email: str) -> bool:
    return (
        User.objects.filter(email__iexact=email).exists()
        or EmailAddress.objects.filter(email__iexact=email).exists()
    )


@require_http_methods(["GET", "POST"])
def invitation(request, token: str):
    """The link in the invitation email. GET only shows the question (mail scanners open
    links); the answer is a POST. Without an account the accepted invitation leads to
    sign-up with the address filled in and already verified by the link."""
    try:
        invite = pool_services.invitation_from_token(token)
    except ValidationError as exc:
        expired = "expired" in exc.messages[0]
        return render(
            request,
            "reviews/invitation.html",
            {"error": exc.messages[0]},
            status=410 if expired else 404,
        )
    here = reverse("reviews:invitation", kwargs={"token": token})
    profile_url = reverse("reviews:profile", kwargs={"slug": invite.workshop.slug})
    user = request.user
    context = {
        "invitation": invite,
        "workshop": invite.workshop,
        "answer": request.GET.get("answer", ""),
        "has_account": not user.is_authenticated and _account_exists(invite.email),
    }
    if request.method == "POST":
        answer = request.POST.get("answer")
        try:
            if answer == "decline":
                pool_services.decline_invitation(invitation=invite)
                messages.info(request, f"You declined to review for {invite.workshop.name}.")
                return redirect(here)
            if answer != "accept":
                raise ValidationError("Choose to accept or to decline.")
            if user.is_authenticated:
                pool_services.accept_invitation(invitation=invite, user=user)
                messages.success(
                    request,
                    f"Welcome to the reviewers of {invite.workshop.name}. "
                    "Tell us what you know so that papers can be matched to you.",
                )
                return redirect(profile_url)
            if context["has_account"]:
                messages.info(request, f"Log in as {invite.email} to accept the invitation.")
                return redirect(f"{reverse('account_login')}?{urlencode({'next': here})}")
            pool_services.accept_invitation(invitation=invite, user=None)
            # The link reached this address, so allauth may take it as verified.
            get_adapter(request).stash_verified_email(request, invite.email)
            messages.info(request, "Create your account to finish joining the reviewers.")
            query = urlencode({"email": invite.email, "next": profile_url})
            return redirect(f"{reverse('account_signup')}?{query}")
        except ValidationError as exc:
            context["error"] = exc.messages[0]
            return render(request, "reviews/invitation.html", context, status=400)
        except PermissionDenied as exc:
            context["error"] = str(exc)
            return render(request, "reviews/invitation.html", context, status=403)
    context["accepted"] = invite.state == InvitationState.ACCEPTED
    return render(request, "reviews/invitation.html", context)
