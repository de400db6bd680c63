import re
import subprocess
import sys

import pytest
from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.urls import reverse

from people.models import User
from people.validators import validate_orcid
from workshop.models import OutgoingEmail

from ..factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def sign_up(client, captured, email="new.author@uni.example.edu"):
    with captured(execute=True):
        response = client.post(
            reverse("account_signup"),
            {
                "email": email,
                "password1": PASSWORD,
                "password2": PASSWORD,
                "name": "Nova Author",
                "affiliation": "Uni Example",
            },
        )
    return response


def test_sign_up_verify_and_log_in_by_email(client, django_capture_on_commit_callbacks, mailoutbox):
    response = sign_up(client, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    user = User.objects.get(email="new.author@uni.example.edu")
    assert user.name == "Nova Author"
    assert not EmailAddress.objects.get(user=user).verified

    # The verification mail is a row in the outbox, and the eager task delivered it.
    row = OutgoingEmail.objects.get(to=user.email)
    assert row.template_key == "account:email_confirmation_signup"
    assert row.state == "sent"
    assert len(mailoutbox) == 1 and mailoutbox[0].to == [user.email]
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+/)", row.text_body).group(1)

    client.logout()
    assert client.get(link).status_code == 200
    confirmed = client.post(link)
    assert confirmed.status_code == 302
    assert EmailAddress.objects.get(user=user).verified

    client.logout()
    login = client.post(
        reverse("account_login"), {"login": "New.Author@uni.example.edu", "password": PASSWORD}
    )
    assert login.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_wrong_password_is_refused_with_a_clear_message(client):
    UserFactory(email="ada@uni.example.edu")
    response = client.post(
        reverse("account_login"), {"login": "ada@uni.example.edu", "password": "not-the-password"}
    )
    assert response.status_code == 200
    assert "The email address and/or password you specified are not correct." in (
        response.content.decode()
    )
    assert "_auth_user_id" not in client.session


def test_unverified_login_is_refused_and_sends_a_new_link(
    client, django_capture_on_commit_callbacks
):
    UserFactory(email="late@uni.example.edu", verified=False)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("account_login"),
            {"login": "late@uni.example.edu", "password": PASSWORD},
            follow=True,
        )
    assert "_auth_user_id" not in client.session
    assert "Verify Your Email Address" in response.content.decode()
    assert OutgoingEmail.objects.filter(to="late@uni.example.edu").count() == 1


def test_password_reset_mail_goes_through_the_outbox(client, django_capture_on_commit_callbacks):
    UserFactory(email="forgetful@uni.example.edu")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": "forgetful@uni.example.edu"})
    row = OutgoingEmail.objects.get(to="forgetful@uni.example.edu")
    assert row.template_key == "account:password_reset_key"
    assert "/accounts/password/reset/key/" in row.text_body


def test_create_user_and_superuser_use_email():
    user = User.objects.create_user(email="Someone@Example.ORG", password=PASSWORD)
    assert user.email == "someone@example.org" and user.check_password(PASSWORD)
    assert not user.is_staff
    admin = User.objects.create_superuser(email="root@example.org", password=PASSWORD)
    assert admin.is_superuser and admin.is_staff
    assert not hasattr(User, "username") or User.username is None


def test_createsuperuser_noinput(tmp_path):
    db = tmp_path / "db.sqlite3"
    env = {
        "DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{db}",
        "PATH": "/usr/bin:/bin",
        "DJANGO_SUPERUSER_PASSWORD": PASSWORD,
    }
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], env=env, check=True)
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "createsuperuser",
            "--noinput",
            "--email",
            "boss@example.org",
        ],
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "Superuser created successfully." in result.stdout


@pytest.mark.parametrize(
    "value", ["0000-0002-1825-0097", "0000-0001-5109-3700", "0000-0002-1694-233X"]
)
def test_valid_orcid(value):
    validate_orcid(value)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("0000-0002-1825-0098", "This ORCID iD's last digit does not match its checksum"),
        ("0000-0002-1825", "An ORCID iD looks like"),
    ],
)
def test_invalid_orcid(value, message):
    with pytest.raises(ValidationError, match=message):
        validate_orcid(value)


def test_profile_edit(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        reverse("people:profile"),
        {
            "name": "Ada Lovelace",
            "affiliation": "Analytical Engines",
            "homepage": "",
            "orcid": "0000-0002-1825-0098",
            "bio": "",
            "expertise": "",
        },
    )
    assert response.status_code == 200
    assert "does not match its checksum" in response.content.decode()
    user.refresh_from_db()
    assert user.name != "Ada Lovelace"  # nothing changed on a bad input

    response = client.post(
        reverse("people:profile"),
        {
            "name": "Ada Lovelace",
            "affiliation": "Analytical Engines",
            "homepage": "",
            "orcid": "0000-0002-1825-0097",
            "bio": "",
            "expertise": "compilers",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.name, user.orcid) == ("Ada Lovelace", "0000-0002-1825-0097")


def test_profile_needs_login(client):
    response = client.get(reverse("people:profile"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(
    ("url_name", "words"),
    [("account_login", "Log in"), ("account_signup", "Sign up")],
)
def test_account_pages_use_the_headers_words(client, db, url_name, words):
    page = client.get(reverse(url_name)).content.decode()
    title = page.split("<title>", 1)[1].split("</title>", 1)[0]
    assert title.strip() == words
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S)
    assert heading and heading.group(1).strip() == words
    assert "Sign In" not in page and "Signup" not in page and "Sign Up" not in page
