import pytest
from django.urls import reverse

from workshop.enums import EmailState
from workshop.forms import ZonedDateTimeField
from workshop.mail import queue_email
from workshop.models import OutgoingEmail

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


def _mail(key, workshop, **extra):
    return OutgoingEmail.objects.create(
        to=f"{key}@example.org",
        subject=f"Mail {key}",
        text_body="x",
        template_key="t",
        idempotency_key=key,
        workshop=workshop,
        **extra,
    )


def test_a_staff_organizer_opens_and_resends_a_failed_mail_of_their_workshop(
    client, workshop, other_workshop, organizer, django_capture_on_commit_callbacks
):
    """The admin asks the organizer predicate with the mail itself; it used to be handed on
    as if it were the workshop, and the page was a server error."""
    mine = _mail("mine", workshop, state=EmailState.FAILED, last_error="SMTP 451 try later")
    theirs = _mail("theirs", other_workshop)
    account_mail = _mail("account", None)
    client.force_login(organizer)
    for page in ("change", "history"):
        response = client.get(reverse(f"admin:workshop_outgoingemail_{page}", args=[mine.pk]))
        assert response.status_code == 200, page
        assert "Mail mine" in response.content.decode()
    assert "SMTP 451 try later" in client.get(
        reverse("admin:workshop_outgoingemail_change", args=[mine.pk])
    ).content.decode()
    # Another workshop's mail and a mail of no workshop answer as a missing id does.
    missing = client.get(reverse("admin:workshop_outgoingemail_change", args=[999_999]))
    for other in (theirs, account_mail):
        for page in ("change", "history"):
            url = reverse(f"admin:workshop_outgoingemail_{page}", args=[other.pk])
            response = client.get(url)
            assert response.status_code == missing.status_code == 302, (other, page)
            assert response.url == missing.url
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:workshop_outgoingemail_changelist"),
            {"action": "resend_failed", "_selected_action": [mine.pk, theirs.pk]},
        )
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert (mine.state, theirs.state) == (EmailState.SENT, EmailState.QUEUED)


def test_the_outbox_permission_answers_per_workshop(
    workshop, other_workshop, organizer, other_organizer, admin_user
):
    mine, theirs, account_mail = (
        _mail("mine", workshop),
        _mail("theirs", other_workshop),
        _mail("account", None),
    )
    perm = "workshop.view_outgoingemail"
    assert organizer.has_perm(perm) and organizer.has_perm(perm, mine)
    assert not organizer.has_perm(perm, theirs) and not organizer.has_perm(perm, account_mail)
    assert other_organizer.has_perm(perm, theirs) and not other_organizer.has_perm(perm, mine)
    assert all(admin_user.has_perm(perm, mail) for mail in (mine, theirs, account_mail))
