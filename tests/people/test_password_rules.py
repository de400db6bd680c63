"""Django's password validators guard sign-up: each weak password is refused with its
sentence and no account is created."""

import pytest
from django.urls import reverse

from people.models import User

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("password", "sentence"),
    [
        ("short1x", "This password is too short. It must contain at least 8 characters."),
        ("password123", "This password is too common."),
        ("83920174652", "This password is entirely numeric."),
        ("grace.hopper.navy", "The password is too similar to the email address."),
    ],
)
def test_a_weak_password_is_refused_at_sign_up(client, password, sentence):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "grace.hopper@navy.example.org",
            "password1": password,
            "password2": password,
            "name": "Grace Hopper",
            "affiliation": "Navy",
        },
    )
    assert response.status_code == 200
    assert sentence in response.content.decode()
    assert not User.objects.exists()
