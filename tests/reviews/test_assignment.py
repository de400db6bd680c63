"""The assignment on the reviewing desk: affinity and the automatic assignment as jobs with
progress, the proposal per paper, infeasibility in words, manual edits with the conflict
check, and confirming with one email per reviewer."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from reviews.assignment_desk import assignment_desk
from reviews.enums import AssignmentOrigin, AssignmentState, JobState
from reviews.models import Affinity, Assignment, Bid, ReviewerProfile, ReviewJob
from reviews.services.assignment import propose_assignment
from reviews.services.conflicts import refresh_conflicts
from reviews.services.jobs import start_job
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


# --- The objective: best total, or fairest to the worst-served paper ---------------------


@pytest.fixture
def left_behind(workshop, author):
    """Four papers, k = 2, loads 2: generalists A and B are best on papers 0–2 and the
    only ones who know a little about paper 3, whose niche the specialists C and D do not
    know at all (tests/reviews/test_fair_assignment.py has the same matrix)."""
    workshop.reviews_per_paper = 2
    workshop.reviewer_load = 2
    workshop.save()
    papers = [
        create_paper(workshop, author, title=f"P{i}", authors=[(author.name, author.email, "")])
        for i in range(4)
    ]
    people = [
        pool_member(workshop, f"{name.lower()}@r{i}.example.org", name, f"Lab {i}")
        for i, name in enumerate("ABCD")
    ]
    rows = [[1.0, 1.0, 0.6, 0.6]] * 3 + [[0.35, 0.35, 0.0, 0.05]]
    Affinity.objects.bulk_create(
        Affinity(submission=p, reviewer=r, score=score)
        for p, row in zip(papers, rows, strict=True)
        for r, score in zip(people, row, strict=True)
    )
    return papers, people


def niche_reviewers(papers):
    return set(
        Assignment.objects.filter(submission=papers[3]).values_list("reviewer__name", flat=True)
    )


def test_the_fair_objective_serves_the_paper_the_best_total_leaves_behind(workshop, left_behind):
    papers, _ = left_behind
    plain = propose_assignment(workshop=workshop, threshold=0.3)
    assert niche_reviewers(papers) == {"C", "D"}
    assert plain.spread["chosen"] is None
    assert plain.spread["plain"]["lowest"] == pytest.approx(0.05)
    assert plain.spread["plain"]["lowest_paper"] == f"Paper #{papers[3].number}"
    assert plain.spread["plain"]["without_expert"] == 1

    fair = propose_assignment(workshop=workshop, objective="fair", threshold=0.3)
    assert niche_reviewers(papers) == {"A", "B"}
    assert Assignment.objects.filter(state=AssignmentState.PROPOSED).count() == 8
    spread = fair.spread
    assert (spread["objective"], spread["threshold"]) == ("fair", 0.3)
    assert spread["plain"]["total"] == pytest.approx(5.25)
    assert spread["plain"]["lowest"] == pytest.approx(0.05)
    assert spread["chosen"]["total"] == pytest.approx(5.1)
    assert spread["chosen"]["lowest"] == pytest.approx(0.7)
    assert spread["chosen"]["without_expert"] == 0
    assert spread["note"].startswith("Proven optimal")


def test_the_desk_passes_the_objective_to_the_job_and_shows_both_columns(
    client, workshop, organizer, left_behind, django_capture_on_commit_callbacks
):
    client.force_login(organizer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            assignment_url(workshop), {"action": "assign", "objective": "fair", "threshold": "0.25"}
        )
    job = ReviewJob.objects.get(kind="assignment")
    assert job.options == {"objective": "fair", "threshold": 0.25}
    assert job.state == JobState.DONE, job.message
    assert "fairest to the worst-served paper" in job.message
    plain, fair = job.result["spread"]["plain"], job.result["spread"]["chosen"]
    assert fair["lowest"] >= plain["lowest"] - 1e-9  # affinity was computed afresh from text
    assert fair["weight"] <= plain["weight"] + 1e-9
    html = client.get(assignment_url(workshop)).content.decode()
    assert "Fairest to the worst-served paper (proposed)" in html
    assert "Papers with no reviewer above 0.25" in html
    assert 'value="fair" id="id_objective_1" checked' in html  # the last run's choice
    assert 'value="0.25"' in html


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"objective": "fairest"}, "Select a valid choice. fairest is not one of"),
        ({"threshold": "2"}, "Ensure this value is less than or equal to 1.0."),
        ({"threshold": "lots"}, "Enter a number."),
    ],
)
def test_a_bad_objective_or_threshold_is_refused_and_starts_nothing(
    client, workshop, organizer, left_behind, data, message
):
    client.force_login(organizer)
    page = client.post(assignment_url(workshop), {"action": "assign", **data}, follow=True)
    assert message in page.content.decode()
    assert not ReviewJob.objects.exists()


def test_the_service_checks_the_options_itself(workshop, organizer, left_behind):
    with pytest.raises(ValidationError, match="is not an objective of the automatic assignment"):
        start_job(workshop=workshop, kind="assignment", by=organizer, options={"objective": "x"})
    with pytest.raises(ValidationError, match="must be a number from 0 to 1"):
        start_job(workshop=workshop, kind="assignment", by=organizer, options={"threshold": "nan"})
    with pytest.raises(ValidationError, match="has no option “k”"):
        start_job(workshop=workshop, kind="assignment", by=organizer, options={"k": 3})
    with pytest.raises(ValidationError, match="takes no options"):
        start_job(workshop=workshop, kind="affinity", by=organizer, options={"threshold": 0.3})
    assert not ReviewJob.objects.exists()
    with pytest.raises(ValidationError, match="must be a number from 0 to 1"):
        propose_assignment(workshop=workshop, threshold=-0.1)
    assert not Assignment.objects.exists()
