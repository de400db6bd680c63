"""Blindness, checked with canaries (blind_world.py): everything a reviewer or an author can
receive — every URL of the permission matrix, GET and the writes its table row lists, for each
paper; every PDF; every mail addressed to them — is scanned for the other side's canaries.

Under double-blind review no author canary reaches a reviewer; in either mode no reviewer
canary reaches an author, before the decisions and after they are mailed with the reviews.
"The reviewer" (R1, assigned to both papers) and "the author" (A1) ask every URL; the other
reviewers and authors ask every URL outside /admin/, which answers every one of them alike
with a redirect to its login page (the permission matrix checks that for every admin URL).
"""

import pytest
from django.core import mail
from django.urls import reverse

from submissions.services import current_version
from workshop.enums import BlindMode
from workshop.models import OutgoingEmail

from . import matrix_table
from .blind_world import AUTHORS, REVIEWERS, build, release_decisions
from .canaries import Scan, pdf_texts
from .conftest import module_world
from .matrix import walk_row
from .walk import ask, routes
from .world import PERSONAS

ROUTES = routes()
WRITES = {key: [m for m in row if m != "GET"] for key, row in matrix_table.rows(PERSONAS).items()}
# Authors tick the reviewers they are in conflict with by name and affiliation: the pool is
# shown by design (as HotCRP shows its PC), who reviews which paper never is. Their email
# addresses are still scanned for there.
POOL_SHOWN_TO_AUTHORS = "reviews:pick_conflicts"
MIN_SCANNED = 100  # per persona and phase, so that the walk cannot silently shrink

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", params=[BlindMode.DOUBLE, BlindMode.SINGLE])
def world(request, django_db_setup, django_db_blocker, tmp_path_factory):
    with module_world(django_db_blocker, tmp_path_factory, lambda: build(request.param)) as built:
        built.sent = list(mail.outbox)  # pytest-django empties the outbox before each test
        yield built


def receive(world, persona: str, scan: Scan, *, admin: bool) -> None:
    """Scan what `persona` receives: every URL for each paper (the admin's too if `admin`),
    every outbox row addressed to them and every mail sent to them."""
    before, seen = scan.scanned, set()
    reviewers_scanned = scan.canaries[0] in REVIEWERS.values()
    for paper in world.papers.values():
        values = world.values_for(paper)
        for route in ROUTES:
            path = route.path(world.kwargs_for(route, values))
            if path in seen or (not admin and route.route.startswith("admin/")):
                continue
            seen.add(path)
            walked = walk_row(route, path, {persona: world.sessions[persona]}, WRITES[route.key])
            emails_only = reviewers_scanned and route.key == POOL_SHOWN_TO_AUTHORS
            for (method, _), answer in walked.answers.items():
                scan.answer(f"{method} {path} as {persona}", answer, emails_only=emails_only)
    address = world.people[persona].email
    for row in OutgoingEmail.objects.filter(to__iexact=address):
        scan.outbox_row(row)
    for message in [*world.sent, *mail.outbox]:
        if address in [*message.to, *message.cc, *message.bcc]:
            scan.message(message)
    assert scan.scanned - before >= MIN_SCANNED, f"only {scan.scanned - before} for {persona}"


def report(world, label: str, scan: Scan) -> None:
    mode = world.workshop.blind_mode
    print(f"\n{mode}-blind, {label}: {scan.scanned} responses and mails scanned, hits:")
    print("".join(f"    {hit}\n" for hit in sorted(set(scan.hits))) or "    none", end="")


def test_what_reviewers_receive_while_reviewing(world):
    """Double-blind: no author canary in anything a reviewer gets. Single-blind: reviewers
    see the authors, on the paper's page and in its PDF (so the scan finds what is there)."""
    scan = Scan(tuple(AUTHORS.values()))
    receive(world, "R1", scan, admin=True)
    for persona in ("R3", "C"):  # bidding without an assignment; in conflict with a paper
        receive(world, persona, scan, admin=False)
    report(world, "reviewers while reviewing", scan)
    if world.workshop.blind_mode == BlindMode.DOUBLE:
        assert scan.hits == []
    else:
        paper = world.papers["accepted"].pk
        for page in (f"reviewing/papers/{paper}/ ", f"reviewing/papers/{paper}/pdf/ "):
            assert any(AUTHORS["A1"].name in hit and page in hit for hit in scan.hits), page


def test_what_authors_receive_while_reviewing(world):
    scan = Scan(tuple(REVIEWERS.values()))
    receive(world, "A1", scan, admin=True)
    for persona in ("A2", "A3"):  # a co-author; the author of the paper to be rejected
        receive(world, persona, scan, admin=False)
    report(world, "authors while reviewing", scan)
    assert scan.hits == []


def test_what_everyone_receives_once_the_decisions_are_mailed(world):
    assert release_decisions(world) == 3  # to A1 and A2 (accepted), A3 (rejected)
    scan = Scan(tuple(REVIEWERS.values()))
    for persona in ("A1", "A2", "A3"):
        receive(world, persona, scan, admin=False)
    report(world, "authors once the reviews are released", scan)
    assert scan.hits == []
    # The comments did reach the authors, and were scanned with the rest.
    paper = world.papers["accepted"]
    url = reverse("reviews:author_reviews", args=[world.workshop.slug, paper.pk])
    assert b"Please add a second workload (1)." in ask(world.sessions["A1"], "GET", url).body

    if world.workshop.blind_mode == BlindMode.DOUBLE:
        # The accepted paper is public now, its authors with it; the rejected one never is.
        scan = Scan((AUTHORS["A3"],))
        for persona in ("R1", "R3"):
            receive(world, persona, scan, admin=False)
        report(world, "reviewers once the decisions are out (the rejected paper)", scan)
        assert scan.hits == []


def test_the_canaries_are_there_to_be_found(world):
    """The organizers see the authors, and the uploads named them in their metadata: under
    double-blind review the stored copy does not, under single-blind it is kept as sent."""
    paper = world.papers["accepted"]
    scan = Scan((AUTHORS["A1"],))
    url = reverse("admin:submissions_submission_change", args=[paper.pk])
    scan.answer("the organizer's admin page", ask(world.sessions["organizer"], "GET", url))
    assert scan.hits
    with current_version(paper).file.open("rb") as stored:
        kept = Scan(tuple(AUTHORS.values()))
        kept.texts("the stored copy", pdf_texts(stored.read()))
    if world.workshop.blind_mode == BlindMode.DOUBLE:
        assert kept.hits == []
        assert any("metadata names an author" in w for w in current_version(paper).warnings)
    else:
        assert kept.hits


def test_the_discussion_carries_reviewer_canaries(world):
    """R1 and R2 signed their comments and the workshop shows reviewers' names: R1's digest
    names R2 — so the scans above, finding no reviewer canary, did read the discussion."""
    scan = Scan((REVIEWERS["R2"],))
    digests = OutgoingEmail.objects.filter(
        to=REVIEWERS["R1"].email, template_key="discussion_digest"
    )
    for row in digests:
        scan.outbox_row(row)
    assert digests.exists() and scan.hits
