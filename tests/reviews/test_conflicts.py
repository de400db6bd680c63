"""Conflict detection: same person, mail domain (public domains ignored, aliases applied),
affiliation, co-authorship, the authors' declarations; and what organizers and reviewers
do with conflicts."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from reviews.enums import ConflictSource, ConflictStatus
from reviews.institutions import Institutions, affiliation_parts, organisation_domain
from reviews.models import Assignment, Conflict, InstitutionAlias
from reviews.services import conflicts
from reviews.services.assignment import add_assignment

from ..factories import UserFactory
from .conftest import create_paper, pool_member

# --- The pure rules -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("domain", "organisation"),
    [
        ("cs.stanford.edu", "stanford.edu"),
        ("stanford.edu", "stanford.edu"),
        ("eng.ox.ac.uk", "ox.ac.uk"),
        ("gmail.com", None),
        ("googlemail.com", None),
        ("example.org", None),
        ("uni1.example.edu", "uni1.example.edu"),
        ("localhost", None),
    ],
)
def test_organisation_domain(domain, organisation):
    assert organisation_domain(domain) == organisation


def test_affiliations_match_through_their_institution_part_not_their_department():
    a = affiliation_parts("Dept. of Computer Science, Stanford University")
    b = affiliation_parts("The Stanford  University")
    c = affiliation_parts("Department of Computer Science, ETH Zürich")
    assert "stanford university" in a & b
    assert not (a & c)  # the shared department name is not an institution
    assert affiliation_parts("Université de Montréal") == {"universite de montreal"}


def test_aliases_join_domains_and_names_of_one_institution():
    known = Institutions(
        {
            "deepmind.com": "Alphabet",
            "google.com": "Alphabet",
            "DeepMind": "Alphabet",
            "Google Brain": "Alphabet",
        }
    )
    assert known.domain_key("a@deepmind.com") == known.domain_key("b@research.google.com")
    assert known.affiliation_keys("DeepMind") == known.affiliation_keys("Google Brain")
    assert known.domain_key("c@gmail.com") is None


# --- Detection on a workshop ----------------------------------------------------------------


def sources(submission, reviewer) -> set[str]:
    return set(
        Conflict.objects.filter(submission=submission, reviewer=reviewer).values_list(
            "source", flat=True
        )
    )


@pytest.fixture
def alice(db):
    return UserFactory(
        email="alice@cs.stanford.edu", name="Alice Author", affiliation="Stanford University"
    )


@pytest.fixture
def stanford_paper(workshop, alice):
    return create_paper(
        workshop,
        alice,
        title="Learned schedulers",
        authors=[
            (alice.name, alice.email, alice.affiliation),
            ("Gil Gmail", "gil@gmail.com", "Independent"),
            ("Dee Mind", "dee@deepmind.com", "DeepMind"),
        ],
    )


def test_same_mail_domain_is_a_conflict_but_a_public_one_is_not(workshop, stanford_paper):
    colleague = pool_member(workshop, "carol@stanford.edu", "Carol", "Somewhere Else")
    gmail_user = pool_member(workshop, "zed@gmail.com", "Zed", "Nowhere")
    conflicts.refresh_conflicts(workshop=workshop)
    assert sources(stanford_paper, colleague) == {ConflictSource.EMAIL_DOMAIN}
    assert sources(stanford_paper, gmail_user) == set()
    reason = Conflict.objects.get(reviewer=colleague).reason
    assert "carol@stanford.edu" in reason and "alice@cs.stanford.edu" in reason


def test_an_alias_makes_google_and_deepmind_one_institution(workshop, stanford_paper):
    googler = pool_member(workshop, "gus@google.com", "Gus", "Google Research")
    conflicts.refresh_conflicts(workshop=workshop)
    assert sources(stanford_paper, googler) == set()
    InstitutionAlias.objects.create(alias="google.com", institution="Alphabet")
    InstitutionAlias.objects.create(alias="deepmind.com", institution="Alphabet")
    conflicts.refresh_conflicts(workshop=workshop)
    assert sources(stanford_paper, googler) == {ConflictSource.EMAIL_DOMAIN}
    assert "Alphabet" in Conflict.objects.get(reviewer=googler).reason


def test_same_normalised_affiliation(workshop, stanford_paper):
    neighbour = pool_member(workshop, "nia@mail.example.net", "Nia", "Dept of EE, Stanford Univ.")
    conflicts.refresh_conflicts(workshop=workshop)
    assert sources(stanford_paper, neighbour) == {ConflictSource.AFFILIATION}


def test_same_person_by_any_verified_address(workshop, stanford_paper):
    from allauth.account.models import EmailAddress

    gil = pool_member(workshop, "gil@home.example.net", "Gil G.", "Home")
    EmailAddress.objects.create(user=gil, email="gil@gmail.com", verified=True)
    conflicts.refresh_conflicts(workshop=workshop)
    assert ConflictSource.SAME_PERSON in sources(stanford_paper, gil)


def test_coauthorship_on_another_paper_of_the_workshop(workshop, stanford_paper, alice):
    bob = pool_member(workshop, "bob@lab.example.net", "Bob Reviewer", "Bob's Lab")
    other = create_paper(
        workshop,
        bob,
        title="Bob and Alice on caches",
        authors=[(bob.name, bob.email, bob.affiliation), (alice.name, alice.email, "")],
    )
    conflicts.refresh_conflicts(workshop=workshop)
    assert sources(stanford_paper, bob) == {ConflictSource.COAUTHOR}
    assert (
        f"#{other.number}" in Conflict.objects.get(submission=stanford_paper, reviewer=bob).reason
    )
    assert sources(other, bob) == {ConflictSource.SAME_PERSON}


def test_authors_declare_people_institutions_and_domains(workshop, alice):
    named = pool_member(workshop, "nora@x.example.net", "Nora Named", "Nora Inc")
    by_institution = pool_member(workshop, "ian@y.example.net", "Ian", "MIT")
    by_domain = pool_member(workshop, "dom@cs.cmu.edu", "Dom", "Somewhere")
    bystander = pool_member(workshop, "bea@z.example.net", "Bea", "Elsewhere")
    paper = create_paper(
        workshop,
        alice,
        title="Declared",
        authors=[(alice.name, alice.email, alice.affiliation)],
        declared_conflicts="nora named\nMIT\n@cmu.edu",
    )
    conflicts.refresh_conflicts(workshop=workshop)
    for person in (named, by_institution, by_domain):
        assert sources(paper, person) == {ConflictSource.AUTHOR_DECLARED}, person
    assert sources(paper, bystander) == set()


def test_saving_a_paper_refreshes_its_conflicts(
    workshop, alice, django_capture_on_commit_callbacks
):
    colleague = pool_member(workshop, "carol@stanford.edu", "Carol", "Elsewhere")
    with django_capture_on_commit_callbacks(execute=True):
        paper = create_paper(
            workshop, alice, title="T", authors=[(alice.name, alice.email, alice.affiliation)]
        )
    assert sources(paper, colleague) == {ConflictSource.EMAIL_DOMAIN}


def test_refresh_is_idempotent_and_keeps_organizer_decisions(workshop, stanford_paper, organizer):
    colleague = pool_member(workshop, "carol@stanford.edu", "Carol", "Elsewhere")
    conflicts.refresh_conflicts(workshop=workshop)
    row = Conflict.objects.get(reviewer=colleague)
    conflicts.decide_conflict(conflict=row, by=organizer, confirm=False)
    again = conflicts.refresh_conflicts(workshop=workshop)
    assert (again.created, again.removed, again.updated) == (0, 0, 0)
    row.refresh_from_db()
    assert row.status == ConflictStatus.DISMISSED
    # Dismissed: the reviewer may be assigned after all.
    assert add_assignment(submission=stanford_paper, reviewer=colleague, by=organizer)


def test_a_detected_conflict_blocks_manual_assignment_with_its_reason(
    workshop, stanford_paper, organizer
):
    colleague = pool_member(workshop, "carol@stanford.edu", "Carol", "Elsewhere")
    conflicts.refresh_conflicts(workshop=workshop)
    with pytest.raises(ValidationError) as error:
        add_assignment(submission=stanford_paper, reviewer=colleague, by=organizer)
    assert "Carol has a conflict with paper #" in error.value.messages[0]
    assert "stanford.edu" in error.value.messages[0]
    assert not Assignment.objects.exists()


def test_only_the_workshops_organizers_decide_conflicts(
    workshop, stanford_paper, other_organizer, reviewer
):
    colleague = pool_member(workshop, "carol@stanford.edu", "Carol", "Elsewhere")
    conflicts.refresh_conflicts(workshop=workshop)
    row = Conflict.objects.get(reviewer=colleague)
    for stranger in (other_organizer, reviewer):
        with pytest.raises(PermissionDenied):
            conflicts.decide_conflict(conflict=row, by=stranger, confirm=False)
    row.refresh_from_db()
    assert row.status == ConflictStatus.DETECTED


def test_a_reviewer_declared_conflict_cannot_be_dismissed(workshop, stanford_paper, organizer):
    rev = pool_member(workshop, "rev@q.example.net", "Rev", "Q")
    row = conflicts.declare_by_reviewer(submission=stanford_paper, reviewer=rev)
    with pytest.raises(ValidationError, match="only detected ones can"):
        conflicts.decide_conflict(conflict=row, by=organizer, confirm=False)


def test_organizers_see_conflicts_with_source_and_dismiss_them_in_the_admin(
    client, workshop, stanford_paper, organizer
):
    colleague = pool_member(workshop, "carol@stanford.edu", "Carol", "Elsewhere")
    conflicts.refresh_conflicts(workshop=workshop)
    client.force_login(organizer)
    changelist = reverse("admin:reviews_conflict_changelist")
    html = client.get(changelist).content.decode()
    assert "Same email domain" in html and "carol@stanford.edu" in html
    row = Conflict.objects.get(reviewer=colleague)
    response = client.post(
        changelist, {"action": "dismiss", "_selected_action": [row.pk]}, follow=True
    )
    assert "1 conflict(s) dismissed." in response.content.decode()
    row.refresh_from_db()
    assert row.status == ConflictStatus.DISMISSED


def test_authors_pick_conflicts_from_the_pool(client, workshop, stanford_paper, alice, outsider):
    picked = pool_member(workshop, "pam@p.example.net", "Pam Picked", "P")
    url = reverse("reviews:pick_conflicts", args=[workshop.slug, stanford_paper.pk])
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.force_login(alice)
    page = client.get(url)
    assert page.status_code == 200 and "Pam Picked" in page.content.decode()
    assert client.post(url, {"reviewers": [picked.pk]}).status_code == 302
    assert sources(stanford_paper, picked) == {ConflictSource.AUTHOR_PICKED}
    client.post(url, {})
    assert sources(stanford_paper, picked) == set()
