"""The reviewing admin: every list opens for the workshop's organizer and shows only their
workshops' rows; jobs show their progress; settings and aliases go through validation."""

import pytest
from django.urls import reverse

from reviews.models import InstitutionAlias, ReviewJob, ReviewSettings

pytestmark = pytest.mark.django_db

LISTS = [
    "reviewingoverview",
    "reviewerinvitation",
    "reviewerprofile",
    "conflict",
    "institutionalias",
    "reviewjob",
    "assignment",
    "review",
    "bid",
    "decisiontemplate",
    "decisionnotice",
    "reviewsettings",
]


@pytest.mark.parametrize("model", LISTS)
def test_every_reviewing_list_opens_for_the_organizer(client, organizer, reviewing, model):
    client.force_login(organizer)
    assert client.get(reverse(f"admin:reviews_{model}_changelist")).status_code == 200


def test_lists_are_scoped_to_the_organizers_workshops(
    client, workshop, organizer, other_organizer, reviewing
):
    client.force_login(other_organizer)
    for model in ("assignment", "review", "conflict"):
        html = client.get(reverse(f"admin:reviews_{model}_changelist")).content.decode()
        assert reviewing.title not in html, model
    desks = client.get(reverse("admin:reviews_reviewingoverview_changelist")).content.decode()
    assert workshop.name not in desks
    client.force_login(organizer)
    html = client.get(reverse("admin:reviews_review_changelist")).content.decode()
    assert reviewing.title in html


def test_the_admin_index_shows_reviewing_to_staff_organizers(client, organizer, outsider):
    client.force_login(organizer)
    html = client.get(reverse("admin:index")).content.decode()
    assert "Reviewing desks" in html and "Conflicts" in html
    outsider.is_staff = True
    outsider.save(update_fields=["is_staff"])
    client.force_login(outsider)
    assert "Reviewing desks" not in client.get(reverse("admin:index")).content.decode()


def test_reviewers_without_staff_get_no_admin(client, reviewer, reviewing):
    client.force_login(reviewer)
    response = client.get(reverse("admin:reviews_review_changelist"))
    assert response.status_code == 302 and "/admin/login/" in response.url


def test_jobs_show_their_progress(client, workshop, organizer):
    ReviewJob.objects.create(workshop=workshop, kind="affinity", state="running", progress=0.37)
    client.force_login(organizer)
    html = client.get(reverse("admin:reviews_reviewjob_changelist")).content.decode()
    assert '<progress max="100" value="37">37%</progress>' in html


def test_review_settings_are_validated(client, workshop, organizer):
    client.force_login(organizer)
    url = reverse("admin:reviews_reviewsettings_add")
    bad = client.post(
        url,
        {
            "workshop": workshop.pk,
            "score_labels": "Only one",
            "confidence_labels": "a\nb\nc",
            "affinity_method": "tfidf",
        },
    )
    assert "Give between 2 and 10 score labels, one per line." in bad.content.decode()
    assert not ReviewSettings.objects.exists()
    client.post(
        url,
        {
            "workshop": workshop.pk,
            "score_labels": "Reject\nWeak reject\nWeak accept\nAccept",
            "confidence_labels": "a\nb\nc",
            "affinity_method": "tfidf",
        },
    )
    assert ReviewSettings.objects.get(workshop=workshop).max_score == 4


def test_institution_aliases_are_kept_by_organizers(client, organizer, reviewer):
    client.force_login(organizer)
    client.post(
        reverse("admin:reviews_institutionalias_add"),
        {"alias": "DeepMind.com", "institution": "Alphabet"},
    )
    assert InstitutionAlias.objects.get().alias == "deepmind.com"


def test_the_desk_links_from_the_overview(client, workshop, organizer, reviewing):
    client.force_login(organizer)
    html = client.get(reverse("admin:reviews_reviewingoverview_changelist")).content.decode()
    for name in ("assignment", "decisions", "invite"):
        assert reverse(f"admin:reviews_desk_{name}", args=[workshop.pk]) in html
    change = reverse("admin:reviews_reviewingoverview_change", args=[workshop.pk])
    assert client.get(change).url == reverse("admin:reviews_desk_assignment", args=[workshop.pk])
