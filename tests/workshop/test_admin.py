import pytest
from django.urls import reverse

from workshop.forms import ZonedDateTimeField
from workshop.mail import queue_email

pytestmark = pytest.mark.django_db


def test_staff_organizer_sees_only_their_workshop(client, workshop, other_workshop, organizer):
    client.force_login(organizer)
    changelist = client.get(reverse("admin:workshop_workshop_changelist"))
    assert changelist.status_code == 200
    html = changelist.content.decode()
    assert workshop.name in html and other_workshop.name not in html

    own = client.get(reverse("admin:workshop_workshop_change", args=[workshop.pk]))
    assert own.status_code == 200
    assert "In AoE (UTC−12)." in own.content.decode()  # the admin says which zone
    foreign = client.get(reverse("admin:workshop_workshop_change", args=[other_workshop.pk]))
    assert foreign.status_code == 302  # "doesn't exist", exactly as for a missing id
    assert client.get(reverse("admin:workshop_workshop_add")).status_code == 403


def test_superuser_sees_all(admin_client, workshop, other_workshop):
    html = admin_client.get(reverse("admin:workshop_workshop_changelist")).content.decode()
    assert workshop.name in html and other_workshop.name in html


def test_non_organizer_staff_gets_no_workshop_admin(client, outsider, workshop):
    outsider.is_staff = True
    outsider.save()
    client.force_login(outsider)
    assert client.get(reverse("admin:workshop_workshop_changelist")).status_code == 403


def test_deadline_entered_in_aoe_is_stored_in_utc(admin_client, workshop):
    url = reverse("admin:workshop_workshop_change", args=[workshop.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if isinstance(field, ZonedDateTimeField):
            if value:
                data[f"{name}_0"], data[f"{name}_1"] = value.date(), value.time()
        elif value is not None:
            data[name] = value
    data.update(
        {
            "submission_deadline_0": "2018-10-26",
            "submission_deadline_1": "23:59:00",
            "starts_at_0": "2018-12-08",
            "starts_at_1": "08:00:00",
            "ends_at_0": "2018-12-08",
            "ends_at_1": "18:30:00",
        }
    )
    for prefix in ("roles", "topics", "links"):
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    workshop.refresh_from_db()
    assert workshop.submission_deadline.isoformat() == "2018-10-27T11:59:00+00:00"
    assert workshop.starts_at.isoformat() == "2018-12-08T13:00:00+00:00"
    # Times not touched survive the round trip through the zoned form unchanged.
    assert workshop.submissions_open_at.isoformat() == "2018-09-01T12:00:00+00:00"


def test_outbox_admin_is_scoped_and_resends_failed(
    client, workshop, other_workshop, organizer, django_capture_on_commit_callbacks
):
    mine = queue_email(
        to="a@example.org",
        subject="Mine",
        text_body="x",
        template_key="t",
        idempotency_key="mine",
        workshop=workshop,
    )
    queue_email(
        to="b@example.org",
        subject="Theirs",
        text_body="x",
        template_key="t",
        idempotency_key="theirs",
        workshop=other_workshop,
    )
    type(mine).objects.filter(pk=mine.pk).update(state="failed", last_error="SMTP 451")
    client.force_login(organizer)
    html = client.get(reverse("admin:workshop_outgoingemail_changelist")).content.decode()
    assert "Mine" in html and "Theirs" not in html
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:workshop_outgoingemail_changelist"),
            {
                "action": "resend_failed",
                "_selected_action": [mine.pk],
            },
            follow=True,
        )
    assert "1 email(s) queued again." in response.content.decode()
    mine.refresh_from_db()
    assert mine.state == "sent"


def test_the_admin_index_shows_a_staff_organizer_every_workbench(client, organizer):
    client.force_login(organizer)
    html = client.get(reverse("admin:index")).content.decode()
    for app in ("workshop", "submissions", "reviews", "schedule"):
        assert f'class="app-{app} module' in html, app
    for changelist in (
        "admin:workshop_workshop_changelist",
        "admin:workshop_outgoingemail_changelist",
        "admin:schedule_program_changelist",
    ):
        assert reverse(changelist) in html, changelist


def test_the_admin_index_shows_nothing_to_other_staff(client, outsider):
    outsider.is_staff = True
    outsider.save()
    client.force_login(outsider)
    html = client.get(reverse("admin:index")).content.decode()
    assert "app-workshop" not in html and "app-schedule" not in html
