"""The reviewer pool: inviting by pasting a list, the signed and expiring accept/decline
link, joining with or without an account, and the reviewer's expertise profile."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from reviews.enums import InvitationState
from reviews.models import ReviewerInvitation, ReviewerProfile
from reviews.services.pool import parse_invitees
from workshop.enums import RoleKind
from workshop.models import OutgoingEmail, Role

from ..factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_parse_invitees_reads_the_usual_formats_and_names_bad_lines():
    people, errors = parse_invitees(
        "Ada Lovelace <ADA@uni.example.edu>\n"
        "bo@lab.example.org, Bo Builder\n"
        "Cy Chen, cy@x.example.net\n"
        "\n"
        "dee@y.example.net\n"
        "just a name\n"
        "ada@uni.example.edu\n"
    )
    assert [(p.email, p.name) for p in people] == [
        ("ada@uni.example.edu", "Ada Lovelace"),
        ("bo@lab.example.org", "Bo Builder"),
        ("cy@x.example.net", "Cy Chen"),
        ("dee@y.example.net", ""),
    ]
    assert errors == ["Line 6: “just a name” has no valid email address."]


def invite(client, workshop, text):
    return client.post(reverse("admin:reviews_desk_invite", args=[workshop.pk]), {"people": text})


def invitation_link(email: str) -> str:
    body = (
        OutgoingEmail.objects.filter(to=email, template_key="review_invitation")
        .latest("created_at")
        .text_body
    )
    return re.search(r"Accept:\s+(\S+)", body).group(1).split("http://127.0.0.1:8000", 1)[-1]


def test_organizer_invites_by_pasting_a_list(client, workshop, organizer, reviewer):
    client.force_login(organizer)
    response = invite(client, workshop, "Nia New <nia@new.example.net>\nrita@reviewers.example.org")
    assert response.status_code == 302
    assert list(ReviewerInvitation.objects.values_list("email", "state")) == [
        ("nia@new.example.net", InvitationState.PENDING)
    ]
    mail = OutgoingEmail.objects.get(template_key="review_invitation")
    assert mail.to == "nia@new.example.net" and workshop.name in mail.subject
    assert "/reviewing/invitations/" in mail.text_body and "Decline:" in mail.text_body


def test_a_bad_line_invites_nobody(client, workshop, organizer):
    client.force_login(organizer)
    response = invite(client, workshop, "nia@new.example.net\nnot an address")
    assert response.status_code == 400
    assert "Line 2: “not an address” has no valid email address." in response.content.decode()
    assert not ReviewerInvitation.objects.exists() and not OutgoingEmail.objects.exists()


def test_other_organizers_cannot_invite_to_this_workshop(client, workshop, other_organizer):
    client.force_login(other_organizer)
    assert invite(client, workshop, "nia@new.example.net").status_code == 404
    assert not ReviewerInvitation.objects.exists()


def test_accepting_with_an_account_grants_the_role(client, workshop, organizer):
    client.force_login(organizer)
    invite(client, workshop, "Nia <nia@new.example.net>")
    link = invitation_link("nia@new.example.net")
    nia = UserFactory(email="nia@new.example.net", name="Nia New")
    client.force_login(nia)
    page = client.get(link)
    assert page.status_code == 200 and "Review for" in page.content.decode()
    # Opening the link changes nothing (mail scanners open links).
    assert ReviewerInvitation.objects.get().state == InvitationState.PENDING
    response = client.post(link, {"answer": "accept"})
    assert response.url == reverse("reviews:profile", args=[workshop.slug])
    assert Role.objects.filter(workshop=workshop, user=nia, kind=RoleKind.REVIEWER).exists()
    assert ReviewerProfile.objects.filter(workshop=workshop, user=nia).exists()
    assert ReviewerInvitation.objects.get().user == nia


def test_accepting_without_an_account_leads_through_signup(client, workshop, organizer):
    client.force_login(organizer)
    invite(client, workshop, "Nia <nia@new.example.net>")
    link = invitation_link("nia@new.example.net")
    client.logout()
    response = client.post(link, {"answer": "accept"})
    assert response.status_code == 302 and response.url.startswith(reverse("account_signup"))
    assert "email=nia%40new.example.net" in response.url
    signup = client.get(response.url)
    assert 'value="nia@new.example.net"' in signup.content.decode()
    done = client.post(
        response.url,
        {
            "email": "nia@new.example.net",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "name": "Nia New",
            "affiliation": "New Lab",
        },
    )
    assert done.status_code == 302
    # The invitation link proved the address: no verification round, straight to the profile.
    assert done.url == reverse("reviews:profile", args=[workshop.slug])
    nia = Role.objects.get(workshop=workshop, kind=RoleKind.REVIEWER).user
    assert nia.email == "nia@new.example.net"
    assert client.get(done.url).status_code == 200


def test_an_existing_account_logs_in_first(client, workshop, organizer):
    UserFactory(email="nia@new.example.net")
    client.force_login(organizer)
    invite(client, workshop, "nia@new.example.net")
    link = invitation_link("nia@new.example.net")
    client.logout()
    response = client.post(link, {"answer": "accept"})
    assert response.url.startswith(reverse("account_login"))
    assert ReviewerInvitation.objects.get().state == InvitationState.PENDING


def test_declining(client, workshop, organizer):
    client.force_login(organizer)
    invite(client, workshop, "nia@new.example.net")
    link = invitation_link("nia@new.example.net")
    client.logout()
    client.post(link, {"answer": "decline"})
    assert ReviewerInvitation.objects.get().state == InvitationState.DECLINED
    assert not Role.objects.filter(kind=RoleKind.REVIEWER).exists()


def test_expired_and_forged_links(client, workshop, organizer):
    client.force_login(organizer)
    invite(client, workshop, "nia@new.example.net")
    link = invitation_link("nia@new.example.net")
    client.logout()
    with time_machine.travel(timezone.now() + timedelta(days=31)):
        response = client.post(link, {"answer": "accept"})
    assert response.status_code == 410
    assert "This invitation link has expired" in response.content.decode()
    forged = link.replace("/invitations/", "/invitations/x")
    assert client.get(forged).status_code == 404
    assert ReviewerInvitation.objects.get().state == InvitationState.PENDING


def test_a_reviewer_edits_their_expertise_profile(client, workshop, reviewer, outsider):
    from ..factories import TopicFactory

    topic = TopicFactory(workshop=workshop, name="Learned data structures")
    url = reverse("reviews:profile", args=[workshop.slug])
    client.force_login(outsider)
    assert client.get(url).status_code == 403
    client.force_login(reviewer)
    response = client.post(
        url,
        {
            "keywords": "learned indexes, databases",
            "topics": [topic.pk],
            "recent_papers": "The case for learned indexes\nModels replace B-trees.\n\nAnother",
            "max_load": "4",
        },
    )
    assert response.status_code == 302
    profile = ReviewerProfile.objects.get(workshop=workshop, user=reviewer)
    assert profile.keywords == ["learned indexes", "databases"] and profile.load == 4
    assert list(profile.topics.all()) == [topic]
    bad = client.post(url, {"max_load": "500"})
    assert bad.status_code == 400
    profile.refresh_from_db()
    assert profile.load == 4
