"""Sending the decisions of a whole conference is one short request: it records who is told
and hands the mails to a task, which renders and queues one per author, once."""

import email
from collections import Counter

import pytest
from django.db import transaction
from django.urls import reverse

from reviews.models import DecisionNotice
from reviews.services.decisions import count_decision_mails, send_decision_mails
from workshop.models import OutgoingEmail

from ..factories import AuthorFactory, SubmissionFactory, UserFactory
from ..services import wait_for


def decided_papers(workshop, count: int, authors_each: int = 2) -> list[str]:
    """`count` decided papers with `authors_each` authors; returns the authors' addresses."""
    addresses = []
    for n in range(count):
        paper = SubmissionFactory(
            workshop=workshop,
            number=n + 1,
            status="accepted_poster" if n % 2 else "rejected",
            created_by=UserFactory(),
        )
        for position in range(authors_each):
            address = f"author{n}-{position}@lab{n}.example.org"
            AuthorFactory(
                submission=paper, position=position, name=f"Author {n}.{position}", email=address
            )
            addresses.append(address)
    return addresses


@pytest.mark.django_db
@pytest.mark.parametrize("papers", [2, 6])
def test_the_request_takes_the_same_queries_at_any_size_and_leaves_the_mails_to_a_task(
    client,
    workshop,
    organizer,
    papers,
    django_assert_num_queries,
    django_capture_on_commit_callbacks,
):
    addresses = decided_papers(workshop, papers)
    client.force_login(organizer)
    url = reverse("admin:reviews_desk_decision_mails", args=[workshop.pk])
    with (
        django_capture_on_commit_callbacks() as callbacks,
        # The same count at any size: the notices, the papers' public addresses (one
        # bulk update), the audit entry, and no mail.
        django_assert_num_queries(20),
    ):
        response = client.post(url, {"expected": str(len(addresses))})
    assert response.status_code == 302
    assert not OutgoingEmail.objects.exists()  # nothing rendered or stored in the request
    assert DecisionNotice.objects.count() == papers  # but the authors count as told
    assert count_decision_mails(workshop=workshop, by=organizer) == 0

    for callback in callbacks:
        callback()  # the task (eager in unit tests)
    sent_to = Counter(OutgoingEmail.objects.values_list("to", flat=True))
    assert sent_to == Counter(addresses)
    for callback in callbacks:
        callback()  # the task again, as after a retry: nobody gets a second mail
    assert OutgoingEmail.objects.count() == len(addresses)


@pytest.mark.django_db
def test_a_stale_preview_still_sends_nothing(client, workshop, organizer):
    decided_papers(workshop, 2)
    client.force_login(organizer)
    url = reverse("admin:reviews_desk_decision_mails", args=[workshop.pk])
    page = client.post(url, {"expected": "3"}, follow=True).content.decode()
    assert "The preview showed 3 mails but there are now 4" in page
    assert not DecisionNotice.objects.exists() and not OutgoingEmail.objects.exists()


@pytest.mark.integration
def test_decision_mails_fan_out_through_a_real_worker(real_worker, workshop, organizer):
    process, sink = real_worker
    addresses = decided_papers(workshop, 5, authors_each=3)
    with transaction.atomic():
        assert send_decision_mails(workshop=workshop, by=organizer) == 15
    delivered = wait_for(lambda: len(sink.messages) >= len(addresses), timeout=60)
    assert delivered, process.log()
    wait_for(lambda: False, timeout=1)  # a duplicate would arrive now
    assert Counter(m.rcpt_tos[0] for m in sink.messages) == Counter(addresses)
    subjects = {email.message_from_bytes(m.content)["Subject"] for m in sink.messages}
    assert any("accepted as a poster" in subject for subject in subjects)
    assert OutgoingEmail.objects.filter(state="sent").count() == len(addresses)
