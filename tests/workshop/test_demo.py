from datetime import UTC, datetime
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command

from workshop.enums import RoleKind
from workshop.models import Workshop

pytestmark = pytest.mark.django_db


def snapshot() -> dict[str, list[dict]]:
    return {
        model._meta.label: sorted(model.objects.values(), key=lambda row: str(row.get("id")))
        for model in apps.get_models()
        if model._meta.app_label not in {"sessions", "admin"}
    }


def test_loaddemo_is_idempotent_and_recreates_the_2018_workshop():
    out = StringIO()
    call_command("loaddemo", stdout=out)
    first = snapshot()
    call_command("loaddemo", stdout=StringIO())
    assert snapshot() == first

    mlsys = Workshop.objects.get(slug="ml-for-systems-2018")
    assert mlsys.name == "Machine Learning for Systems"
    assert mlsys.timezone == "America/Toronto" and mlsys.room == "510 AC"
    assert mlsys.starts_at == datetime(2018, 12, 8, 13, 0, tzinfo=UTC)
    assert mlsys.ends_at == datetime(2018, 12, 8, 23, 30, tzinfo=UTC)
    organizers = [
        role.user.name for role in mlsys.roles.filter(kind=RoleKind.ORGANIZER, is_public=True)
    ]
    assert organizers == [
        "Anna Goldie",
        "Azalia Mirhoseini",
        "Jonathan Raiman",
        "Kevin Swersky",
        "Milad Hashemi",
    ]
    assert mlsys.links.count() == 7
    sibling = Workshop.objects.get(slug="systems-for-ml-2018")
    assert list(mlsys.siblings()) == [sibling]
    assert "organizer@example.org" in out.getvalue() and "mlsys-demo-2018" in out.getvalue()


def test_the_next_edition_has_an_open_call():
    call_command("loaddemo", stdout=StringIO())
    nxt = Workshop.objects.get(slug="ml-for-systems-next")
    from django.utils import timezone

    assert nxt.call_is_open(timezone.now())
    # The deadline is the end of a day Anywhere on Earth: 11:59 UTC.
    assert (nxt.submission_deadline.hour, nxt.submission_deadline.minute) == (11, 59)
