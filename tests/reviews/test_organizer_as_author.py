"""Organizers submit papers too. On their own paper an organizer is an author, not a chair:
no reviews, no scores, no decision (HotCRP's rule for conflicted chairs)."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from reviews.enums import ReviewState
from reviews.models import Review
from reviews.services.decisions import decide, paper_scores
from workshop.enums import RoleKind

from ..factories import RoleFactory, UserFactory
from .conftest import confirm, create_paper

pytestmark = pytest.mark.django_db

SECRET = "The proof in section 3 does not hold."


@pytest.fixture
def own_paper(workshop, organizer, reviewer):
    row = (organizer.name, organizer.email, organizer.affiliation)
    paper = create_paper(workshop, organizer, title="The chair's own paper", authors=[row])
    Review.objects.create(
        assignment=confirm(paper, reviewer, 1),
        score=2,
        confidence=3,
        summary="s",
        weaknesses=SECRET,
        confidential_comments="Reject.",
        state=ReviewState.SUBMITTED,
        submitted_at=timezone.now(),
    )
    return paper


@pytest.fixture
def co_organizer(workshop):
    user = UserFactory(email="cora@mlsys.example.org", name="Cora Chair", is_staff=True)
    RoleFactory(workshop=workshop, user=user, kind=RoleKind.ORGANIZER)
    return user


def test_the_author_organizer_sees_no_reviews_of_their_paper(client, organizer, own_paper):
    assert not organizer.has_perm("reviews.read_reviews", own_paper)
    assert not organizer.has_perm("reviews.decide_paper", own_paper)
    client.force_login(organizer)
    page = client.get(reverse("reviews:paper", args=[own_paper.workshop.slug, own_paper.pk]))
    assert SECRET not in page.content.decode()


def test_the_dashboard_hides_their_scores_and_the_decision(client, workshop, organizer, own_paper):
    row = next(r for r in paper_scores(workshop, viewer=organizer) if r.submission == own_paper)
    assert row.hidden and row.scores == []
    client.force_login(organizer)
    html = client.get(reverse("admin:reviews_desk_decisions", args=[workshop.pk])).content
    assert b"Your own paper" in html
    with pytest.raises(PermissionDenied):
        decide(submission=own_paper, outcome="rejected", by=organizer)


def test_another_organizer_reviews_and_decides_it(workshop, co_organizer, own_paper):
    assert co_organizer.has_perm("reviews.read_reviews", own_paper)
    row = next(r for r in paper_scores(workshop, viewer=co_organizer) if r.submission == own_paper)
    assert row.scores == [2] and not row.hidden
    decide(submission=own_paper, outcome="rejected", by=co_organizer)
    own_paper.refresh_from_db()
    assert own_paper.status == "rejected"
