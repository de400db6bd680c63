"""The submission deadline one second either side of midnight Anywhere on Earth, through the
form, the API and the admin — the services decide, so all three agree."""

import json
from datetime import UTC, datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from submissions import services
from submissions.models import Submission

from .conftest import as_row, paper_form, pdf_upload
from .pdfs import make_paper

pytestmark = pytest.mark.django_db

MIDNIGHT_AOE = datetime(2018, 10, 27, 12, 0, tzinfo=UTC)  # 27 October 00:00 at UTC−12
ONE_SECOND_BEFORE = datetime(2018, 10, 27, 11, 59, 59, tzinfo=UTC)
ONE_SECOND_AFTER = datetime(2018, 10, 27, 12, 0, 1, tzinfo=UTC)
PASSED = (
    "The submission deadline (Saturday 27 October 2018, 00:00 AoE (UTC−12)) has passed; "
    "the paper can no longer be changed."
)


@pytest.fixture
def workshop(workshop):
    workshop.submission_deadline = MIDNIGHT_AOE
    workshop.save()
    return workshop


@pytest.fixture
def draft(workshop, author):
    with time_machine.travel(datetime(2018, 10, 20, tzinfo=UTC), tick=False):
        return services.create_submission(
            workshop=workshop,
            by=author,
            title="Almost done",
            abstract="x",
            authors=[services.AuthorData(author.name, author.email)],
        )


def api_for(user) -> APIClient:
    api = APIClient()
    api.force_authenticate(user)
    return api


# --- The form ------------------------------------------------------------------------------


def test_form_one_second_before_midnight_aoe(client, workshop, author):
    client.force_login(author)
    with time_machine.travel(ONE_SECOND_BEFORE, tick=False):
        response = client.post(
            reverse("submissions:create", args=[workshop.slug]),
            paper_form(as_row(author), pdf=pdf_upload()),
        )
    assert response.status_code == 302
    assert Submission.objects.get().status == "submitted"


def test_form_one_second_after_midnight_aoe(client, workshop, author, draft):
    client.force_login(author)
    with time_machine.travel(ONE_SECOND_AFTER, tick=False):
        new = client.post(
            reverse("submissions:create", args=[workshop.slug]),
            paper_form(as_row(author), pdf=pdf_upload()),
        )
        edit = client.post(
            reverse("submissions:edit", args=[workshop.slug, draft.pk]),
            paper_form(as_row(author), pdf=pdf_upload(), title="Too late"),
            follow=True,
        )
        page = client.get(draft.get_absolute_url())
    assert new.context["reason"] == PASSED
    assert [str(m) for m in edit.context["messages"]] == [PASSED]
    assert list(Submission.objects.all()) == [draft]
    draft.refresh_from_db()
    assert draft.title == "Almost done" and not draft.versions.exists()
    assert page.context["edit_note"] == PASSED and not page.context["can_edit"]


# --- The API -------------------------------------------------------------------------------


def api_paper(author):
    return {
        "title": "On time?",
        "abstract": "x",
        "authors": json.dumps([{"name": author.name, "email": author.email}]),
        "pdf": pdf_upload(),
        "submit": "true",
    }


def test_api_one_second_before_midnight_aoe(workshop, author, draft):
    url = f"/api/v1/workshops/{workshop.slug}/submissions/"
    with time_machine.travel(ONE_SECOND_BEFORE, tick=False):
        created = api_for(author).post(url, api_paper(author), format="multipart")
        patched = api_for(author).patch(f"{url}{draft.pk}/", {"title": "Done"}, format="json")
    assert created.status_code == 201 and created.json()["status"] == "submitted"
    assert patched.status_code == 200 and patched.json()["title"] == "Done"


def test_api_one_second_after_midnight_aoe(workshop, author, draft):
    url = f"/api/v1/workshops/{workshop.slug}/submissions/"
    with time_machine.travel(ONE_SECOND_AFTER, tick=False):
        created = api_for(author).post(url, api_paper(author), format="multipart")
        patched = api_for(author).patch(f"{url}{draft.pk}/", {"title": "Late"}, format="json")
    assert created.status_code == 400 and created.json() == {"non_field_errors": [PASSED]}
    assert patched.status_code == 400 and patched.json() == {"non_field_errors": [PASSED]}
    draft.refresh_from_db()
    assert draft.title == "Almost done" and Submission.objects.count() == 1


# --- The admin -----------------------------------------------------------------------------


def admin_change(client, submission, **changes):
    url = reverse("admin:submissions_submission_change", args=[submission.pk])
    data = {
        "title": submission.title,
        "abstract": submission.abstract,
        "keywords": "",
        "declared_conflicts": "",
        **changes,
    }
    for prefix in ("authors", "versions", "routings", "deadline_extensions"):
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    return client.post(url, data)


def test_admin_one_second_before_midnight_aoe(client, organizer, draft):
    client.force_login(organizer)
    with time_machine.travel(ONE_SECOND_BEFORE, tick=False):
        response = admin_change(client, draft, title="Fixed by the organizer")
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.title == "Fixed by the organizer"


def test_admin_one_second_after_midnight_aoe(client, organizer, draft):
    client.force_login(organizer)
    with time_machine.travel(ONE_SECOND_AFTER, tick=False):
        response = admin_change(client, draft, title="Too late")
    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors() == [PASSED]
    draft.refresh_from_db()
    assert draft.title == "Almost done"


def test_an_extension_reopens_one_paper_for_form_api_and_admin(
    client, workshop, organizer, author, draft
):
    with time_machine.travel(ONE_SECOND_AFTER, tick=False):
        client.force_login(organizer)
        client.post(
            reverse("admin:submissions_submission_changelist"),
            {
                "action": "extend_deadline",
                "_selected_action": [draft.pk],
                "apply": "1",
                "until_0": "2018-10-28",
                "until_1": "23:59:00",
                "reason": "The author's visa appointment clashed with the deadline.",
            },
        )
        extension = draft.deadline_extensions.get()
        # Entered in AoE: 28 October 23:59 at UTC−12 is 29 October 11:59 UTC.
        assert extension.until == datetime(2018, 10, 29, 11, 59, tzinfo=UTC)
        assert admin_change(client, draft, title="Organizer fix").status_code == 302
        draft.refresh_from_db()
        assert draft.title == "Organizer fix"

        client.force_login(author)
        response = client.post(
            reverse("submissions:edit", args=[workshop.slug, draft.pk]),
            paper_form(as_row(author), pdf=pdf_upload()),
        )
        assert response.status_code == 302
        # The workshop itself stays closed to new papers.
        with pytest.raises(ValidationError, match="has passed"):
            services.create_submission(
                workshop=workshop,
                by=author,
                title="New",
                abstract="x",
                authors=[services.AuthorData(author.name, author.email)],
                pdf=services.Upload("p.pdf", make_paper()),
            )
    draft.refresh_from_db()
    assert draft.status == "submitted" and draft.versions.count() == 1
