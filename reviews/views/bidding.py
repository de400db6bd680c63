"""The bidding list: every paper a reviewer may bid on, best expertise first, searchable,
filtered by topic and paginated in the database. Bids save through the JSON API from
static/js/bids.js; without JavaScript each row is a plain form posted here."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from workshop import refusals

from ..enums import BidPreference
from ..forms import BidForm
from ..queries import bid_counts, bidding_papers, hides_authors
from ..services.bids import bidding_status, place_bid
from .common import paper_for, workshop_for_reviewer

PER_PAGE = 25
ORDERS = {"fit": "best fit first", "number": "paper number"}


@dataclass(frozen=True)
class Filters:
    """What the reviewer asked the list for; kept across pages and a bid's redirect."""

    search: str = ""
    unbid: bool = False
    topic: int | None = None
    order: str = "fit"
    page: str = ""

    @classmethod
    def of(cls, query, topics: set[int]) -> "Filters":
        topic = query.get("topic", "")
        topic_id = int(topic) if topic.isdigit() and int(topic) in topics else None
        order = query.get("order", "fit")
        return cls(
            search=" ".join(query.get("q", "")[:200].split()),
            unbid=query.get("unbid") == "1",
            topic=topic_id,
            order=order if order in ORDERS else "fit",
            page=query.get("page", "")[:6],
        )

    def kept(self, *, page: bool = True) -> list[tuple[str, str]]:
        pairs = [
            ("q", self.search),
            ("unbid", "1" if self.unbid else ""),
            ("topic", str(self.topic or "")),
            ("order", "" if self.order == "fit" else self.order),
            ("page", self.page if page else ""),
        ]
        return [(k, v) for k, v in pairs if v]

    def query(self, *, page: bool = True) -> str:
        return urlencode(self.kept(page=page))


@login_required
@require_http_methods(["GET", "POST"])
def bids(request, slug: str):
    workshop = workshop_for_reviewer(request, slug)
    if request.method == "POST":
        return _save_bid(request, workshop)
    status = bidding_status(workshop)
    context = {
        "workshop": workshop,
        "status": status,
        "show_authors": not hides_authors(workshop),
        "preferences": BidPreference.choices,
    }
    if status.is_open:
        topics = list(workshop.topics.all())
        filters = Filters.of(request.GET, {t.pk for t in topics})
        papers = bidding_papers(
            request.user,
            workshop,
            search=filters.search,
            unbid_only=filters.unbid,
            topic=filters.topic,
            order=filters.order,
        )
        page = Paginator(papers, PER_PAGE).get_page(filters.page or 1)
        context |= {
            "page": page,
            "page_links": list(
                page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
            ),
            "filters": filters,
            "kept": Filters(**{**filters.__dict__, "page": str(page.number)}).kept(),
            "list_query": filters.query(page=False),
            "counts": bid_counts(request.user, workshop),
            "topics": topics,
            "orders": ORDERS.items(),
        }
    return render(request, "reviews/bids.html", context)


def _save_bid(request, workshop):
    form = BidForm(request.POST)
    back = reverse("reviews:bids", kwargs={"slug": workshop.slug})
    topics = set(workshop.topics.values_list("pk", flat=True))
    query = Filters.of(request.POST, topics).query()
    if query:
        back += "?" + query
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
