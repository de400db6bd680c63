"""The reviewing API (mounted under /api/v1/ by workshop/api_router.py): bidding, a
reviewer's papers, reviews. Thin views: input serializers parse, services decide, output
serializers show only what the reader may see (no authors under double-blind)."""

from django.shortcuts import get_object_or_404
from django.urls import path
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from submissions.models import Submission
from workshop.models import Workshop

from .enums import BidPreference
from .queries import bidding_papers, hides_authors, my_assignments, visible_reviews
from .services.bids import ensure_bidding_open, place_bid
from .services.common import require, settings_for
from .services.reviewing import ReviewData, save_review

# --- Output ---------------------------------------------------------------------------------


class AuthorOut(serializers.Serializer):
    name = serializers.CharField()
    affiliation = serializers.CharField()


class PaperOut(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    number = serializers.IntegerField()
    title = serializers.CharField()
    abstract = serializers.CharField()
    keywords = serializers.ListField(child=serializers.CharField())
    topics = serializers.SerializerMethodField()
    authors = serializers.SerializerMethodField()

    def get_topics(self, paper) -> list[str]:
        return [t.name for t in paper.topics.all()]

    def get_authors(self, paper) -> list[dict] | None:
        """None (hidden) under double-blind review."""
        if not self.context.get("show_authors"):
            return None
        return AuthorOut(paper.authors.all(), many=True).data


class BiddingPaperOut(PaperOut):
    affinity = serializers.FloatField()
    bid = serializers.CharField(source="my_bid", allow_null=True)


class BiddingPageOut(serializers.Serializer):
    count = serializers.IntegerField(help_text="Papers in the whole list.")
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = BiddingPaperOut(many=True)


class BiddingPages(PageNumberPagination):
    """Pages of the bidding list: 15,000 papers in one answer would be 10 MB."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


class AssignedPaperOut(serializers.Serializer):
    id = serializers.IntegerField(source="submission.pk")
    number = serializers.IntegerField(source="submission.number")
    title = serializers.CharField(source="submission.title")
    reviewer_label = serializers.CharField(source="label")
    review_state = serializers.SerializerMethodField()

    def get_review_state(self, assignment) -> str:
        review = getattr(assignment, "review", None)
        return review.state if review is not None else "not started"


class ReviewOut(serializers.Serializer):
    label = serializers.CharField()
    is_own = serializers.BooleanField()
    state = serializers.CharField()
    score = serializers.IntegerField(allow_null=True)
    score_label = serializers.CharField(allow_null=True)
    confidence = serializers.IntegerField(allow_null=True)
    summary = serializers.CharField(allow_null=True)
    strengths = serializers.CharField(allow_null=True)
    weaknesses = serializers.CharField(allow_null=True)
    comments_to_authors = serializers.CharField(allow_null=True)
    confidential_comments = serializers.CharField(allow_null=True)
    reviewer_name = serializers.CharField(allow_null=True)
    submitted_at = serializers.DateTimeField(allow_null=True)


# --- Input ----------------------------------------------------------------------------------


class BidIn(serializers.Serializer):
    preference = serializers.ChoiceField(choices=BidPreference.choices)


class BidOut(serializers.Serializer):
    submission = serializers.IntegerField()
    preference = serializers.ChoiceField(choices=BidPreference.choices)
    hidden = serializers.BooleanField(help_text="A conflict bid: the paper is hidden from now on.")


class ReviewSavedOut(serializers.Serializer):
    state = serializers.CharField()
    submitted_at = serializers.DateTimeField(allow_null=True)


class ReviewIn(serializers.Serializer):
    score = serializers.IntegerField(required=False, allow_null=True)
    confidence = serializers.IntegerField(required=False, allow_null=True)
    summary = serializers.CharField(required=False, allow_blank=True, default="")
    strengths = serializers.CharField(required=False, allow_blank=True, default="")
    weaknesses = serializers.CharField(required=False, allow_blank=True, default="")
    comments_to_authors = serializers.CharField(required=False, allow_blank=True, default="")
    confidential_comments = serializers.CharField(required=False, allow_blank=True, default="")
    submit = serializers.BooleanField(required=False, default=False)


# --- Views ----------------------------------------------------------------------------------


def _workshop(request, slug: str) -> Workshop:
    workshop = get_object_or_404(Workshop, slug=slug)
    require(
        request.user, "reviews.review_in", workshop, f"You are not a reviewer of {workshop.name}."
    )
    return workshop


class _PaperView(APIView):
    login_required = True
    object_permissions = {"GET": "reviews.read_paper"}

    def paper(self, request, slug: str, pk: int) -> Submission:
        submission = get_object_or_404(
            Submission.objects.select_related("workshop"), pk=pk, workshop__slug=slug
        )
        self.check_object_permissions(request, submission)
        return submission


NOT_A_REVIEWER = OpenApiResponse(description="The caller is not a reviewer of this workshop.")


class BiddingList(APIView):
    login_required = True

    @extend_schema(
        responses={
            200: BiddingPageOut,
            403: OpenApiResponse(
                description="The caller is not a reviewer of this workshop, or bidding is closed."
            ),
        }
    )
    def get(self, request, slug: str):
        workshop = _workshop(request, slug)
        ensure_bidding_open(workshop=workshop)
        papers = bidding_papers(
            request.user,
            workshop,
            search=request.query_params.get("q", "")[:200],
            unbid_only=request.query_params.get("unbid") == "1",
        )
        context = {"show_authors": not hides_authors(workshop)}
        pages = BiddingPages()
        page = pages.paginate_queryset(papers, request, view=self)
        return pages.get_paginated_response(BiddingPaperOut(page, many=True, context=context).data)


class BidDetail(_PaperView):
    object_permissions = {"GET": "reviews.read_paper", "PUT": "reviews.read_paper"}

    @extend_schema(request=BidIn, responses=BidOut)
    def put(self, request, slug: str, pk: int):
        submission = self.paper(request, slug, pk)
        data = BidIn(data=request.data)
        data.is_valid(raise_exception=True)
        bid = place_bid(
            submission=submission,
            reviewer=request.user,
            preference=data.validated_data["preference"],
        )
        return Response(
            {
                "submission": submission.pk,
                "preference": bid.preference,
                "hidden": bid.preference == BidPreference.CONFLICT,
            }
        )


class AssignedPapers(APIView):
    login_required = True

    @extend_schema(responses={200: AssignedPaperOut(many=True), 403: NOT_A_REVIEWER})
    def get(self, request, slug: str):
        workshop = _workshop(request, slug)
        return Response(AssignedPaperOut(my_assignments(request.user, workshop), many=True).data)


class PaperDetail(_PaperView):
    @extend_schema(responses=PaperOut)
    def get(self, request, slug: str, pk: int):
        submission = self.paper(request, slug, pk)
        show = request.user.has_perm("reviews.see_authors", submission)
        return Response(PaperOut(submission, context={"show_authors": show}).data)


class ReviewList(_PaperView):
    """Reviews of a paper: for its organizers, its assigned reviewers (the others' once
    their own is submitted) and, after the decision was sent, its authors."""

    object_permissions = {"GET": "reviews.list_reviews"}

    @extend_schema(responses=ReviewOut(many=True))
    def get(self, request, slug: str, pk: int):
        submission = self.paper(request, slug, pk)
        review_settings = settings_for(submission.workshop)
        reviews = visible_reviews(
            request.user,
            submission,
            labels=(review_settings.score_labels, review_settings.confidence_labels),
        )
        return Response(ReviewOut(reviews, many=True).data)


class MyReview(_PaperView):
    object_permissions = {"GET": "reviews.write_review", "PUT": "reviews.write_review"}

    @extend_schema(request=ReviewIn, responses=ReviewSavedOut)
    def put(self, request, slug: str, pk: int):
        submission = self.paper(request, slug, pk)
        data = ReviewIn(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        submit = values.pop("submit")
        review = save_review(
            submission=submission, by=request.user, data=ReviewData(**values), submit=submit
        )
        return Response({"state": review.state, "submitted_at": review.submitted_at})


urlpatterns = [
    path("reviewing/<slug:slug>/bids/", BiddingList.as_view(), name="api-reviewing-bids"),
    path(
        "reviewing/<slug:slug>/bids/<int:pk>/",
        BidDetail.as_view(),
        name="api-reviewing-bid",
    ),
    path("reviewing/<slug:slug>/papers/", AssignedPapers.as_view(), name="api-reviewing-papers"),
    path(
        "reviewing/<slug:slug>/papers/<int:pk>/",
        PaperDetail.as_view(),
        name="api-reviewing-paper",
    ),
    path(
        "reviewing/<slug:slug>/papers/<int:pk>/reviews/",
        ReviewList.as_view(),
        name="api-reviewing-reviews",
    ),
    path(
        "reviewing/<slug:slug>/papers/<int:pk>/review/",
        MyReview.as_view(),
        name="api-reviewing-review",
    ),
]
