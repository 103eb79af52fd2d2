"""Signing up, logging in, and resetting a forgotten password by email."""

import re

from django.contrib.auth.models import User
from django.core import mail

from ..factories import UserFactory


def test_signing_up_logs_the_new_student_in(client, db):
    response = client.post(
        "/accounts/signup/",
        {
            "username": "newcomer",
            "email": "New@Example.org",
            "password1": "a-long-passphrase-42",
            "password2": "a-long-passphrase-42",
        },
    )
    assert response.status_code == 302 and response["Location"] == "/"
    user = User.objects.get(username="newcomer")
    assert user.email == "new@example.org" and not user.is_staff
    assert client.get("/").status_code == 200  # logged in


def test_signing_up_with_a_taken_email_or_weak_password_says_why(client, db):
    UserFactory(username="first", email="taken@example.org")
    page = client.post(
        "/accounts/signup/",
        {"username": "second", "email": "TAKEN@example.org", "password1": "x", "password2": "x"},
    ).content.decode()
    assert "An account with this email exists" in page
    assert "This password is too short" in page
    assert not User.objects.filter(username="second").exists()


def test_a_forgotten_password_is_reset_through_the_emailed_link(client, db):
    UserFactory(username="forgetful", email="f@example.org")
    response = client.post("/accounts/password-reset/", {"email": "f@example.org"})
    assert response.status_code == 302 and len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+)", mail.outbox[0].body)[1]
    form = client.get(link, follow=True)  # Django swaps the token for a session one
    assert "Choose a new password" in form.content.decode()
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "another-long-one-77", "new_password2": "another-long-one-77"},
    )
    assert done.status_code == 302
    assert client.login(username="forgetful", password="another-long-one-77")


def test_a_reset_for_an_unknown_email_sends_nothing_and_says_the_same(client, db):
    response = client.post("/accounts/password-reset/", {"email": "nobody@example.org"})
    assert response.status_code == 302 and mail.outbox == []
