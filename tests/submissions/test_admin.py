"""The organizer's workbench: scoped to their workshops, with filters, search, the check
results and versions, and actions (route to the sibling, withdraw, extend) through services."""

import pytest
from django.urls import reverse
from django.utils import timezone

from submissions import services
from submissions.models import Routing
from workshop.enums import RoleKind
from workshop.models import OutgoingEmail

from ..factories import RoleFactory, SeriesFactory, TopicFactory, UserFactory, WorkshopFactory
from .conftest import stored_files
from .pdfs import make_paper

pytestmark = pytest.mark.django_db
CHANGELIST = "admin:submissions_submission_changelist"


def new_paper(workshop, by, title, **kwargs):
    return services.create_submission(
        workshop=workshop,
        by=by,
        title=title,
        abstract="x",
        authors=[services.AuthorData(by.name, by.email)],
        pdf=services.Upload("p.pdf", make_paper()),
        submit=True,
        **kwargs,
    )


def run_action(client, action, papers, **fields):
    return client.post(
        reverse(CHANGELIST),
        {"action": action, "_selected_action": [p.pk for p in papers], **fields},
        follow=True,
    )


def titles(response) -> list[str]:
    return sorted(s.title for s in response.context["cl"].result_list)


def test_a_staff_organizer_sees_only_their_workshops_papers(
    client, paper, organizer, other_workshop, outsider, before_deadline
):
    theirs = new_paper(other_workshop, outsider, "Another workshop's paper")
    client.force_login(organizer)
    assert titles(client.get(reverse(CHANGELIST))) == [paper.title]
    own = client.get(reverse("admin:submissions_submission_change", args=[paper.pk]))
    assert own.status_code == 200
    foreign = client.get(reverse("admin:submissions_submission_change", args=[theirs.pk]))
    assert foreign.status_code == 302  # "doesn't exist", as for a missing id
    assert "submissions" in [app["app_label"] for app in client.get("/admin/").context["app_list"]]


def test_staff_who_organise_nothing_get_no_paper_admin(client, paper, outsider):
    outsider.is_staff = True
    outsider.save()
    client.force_login(outsider)
    assert client.get(reverse(CHANGELIST)).status_code == 403


def test_papers_are_neither_added_nor_deleted_here(client, paper, organizer):
    client.force_login(organizer)
    assert client.get(reverse("admin:submissions_submission_add")).status_code == 403
    delete = reverse("admin:submissions_submission_delete", args=[paper.pk])
    assert client.get(delete).status_code == 403
    assert (
        "delete_selected"
        not in client.get(reverse(CHANGELIST))
        .context["action_form"]
        .fields["action"]
        .choices.__str__()
    )


def test_filters_and_search(client, workshop, organizer, author, co_author, before_deadline):
    networking = TopicFactory(workshop=workshop, name="Networking")
    first = new_paper(workshop, author, "Learned congestion control", topics=[networking])
    new_paper(workshop, co_author, "Learned index structures")
    services.withdraw(submission=first, by=author)
    client.force_login(organizer)
    url = reverse(CHANGELIST)
    assert titles(client.get(url, {"status__exact": "withdrawn"})) == [first.title]
    assert titles(client.get(url, {"topics__id__exact": networking.pk})) == [first.title]
    assert len(titles(client.get(url, {"workshop__id__exact": workshop.pk}))) == 2
    assert titles(client.get(url, {"q": "Bo Coauthor"})) == ["Learned index structures"]
    assert titles(client.get(url, {"q": "ada@uni"})) == [first.title]
    assert titles(client.get(url, {"q": "index"})) == ["Learned index structures"]


def test_the_change_page_shows_checks_and_versions(client, paper, organizer, workshop):
    workshop.page_limit = 3  # the rules changed after the paper came in
    workshop.save()
    client.force_login(organizer)
    html = client.get(reverse("admin:submissions_submission_change", args=[paper.pk])).content
    html = html.decode()
    assert "✗ The paper has 4 pages before the references; the limit is 3." in html
    version = paper.versions.get()
    download = reverse("submissions:download", args=[workshop.slug, paper.pk, version.pk])
    assert download in html and "passed" in html
    assert "Cy Pending" in html and "not yet" in html  # the unverified co-author


def test_routing_to_the_sibling_keeps_history_and_rechecks(
    client, author, private_media, before_deadline, django_capture_on_commit_callbacks
):
    series = SeriesFactory()
    source = WorkshopFactory(series=series, name="ML for Systems", page_limit=4)
    target = WorkshopFactory(series=series, name="Systems for ML", page_limit=3)
    unrelated = WorkshopFactory(name="Unrelated workshop")
    TopicFactory(workshop=source, name="Networking")
    TopicFactory(workshop=target, name="Networking")
    organizer = UserFactory(is_staff=True)
    RoleFactory(workshop=source, user=organizer, kind=RoleKind.ORGANIZER)
    RoleFactory(workshop=target, user=organizer, kind=RoleKind.ORGANIZER)
    paper = new_paper(source, author, "Misfiled", topics=source.topics.all())
    client.force_login(organizer)

    ask = client.post(
        reverse(CHANGELIST), {"action": "route_to_sibling", "_selected_action": [paper.pk]}
    )
    assert list(ask.context["form"].fields["to"].queryset) == [target]  # not `unrelated`
    assert unrelated.name not in ask.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = run_action(
            client,
            "route_to_sibling",
            [paper],
            to=target.pk,
            reason="It is about systems.",
            apply=1,
        )
    assert "1 paper(s) moved to Systems for ML" in response.content.decode()
    paper.refresh_from_db()
    assert paper.workshop == target and list(paper.topics.values_list("name", flat=True)) == [
        "Networking"
    ]
    routing = Routing.objects.get()
    assert (routing.from_workshop, routing.to_workshop, routing.routed_by) == (
        source,
        target,
        organizer,
    )
    assert routing.findings == ["The paper has 4 pages before the references; the limit is 3."]
    mail = OutgoingEmail.objects.get(template_key="submission_routed")
    assert "the limit is 3" in mail.text_body and "It is about systems." in mail.text_body

    run_action(client, "route_to_sibling", [paper], to=source.pk, reason="Back again.", apply=1)
    assert list(Routing.objects.values_list("from_workshop", "to_workshop")) == [
        (source.pk, target.pk),
        (target.pk, source.pk),
    ]
    assert Routing.objects.order_by("id").last().findings == []  # fits the 4-page limit again
    assert paper.versions.count() == 1 and len(stored_files(private_media)) == 1


def test_routing_needs_a_reason(client, author, before_deadline):
    series = SeriesFactory()
    source, target = WorkshopFactory(series=series), WorkshopFactory(series=series)
    organizer = UserFactory(is_staff=True)
    RoleFactory(workshop=source, user=organizer, kind=RoleKind.ORGANIZER)
    paper = new_paper(source, author, "Misfiled")
    client.force_login(organizer)
    response = run_action(client, "route_to_sibling", [paper], to=target.pk, reason="", apply=1)
    assert response.context["form"].errors == {"reason": ["This field is required."]}
    assert not Routing.objects.exists()


def test_withdraw_action_confirms_then_withdraws(
    client, paper, organizer, django_capture_on_commit_callbacks
):
    client.force_login(organizer)
    confirm = client.post(
        reverse(CHANGELIST), {"action": "withdraw", "_selected_action": [paper.pk]}
    )
    assert "Withdraw these papers?" in confirm.content.decode()
    paper.refresh_from_db()
    assert paper.status == "submitted"
    with django_capture_on_commit_callbacks(execute=True):
        run_action(client, "withdraw", [paper], apply=1)
    paper.refresh_from_db()
    assert paper.status == "withdrawn"
    mail = OutgoingEmail.objects.filter(template_key="submission_withdrawn").first()
    assert "Olga Organizer has withdrawn" in mail.text_body


def test_an_action_refused_by_the_service_says_why(client, paper, organizer):
    services.set_decision(submission=paper, decision="rejected", by=organizer)
    paper.workshop.decisions_released_at = timezone.now()
    paper.workshop.save()
    client.force_login(organizer)
    response = run_action(client, "withdraw", [paper], apply=1)
    assert f"#1: {services.WITHDRAW_REFUSED}" in [str(m) for m in response.context["messages"]]


def test_extend_deadline_needs_a_reason_and_a_future_time(client, paper, organizer):
    client.force_login(organizer)
    response = run_action(
        client, "extend_deadline", [paper], until_0="2018-10-01", until_1="12:00:00", reason="x",
        apply=1,
    )  # fmt: skip
    assert [str(m) for m in response.context["messages"]] == [
        "#1: The new deadline must be in the future."
    ]
    assert not paper.deadline_extensions.exists()


# Workshop-scoped admins run no full-result COUNT (a conference has 15,000 rows).
@pytest.mark.parametrize(("papers", "queries"), [(1, 11), (3, 11)])
def test_the_changelist_takes_a_fixed_number_of_queries(
    client, workshop, organizer, author, before_deadline, django_assert_num_queries, papers, queries
):
    for n in range(papers):
        new_paper(workshop, author, f"Paper {n}")
    client.force_login(organizer)
    # session, user, the admin's permission checks (one more since the Reviewing app is in the
    # sidebar) and filter choices, two counts, the page of papers, their authors and their PDFs
    with django_assert_num_queries(queries):
        response = client.get(reverse(CHANGELIST))
    assert len(response.context["cl"].result_list) == papers
