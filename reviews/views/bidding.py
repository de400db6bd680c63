"""The bidding list: every paper a reviewer may bid on, best expertise first. Bids save
through the JSON API from static/js/bids.js; without JavaScript each row is a plain form
posted here."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from workshop import refusals

from ..enums import BidPreference
from ..forms import BidForm
from ..queries import bidding_papers, hides_authors
from ..services.bids import ensure_bidding_open, place_bid
from .common import paper_for, workshop_for_reviewer


@login_required
@require_http_methods(["GET", "POST"])
def bids(request, slug: str):
    workshop = workshop_for_reviewer(request, slug)
    if request.method == "POST":
        return _save_bid(request, workshop)
    search = request.GET.get("q", "")[:200]
    unbid = request.GET.get("unbid") == "1"
    try:
        ensure_bidding_open(workshop=workshop)
    except PermissionDenied:
        closed, papers = True, []
    else:
        closed = False
        papers = list(bidding_papers(request.user, workshop, search=search, unbid_only=unbid))
    return render(
        request,
        "reviews/bids.html",
        {
            "workshop": workshop,
            "closed": closed,
            "papers": papers,
            "search": search,
            "unbid": unbid,
            "show_authors": not hides_authors(workshop),
            "preferences": BidPreference.choices,
        },
    )


def _save_bid(request, workshop):
    form = BidForm(request.POST)
    back = reverse("reviews:bids", kwargs={"slug": workshop.slug})
    kept = {k: request.POST[k] for k in ("q", "unbid") if request.POST.get(k)}
    if kept:
        back += "?" + urlencode(kept)
    if not form.is_valid():
        messages.error(request, "Choose one of the five bids for the paper.")
        return redirect(back)
    submission = paper_for(request, workshop.slug, form.cleaned_data["submission"])
    preference = form.cleaned_data["preference"]
    try:
        place_bid(submission=submission, reviewer=request.user, preference=preference)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, refusals.text(exc))
        return redirect(back)
    if preference == BidPreference.CONFLICT:
        messages.success(
            request,
            f"You declared a conflict with paper #{submission.number}; it is hidden from you now.",
        )
        return redirect(back)
    messages.success(
        request,
        f"Your bid on paper #{submission.number} is saved: "
        f"{BidPreference(preference).label.lower()}.",
    )
    return redirect(f"{back}#paper-{submission.pk}")
