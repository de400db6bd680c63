"""The organizer's downloads: every export streams its documented columns, opens cleanly in a
spreadsheet (BOM, formulas escaped), hides what the desk hides from an organizer who wrote a
paper or is in conflict with it, reads a constant number of queries, and is the workshop's
organizers' only."""

import csv
import io
import json
from datetime import UTC, datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from reviews.enums import ConflictSource, ConflictStatus, ReviewState
from reviews.exports import EXPORTS, FORMATS, spreadsheet_safe
from reviews.models import Bid, Conflict, Review
from workshop.enums import EmailState
from workshop.models import OutgoingEmail

from ..factories import AuthorFactory, SubmissionFactory, TopicFactory
from .conftest import confirm, pool_member

pytestmark = pytest.mark.django_db

TODAY = datetime(2026, 12, 3, 10, 0, tzinfo=UTC)


def url(workshop, name: str, fmt: str = "csv") -> str:
    return reverse(f"admin:reviews_desk_export_{name}_{fmt}", args=[workshop.pk])


def download(client, workshop, name: str, fmt: str = "csv"):
    response = client.get(url(workshop, name, fmt))
    assert response.status_code == 200, response
    body = b"".join(response.streaming_content).decode("utf-8")
    return response, body


def table(body: str) -> list[dict]:
    assert body.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(body[1:])))


def a_paper(workshop, number: int, *, title=None, author_user=None, author_name="Ada Author"):
    paper = SubmissionFactory(workshop=workshop, number=number, title=title or f"Paper {number}")
    AuthorFactory(
        submission=paper,
        position=0,
        user=author_user,
        name=author_user.name if author_user else author_name,
        email=author_user.email if author_user else f"ada{number}@uni.example.edu",
        affiliation="Uni",
    )
    return paper


def reviewed(paper, reviewer, *, score=4, summary="Solid.", number=1):
    return Review.objects.create(
        assignment=confirm(paper, reviewer, number),
        score=score,
        confidence=2,
        summary=summary,
        confidential_comments="Between us.",
        state=ReviewState.SUBMITTED,
        submitted_at=timezone.now(),
    )


def test_spreadsheet_safe_escapes_what_a_spreadsheet_would_run():
    for text in ("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"):
        assert spreadsheet_safe(text) == "'" + text
    assert spreadsheet_safe("Learned caches") == "Learned caches"
    assert spreadsheet_safe(-3) == -3  # a number is a number, not a formula
    assert spreadsheet_safe("") == ""


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize("name", list(EXPORTS))
def test_each_export_downloads_with_its_columns(client, workshop, organizer, name):
    client.force_login(organizer)
    response, body = download(client, workshop, name)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="ml-for-systems-{name}-2026-12-03.csv"'
    )
    header = next(csv.reader(io.StringIO(body[1:])))
    assert tuple(header) == EXPORTS[name].columns
    response, body = download(client, workshop, name, "json")
    assert response["Content-Type"] == "application/json"
    assert json.loads(body) == []


def test_submissions_carry_authors_topics_status_and_decision(
    client, workshop, organizer, reviewer
):
    topic = TopicFactory(workshop=workshop, name="Databases")
    paper = a_paper(workshop, 1, title="Zürich caches — ünïcode")
    AuthorFactory(submission=paper, position=1, name="Bo Second", email="bo@x.example.org")
    paper.topics.add(topic)
    paper.keywords = ["caching", "=cmd"]
    paper.status = "accepted_poster"
    paper.save()
    reviewed(paper, reviewer, score=3)
    reviewed(paper, pool_member(workshop, "sam@second.example.net", "Sam"), score=4, number=2)
    confirm(paper, pool_member(workshop, "una@free.example.net", "Una"), 3)  # no review yet
    a_paper(workshop, 2)
    client.force_login(organizer)
    rows = table(download(client, workshop, "submissions")[1])
    assert [r["number"] for r in rows] == ["1", "2"]
    first = rows[0]
    assert first["title"] == "Zürich caches — ünïcode"
    assert first["authors"] == "Ada Author; Bo Second"
    assert first["author_emails"] == "ada1@uni.example.edu; bo@x.example.org"
    assert first["topics"] == "Databases"
    assert first["keywords"] == "caching; =cmd"  # only a cell that *starts* with = is escaped
    assert (first["status"], first["decision"]) == ("Accepted as a poster", "Accepted as a poster")
    assert (first["reviewers_assigned"], first["reviews_submitted"]) == ("3", "2")
    assert (first["mean_score"], first["yours_or_conflicted"]) == ("3.5", "no")
    assert rows[1]["decision"] == "" and rows[1]["mean_score"] == ""
    data = json.loads(download(client, workshop, "submissions", "json")[1])
    assert data[0]["authors"] == ["Ada Author", "Bo Second"]
    assert data[0]["keywords"] == ["caching", "=cmd"]  # JSON is data, not a spreadsheet
    assert list(data[0]) == list(EXPORTS["submissions"].columns)


def test_formula_cells_are_escaped(client, workshop, organizer, reviewer):
    paper = a_paper(workshop, 1, title='=HYPERLINK("http://evil.example","x")', author_name="@me")
    reviewed(paper, reviewer, summary="+1 from me", score=2)
    Bid.objects.create(submission=paper, reviewer=reviewer, preference="eager")
    client.force_login(organizer)
    rows = table(download(client, workshop, "submissions")[1])
    assert rows[0]["title"] == '\'=HYPERLINK("http://evil.example","x")'
    assert rows[0]["authors"] == "'@me"
    review = table(download(client, workshop, "reviews")[1])[0]
    assert review["summary"] == "'+1 from me"
    assert review["title"].startswith("'=")
    assert (review["reviewer"], review["score"], review["score_label"]) == (
        "Rita Reviewer",
        "2",
        review["score_label"],
    )
    assert review["confidential_comments"] == "Between us."


@pytest.fixture
def own_and_conflicted(workshop, organizer, reviewer):
    """Paper 1 the organizer wrote, paper 2 they are in conflict with, paper 3 neither; each
    reviewed by Rita, bid on, with a conflict of Rita's."""
    own = a_paper(workshop, 1, author_user=organizer)
    conflicted = a_paper(workshop, 2)
    Conflict.objects.create(
        submission=conflicted,
        reviewer=organizer,
        source=ConflictSource.REVIEWER_DECLARED,
        status=ConflictStatus.CONFIRMED,
        reason="Co-author last year.",
    )
    free = a_paper(workshop, 3)
    other = pool_member(workshop, "sam@second.example.net", "Sam Second")
    for paper in (own, conflicted, free):
        reviewed(paper, reviewer, summary=f"Review of {paper.number}")
        Bid.objects.create(submission=paper, reviewer=other, preference="willing")
        Conflict.objects.create(
            submission=paper,
            reviewer=other,
            source=ConflictSource.EMAIL_DOMAIN,
            status=ConflictStatus.DETECTED,
            reason="Same institution.",
        )
    return own, conflicted, free


def test_an_organizer_sees_nothing_of_reviewing_on_their_own_or_conflicted_papers(
    client, workshop, organizer, own_and_conflicted
):
    client.force_login(organizer)
    for name in ("reviews", "assignments", "bids", "conflicts"):
        rows = table(download(client, workshop, name)[1])
        assert {r["paper"] for r in rows} == {"3"}, name
        body = download(client, workshop, name, "json")[1]
        assert {r["paper"] for r in json.loads(body)} == {3}, name
    papers = table(download(client, workshop, "submissions")[1])
    assert [(p["number"], p["yours_or_conflicted"], p["reviews_submitted"]) for p in papers] == [
        ("1", "yes", ""),
        ("2", "yes", ""),
        ("3", "no", "1"),
    ]


def test_a_co_organizer_sees_every_paper(client, workshop, own_and_conflicted):
    from workshop.enums import RoleKind

    from ..factories import RoleFactory, UserFactory

    co = UserFactory(email="cora@mlsys.example.org", name="Cora Chair", is_staff=True)
    RoleFactory(workshop=workshop, user=co, kind=RoleKind.ORGANIZER)
    client.force_login(co)
    rows = table(download(client, workshop, "reviews")[1])
    assert [r["summary"] for r in rows] == ["Review of 1", "Review of 2", "Review of 3"]
    conflicts = table(download(client, workshop, "conflicts")[1])
    assert len(conflicts) == 4  # the organizer's own declared conflict among them


def test_the_outbox_lists_the_workshops_mails(client, workshop, other_workshop, organizer):
    OutgoingEmail.objects.create(
        workshop=workshop,
        to="rita@reviewers.example.org",
        subject="-Reminder",
        text_body="secret body",
        template_key="reviews/reminder",
        idempotency_key="k1",
        state=EmailState.FAILED,
        attempts=3,
        last_error="550 mailbox unavailable",
    )
    OutgoingEmail.objects.create(
        workshop=other_workshop,
        to="x@y.org",
        subject="Other",
        template_key="t",
        idempotency_key="k2",
    )
    client.force_login(organizer)
    body = download(client, workshop, "outbox")[1]
    rows = table(body)
    assert [(r["to"], r["subject"], r["state"], r["attempts"]) for r in rows] == [
        ("rita@reviewers.example.org", "'-Reminder", "Failed", "3")
    ]
    assert rows[0]["last_error"] == "550 mailbox unavailable"
    assert "secret body" not in body


@pytest.mark.parametrize("fmt", FORMATS)
def test_only_the_workshops_organizers_download(
    client, workshop, other_organizer, reviewer, outsider, fmt
):
    for name in EXPORTS:
        client.force_login(other_organizer)
        assert client.get(url(workshop, name, fmt)).status_code == 404
        client.force_login(reviewer)  # not staff: the admin's login page
        response = client.get(url(workshop, name, fmt))
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
    client.logout()
    assert client.get(url(workshop, "reviews", fmt)).status_code == 302


def fill(workshop, reviewer, count: int) -> None:
    """`count` papers, each with two authors, a topic, a submitted review, a bid, a conflict
    and a mail: every export then has `count` (or 2×`count`) rows."""
    topic = TopicFactory(workshop=workshop)
    bidder = pool_member(workshop, "sam@second.example.net", "Sam Second")
    for number in range(1, count + 1):
        paper = a_paper(workshop, number)
        AuthorFactory(submission=paper, position=1)
        paper.topics.add(topic)
        reviewed(paper, reviewer)
        Bid.objects.create(submission=paper, reviewer=bidder, preference="eager")
        Conflict.objects.create(
            submission=paper,
            reviewer=bidder,
            source=ConflictSource.EMAIL_DOMAIN,
            status=ConflictStatus.DETECTED,
            reason="r",
        )
        OutgoingEmail.objects.create(
            workshop=workshop, to=f"a{number}@x.org", subject="s", template_key="t",
            idempotency_key=f"fill-{number}",
        )  # fmt: skip


# Session, user and the organizer check (4), then the export's own reads.
QUERIES = {
    "submissions": 4 + 3,  # papers with their counts, authors, topics
    "reviews": 4 + 2,  # review settings, reviews with paper and reviewer
    "assignments": 4 + 1,
    "bids": 4 + 1,
    "conflicts": 4 + 1,
    "outbox": 4 + 1,
}


@pytest.mark.parametrize("count", [1, 3])
@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", list(EXPORTS))
def test_exports_read_a_constant_number_of_queries(
    client, workshop, organizer, reviewer, name, fmt, count, django_assert_num_queries
):
    fill(workshop, reviewer, count)
    client.force_login(organizer)
    with django_assert_num_queries(QUERIES[name]):
        response = client.get(url(workshop, name, fmt))
        body = b"".join(response.streaming_content).decode()
    rows = json.loads(body) if fmt == "json" else table(body)
    assert len(rows) == count
