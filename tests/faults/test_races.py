"""Races, with threads against PostgreSQL: the same action twice at the same moment, each
thread on its own database connection. Whatever the interleaving, no duplicate row, no lost
update, and a thread that loses is told why in a sentence (a ValidationError), never an
IntegrityError or a deadlock."""

import threading
from collections import Counter
from datetime import UTC, datetime

import pytest
import time_machine
from celery._state import _set_task_join_will_block
from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.db import connection

from reviews.enums import AssignmentOrigin, AssignmentState, ReviewState
from reviews.models import Assignment, Bid, Conflict, Review
from reviews.services.assignment import add_assignment, confirm_assignment
from reviews.services.bids import place_bid
from reviews.services.reviewing import ReviewData, save_review
from submissions import services
from submissions.enums import SubmissionStatus
from submissions.models import PaperVersion, Submission
from workshop.celery import app as celery_app
from workshop.enums import AuditAction, EmailState, RoleKind
from workshop.models import AuditEntry, OutgoingEmail

from ..conftest import forget_broker_connections
from ..factories import RoleFactory, UserFactory
from ..submissions.pdfs import make_paper

pytestmark = [pytest.mark.integration, pytest.mark.usefixtures("postgres_required")]

BEFORE_DEADLINE = datetime(2018, 10, 20, 12, 0, tzinfo=UTC)
ROUNDS = 3  # each race is run a few times: one run may happen not to overlap


@pytest.fixture
def world(transactional_db, settings, tmp_path, workshop):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with time_machine.travel(BEFORE_DEADLINE, tick=False):
        yield workshop


def at_once(*calls):
    """Run the calls in threads released together; each result is ("ok", value) or
    ("refused", the exception)."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            results[index] = ("ok", call())
        except Exception as exc:  # the test looks at what each thread was told
            results[index] = ("refused", exc)
        finally:
            connection.close()  # the thread's own connection

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a thread is stuck (a deadlock?)"
    # Eager tasks in two threads at once can leave Celery's global "inside a task" flag set
    # (its save-and-restore is not thread-safe): later result.get() calls would refuse.
    _set_task_join_will_block(False)
    return results


def refusals(results) -> list[Exception]:
    return [value for outcome, value in results if outcome == "refused"]


def person(workshop, n: int, kind=None):
    user = UserFactory(email=f"p{n}@lab{n}.example.org", name=f"Person {n}")
    if kind:
        RoleFactory(workshop=workshop, user=user, kind=kind)
    return user


def draft(workshop, author, title="Learned caches"):
    return services.create_submission(
        workshop=workshop,
        by=author,
        title=title,
        abstract="We learn an eviction policy.",
        authors=[services.AuthorData(author.name, author.email, "Lab")],
    )


def submitted(workshop, author, title):
    return services.create_submission(
        workshop=workshop,
        by=author,
        title=title,
        abstract="We learn an eviction policy.",
        authors=[services.AuthorData(author.name, author.email, "Lab")],
        pdf=services.Upload("paper.pdf", make_paper()),
        submit=True,
    )


def test_two_uploads_of_one_paper_at_once_keep_both_and_submit_it_once(world):
    """Two tabs upload a PDF and press "submit" at the same moment: both PDFs are kept (as
    two versions), the paper is submitted once and every mail names what it received."""
    for round_ in range(ROUNDS):
        author = person(world, round_)
        paper = draft(world, author, title=f"Learned caches {round_}")

        def upload(paper_id=paper.pk, author=author, n=0):
            fresh = Submission.objects.get(pk=paper_id)
            text = f"Version {n} of our paper."
            pdf = services.Upload(f"paper-{n}.pdf", make_paper(first_page_text=text))
            return services.update_submission(submission=fresh, by=author, pdf=pdf, submit=True)

        results = at_once(lambda: upload(n=1), lambda: upload(n=2))
        assert refusals(results) == []
        paper.refresh_from_db()
        assert paper.status == SubmissionStatus.SUBMITTED
        versions = PaperVersion.objects.filter(submission=paper)
        assert versions.count() == 2
        assert {v.original_name for v in versions} == {"paper-1.pdf", "paper-2.pdf"}
        assert all(v.file.storage.exists(v.file.name) for v in versions)
        # The first to commit submitted the paper; the other added a version to a submitted
        # paper: one receipt of each kind, none lost to a stale "draft" status.
        mails = Counter(
            OutgoingEmail.objects.filter(to=author.email).values_list("template_key", flat=True)
        )
        assert mails == {"submission_received": 1, "version_received": 1}


def test_the_same_bid_twice_at_once_leaves_one_bid(world):
    world.bidding_open = True
    world.save(update_fields=["bidding_open"])
    reviewer = person(world, 100, RoleKind.REVIEWER)
    for round_ in range(ROUNDS):
        paper = submitted(world, person(world, round_), f"Paper {round_}")
        for preference in ("eager", "conflict"):
            results = at_once(
                lambda paper=paper, p=preference: place_bid(
                    submission=paper, reviewer=reviewer, preference=p
                ),
                lambda paper=paper, p=preference: place_bid(
                    submission=paper, reviewer=reviewer, preference=p
                ),
            )
            assert refusals(results) == []
            bid = Bid.objects.get(submission=paper, reviewer=reviewer)
            assert bid.preference == preference
        assert Conflict.objects.filter(submission=paper, reviewer=reviewer).count() == 1


def test_two_reviews_by_one_reviewer_at_once_leave_one_whole_review(world):
    """Two tabs submit the same reviewer's review of a paper at once: one review row, holding
    all of one tab's answers (never half of each)."""
    reviewer = person(world, 100, RoleKind.REVIEWER)
    for round_ in range(ROUNDS):
        paper = submitted(world, person(world, round_), f"Paper {round_}")
        Assignment.objects.create(
            submission=paper,
            reviewer=reviewer,
            origin=AssignmentOrigin.MANUAL,
            state=AssignmentState.CONFIRMED,
            number=1,
        )
        answers = [
            ReviewData(score=score, confidence=conf, summary=summary, strengths=summary)
            for score, conf, summary in ((2, 1, "Too slow."), (5, 3, "A clear win."))
        ]
        results = at_once(
            *(
                lambda data=data, paper=paper: save_review(
                    submission=paper, by=reviewer, data=data, submit=True
                )
                for data in answers
            )
        )
        assert refusals(results) == []
        review = Review.objects.get(assignment__submission=paper)
        assert review.state == ReviewState.SUBMITTED
        kept = (review.score, review.confidence, review.summary, review.strengths)
        assert kept in [(a.score, a.confidence, a.summary, a.strengths) for a in answers]


def test_two_organizers_confirming_one_assignment_confirm_it_once(world):
    olga, otto = (person(world, n, RoleKind.ORGANIZER) for n in (200, 201))
    reviewers = [person(world, 100 + n, RoleKind.REVIEWER) for n in range(3)]
    for round_ in range(ROUNDS):
        paper = submitted(world, person(world, round_), f"Paper {round_}")
        for reviewer in reviewers:
            Assignment.objects.create(
                submission=paper, reviewer=reviewer, origin=AssignmentOrigin.MANUAL
            )
        results = at_once(
            lambda: confirm_assignment(workshop=world, by=olga),
            lambda: confirm_assignment(workshop=world, by=otto),
        )
        won = [value for outcome, value in results if outcome == "ok"]
        assert len(won) == 1 and won[0].confirmed == 3
        (lost,) = refusals(results)
        assert isinstance(lost, ValidationError)
        assert lost.messages == ["There is no proposed assignment to confirm."]
        numbers = Assignment.objects.filter(submission=paper).values_list("number", flat=True)
        assert sorted(numbers) == [1, 2, 3]
    confirmations = AuditEntry.objects.filter(action=AuditAction.ASSIGNMENT_CONFIRMED)
    assert confirmations.count() == ROUNDS


def test_two_organizers_adding_the_same_reviewer_at_once_add_them_once(world):
    olga, otto = (person(world, n, RoleKind.ORGANIZER) for n in (200, 201))
    reviewer = person(world, 100, RoleKind.REVIEWER)
    for round_ in range(ROUNDS):
        paper = submitted(world, person(world, round_), f"Paper {round_}")
        results = at_once(
            *(
                lambda by=by, paper=paper: add_assignment(
                    submission=paper, reviewer=reviewer, by=by
                )
                for by in (olga, otto)
            )
        )
        (lost,) = refusals(results)
        assert isinstance(lost, ValidationError), repr(lost)
        assert lost.messages == [f"{reviewer} is already assigned to paper #{paper.number}."]
        assert Assignment.objects.filter(submission=paper, reviewer=reviewer).count() == 1
        added = AuditEntry.objects.filter(action=AuditAction.ASSIGNMENT_ADDED)
        assert added.filter(change__startswith=reviewer.name).count() == round_ + 1


def test_confirming_with_the_broker_down_still_queues_every_reviewer_mail(
    transactional_db, settings, tmp_path, workshop
):
    """The assignment mails are rendered by a task; with the broker unreachable (a closed
    port) the confirmation's mails are queued in the request instead of being lost. (On the
    real clock: kombu's connection timeouts never end under a frozen one.)"""
    settings.MEDIA_ROOT = tmp_path / "media"
    with time_machine.travel(BEFORE_DEADLINE, tick=False):
        olga = person(workshop, 200, RoleKind.ORGANIZER)
        reviewers = [person(workshop, 100 + n, RoleKind.REVIEWER) for n in range(2)]
        paper = submitted(workshop, person(workshop, 1), "Paper 1")
    for reviewer in reviewers:
        Assignment.objects.create(submission=paper, reviewer=reviewer, origin="manual")
    celery_app.conf.update(task_always_eager=False, broker_url="redis://127.0.0.1:1/0")
    forget_broker_connections()
    try:
        assert confirm_assignment(workshop=workshop, by=olga).reviewers_mailed == 2
    finally:
        celery_app.conf.broker_url = django_settings.CELERY_BROKER_URL
        forget_broker_connections()
    mailed = OutgoingEmail.objects.filter(template_key="review_assignment")
    assert sorted(mailed.values_list("to", flat=True)) == sorted(r.email for r in reviewers)
    assert set(mailed.values_list("state", flat=True)) == {EmailState.QUEUED}  # for the sweep
