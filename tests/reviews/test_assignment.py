"""The assignment on the reviewing desk: affinity and the automatic assignment as jobs with
progress, the proposal per paper, infeasibility in words, manual edits with the conflict
check, and confirming with one email per reviewer."""

import pytest
from django.urls import reverse

from reviews.assignment_desk import assignment_desk
from reviews.enums import AssignmentOrigin, AssignmentState, JobState
from reviews.models import Affinity, Assignment, Bid, ReviewerProfile, ReviewJob
from reviews.services.conflicts import refresh_conflicts
from workshop.models import OutgoingEmail

from .conftest import confirm, create_paper, pool_member

pytestmark = pytest.mark.django_db

PAPERS = [
    ("Learned index structures", "Models replace B-trees for sorted keys in databases."),
    ("Congestion control by reinforcement learning", "A policy sets the sending rate in "
     "datacenter networks."),
    ("Autotuning tensor compilers", "A cost model guides the search over compiler schedules."),
]  # fmt: skip
EXPERTS = [
    ("ida@db.example.net", "Ida Index", "Learned index structures\nB-trees and models for "
     "sorted keys in databases."),
    ("nat@net.example.net", "Nat Network", "Congestion control\nReinforcement learning sets "
     "sending rates in datacenter networks."),
    ("cole@cc.example.net", "Cole Compiler", "Tensor compilers\nCost models guide autotuning of "
     "compiler schedules."),
    ("gen@gen.example.net", "Gen Generalist", ""),
]  # fmt: skip


@pytest.fixture
def desk(workshop, author):
    workshop.reviews_per_paper = 2
    workshop.reviewer_load = 2
    workshop.save()
    papers = [
        create_paper(
            workshop,
            author,
            title=title,
            abstract=abstract,
            authors=[(author.name, author.email, author.affiliation)],
        )
        for title, abstract in PAPERS
    ]
    reviewers = []
    for email, name, text in EXPERTS:
        person = pool_member(workshop, email, name, name + " Lab")
        ReviewerProfile.objects.create(workshop=workshop, user=person, recent_papers=text)
        reviewers.append(person)
    return papers, reviewers


def assignment_url(workshop):
    return reverse("admin:reviews_desk_assignment", args=[workshop.pk])


def run(client, workshop, action, capture):
    """Post the button; the job runs (eagerly) once the request's transaction commits; then
    the page is read as the organizer would after its refresh."""
    with capture(execute=True):
        client.post(assignment_url(workshop), {"action": action})
    return client.get(assignment_url(workshop))


def test_affinity_then_automatic_assignment_end_in_an_explained_proposal(
    client, workshop, organizer, desk, django_capture_on_commit_callbacks
):
    papers, (ida, nat, cole, gen) = desk
    Bid.objects.create(submission=papers[0], reviewer=gen, preference="eager")
    client.force_login(organizer)
    run(client, workshop, "affinity", django_capture_on_commit_callbacks)
    job = ReviewJob.objects.get(kind="affinity")
    assert (job.state, job.progress) == (JobState.DONE, 1.0)
    best = {p.pk: Affinity.objects.filter(submission=p).order_by("-score").first() for p in papers}
    assert [best[p.pk].reviewer for p in papers] == [ida, nat, cole]

    page = run(client, workshop, "assign", django_capture_on_commit_callbacks)
    job = ReviewJob.objects.get(kind="assignment")
    assert job.state == JobState.DONE, job.message
    proposal = {
        (a.submission_id, a.reviewer_id)
        for a in Assignment.objects.filter(state=AssignmentState.PROPOSED)
    }
    assert len(proposal) == 6  # 3 papers × 2
    assert {(papers[0].pk, ida.pk), (papers[1].pk, nat.pk), (papers[2].pk, cole.pk)} <= proposal
    assert (papers[0].pk, gen.pk) in proposal  # the eager bid
    html = page.content.decode()
    assert "Assignments on a positive bid" in html and "Mean paper affinity" in html
    assert "bid eager" in html
    assert "Confirm the 6 proposed assignments" in html


def test_infeasibility_is_said_in_words_on_the_desk(
    client, workshop, organizer, desk, django_capture_on_commit_callbacks
):
    workshop.reviews_per_paper = 3
    workshop.reviewer_load = 1
    workshop.save()
    client.force_login(organizer)
    page = run(client, workshop, "assign", django_capture_on_commit_callbacks)
    job = ReviewJob.objects.get(kind="assignment")
    assert job.state == JobState.INFEASIBLE
    sentence = "3 papers × 3 reviews need 9 assignments; the pool can take 4."
    assert sentence in job.result["reasons"]
    html = page.content.decode()
    assert "No assignment meets every constraint." in html and sentence in html
    assert not Assignment.objects.exists()


def test_a_paper_with_too_few_reviewers_without_conflict_is_named(
    client, workshop, organizer, desk, author, django_capture_on_commit_callbacks
):
    papers, reviewers = desk
    colleagues = [pool_member(workshop, f"c{i}@uni.example.edu", f"C{i}", "") for i in range(2)]
    for person in reviewers:  # everyone else is full
        ReviewerProfile.objects.filter(user=person).update(max_load=0)
    refresh_conflicts(workshop=workshop)
    client.force_login(organizer)
    page = run(client, workshop, "assign", django_capture_on_commit_callbacks)
    html = page.content.decode()
    assert f"Paper #{papers[0].number} has no reviewer without a conflict; it needs 2." in html
    assert colleagues  # in conflict: same mail domain as the author


def test_manual_add_checks_conflicts_and_is_kept_by_the_next_run(
    client, workshop, organizer, desk, author, django_capture_on_commit_callbacks
):
    papers, (*_, gen) = desk
    colleague = pool_member(workshop, "col@uni.example.edu", "Col League", "")
    refresh_conflicts(workshop=workshop)
    client.force_login(organizer)
    url = assignment_url(workshop)
    refused = client.post(
        url, {"action": "add", "number": papers[1].number, "reviewer": colleague.pk}, follow=True
    )
    assert "Col League has a conflict with paper #" in refused.content.decode()
    assert not Assignment.objects.exists()
    client.post(url, {"action": "add", "number": papers[1].number, "reviewer": gen.pk})
    manual = Assignment.objects.get()
    assert manual.origin == AssignmentOrigin.MANUAL
    run(client, workshop, "assign", django_capture_on_commit_callbacks)
    assert Assignment.objects.filter(pk=manual.pk).exists()
    assert Assignment.objects.filter(submission=papers[1]).count() == 2
    assert not Assignment.objects.filter(reviewer=colleague).exists()
    client.post(url, {"action": "remove", "assignment": manual.pk})
    assert not Assignment.objects.filter(pk=manual.pk).exists()


def test_confirming_numbers_reviewers_and_sends_each_one_email(
    client, workshop, organizer, desk, django_capture_on_commit_callbacks
):
    papers, reviewers = desk
    client.force_login(organizer)
    run(client, workshop, "assign", django_capture_on_commit_callbacks)
    page = run(client, workshop, "confirm", django_capture_on_commit_callbacks)
    assert "6 assignments confirmed" in page.content.decode()
    for paper in papers:
        assert sorted(
            Assignment.objects.filter(submission=paper).values_list("number", flat=True)
        ) == [1, 2]
    mails = OutgoingEmail.objects.filter(template_key="review_assignment")
    per_reviewer = {}
    for mail in mails:
        per_reviewer.setdefault(mail.to, []).append(mail)
    assert all(len(m) == 1 for m in per_reviewer.values())
    for person in reviewers:
        mine = Assignment.objects.filter(reviewer=person)
        if not mine:
            continue
        body = per_reviewer[person.email][0].text_body
        for assignment in mine:
            assert f"#{assignment.submission.number} {assignment.submission.title}" in body
        assert "Ada Lovelace" not in body  # titles only, never authors
    assert mails.count() == len(
        {a.reviewer_id for a in Assignment.objects.filter(state=AssignmentState.CONFIRMED)}
    )


def test_other_organizers_and_reviewers_cannot_open_the_desk(
    client, workshop, other_organizer, reviewer, desk
):
    for person in (other_organizer, reviewer):
        client.force_login(person)
        response = client.get(assignment_url(workshop))
        assert response.status_code in (302, 404)
        assert client.post(assignment_url(workshop), {"action": "assign"}).status_code in (302, 404)
    assert not ReviewJob.objects.exists()


def test_a_running_job_refreshes_the_page_and_blocks_a_second_one(
    client, workshop, organizer, desk
):
    job = ReviewJob.objects.create(
        workshop=workshop, kind="assignment", state=JobState.RUNNING, progress=0.4
    )
    client.force_login(organizer)
    html = client.get(assignment_url(workshop)).content.decode()
    assert '<meta http-equiv="refresh" content="2">' in html and "40%" in html
    response = client.post(assignment_url(workshop), {"action": "assign"}, follow=True)
    assert "is already running (40% done); wait for it to finish." in response.content.decode()
    assert ReviewJob.objects.count() == 1 and job.pk


@pytest.mark.parametrize(("count", "queries"), [(1, 9), (3, 9)])
def test_the_assignment_desk_reads_a_page_in_nine_queries(
    workshop, author, reviewer, second_reviewer, count, queries, django_assert_num_queries
):
    ReviewerProfile.objects.create(workshop=workshop, user=second_reviewer, max_load=7)
    for index in range(count):
        paper = create_paper(
            workshop, author, title=f"P{index}", authors=[(author.name, author.email, "")]
        )
        confirm(paper, reviewer, 1)
        Assignment.objects.create(submission=paper, reviewer=second_reviewer)  # proposed
        Affinity.objects.create(submission=paper, reviewer=reviewer, score=0.25)
        Bid.objects.create(submission=paper, reviewer=reviewer, preference="eager")
    with django_assert_num_queries(queries):
        desk = assignment_desk(workshop)
        loads = {r.pk: (r.proposed, r.confirmed, r.load) for r in desk.reviewers}
        cells = [(a.affinity, a.bid, a.conflicted, a.reviewer.email) for row in desk.rows
                 for a in row["assignments"]]  # fmt: skip
    assert [row["short"] for row in desk.rows] == [workshop.reviews_per_paper - 2] * count
    assert loads == {
        reviewer.pk: (0, count, workshop.reviewer_load),
        second_reviewer.pk: (count, 0, 7),
    }
    assert cells.count((0.25, "eager", False, reviewer.email)) == count
    assert (desk.proposed, desk.confirmed, desk.has_affinity) == (count, count, True)


@pytest.mark.parametrize(("count", "queries"), [(1, 18), (3, 18)])
def test_desk_assignment_page_queries(
    client, workshop, organizer, author, reviewer, count, queries, django_assert_num_queries
):
    for index in range(count):
        paper = create_paper(
            workshop, author, title=f"P{index}", authors=[(author.name, author.email, "")]
        )
        confirm(paper, reviewer, 1)
    client.force_login(organizer)
    with django_assert_num_queries(queries):
        response = client.get(assignment_url(workshop))
    assert response.content.decode().count("<strong>Reviewer 1</strong>") == count
