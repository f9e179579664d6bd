"""What makes a second factor set up with a stolen password, or a superuser's
stolen password, visible or useless: the owner's e-mail, the sign-in log, a
new session key, and account changes asking for a recent code."""

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import User
from django.core import mail
from django.urls import reverse

from staff.models import SignIn
from tests.articles.desk import staff
from tests.staff.signing_in import (
    app_code,
    enrol,
    enrolled_then_signed_in_again,
    give_code,
    sign_in,
)

pytestmark = [pytest.mark.django_db, pytest.mark.second_factor]


def new_account(client):
    return client.post(
        reverse("admin:auth_user_add"),
        {"username": "ke-gia-mao", "password1": "Mk-dai-hon-12!", "password2": "Mk-dai-hon-12!"},
    )


def test_setting_up_the_app_mails_its_owner_and_is_logged(
    client, django_capture_on_commit_callbacks
):
    approver = staff("approver", email="duyet@vpcp.gov.vn")
    sign_in(client, approver.username)
    with django_capture_on_commit_callbacks(execute=True):
        enrol(client)
    assert [m.to for m in mail.outbox] == [["duyet@vpcp.gov.vn"]]
    assert "Nếu không phải bạn" in mail.outbox[0].body
    row = SignIn.objects.get(step=SignIn.Step.ENROLMENT)
    assert (row.user, row.network) == (approver, "203.0.113.0/24")


def test_giving_the_code_changes_the_session_key(client):
    approver = staff("approver")
    secret, _ = enrolled_then_signed_in_again(client, approver)
    before = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    give_code(client, app_code(secret, steps_ahead=1))
    assert client.cookies[django_settings.SESSION_COOKIE_NAME].value != before


def test_a_superuser_without_a_second_factor_cannot_add_an_account(client):
    sign_in(client, staff("superuser").username)
    response = new_account(client)
    assert response["Location"].startswith(reverse("staff:enrol"))
    assert not User.objects.filter(username="ke-gia-mao").exists()


def test_a_superuser_with_a_recent_code_adds_an_account(client):
    sign_in(client, staff("superuser").username)
    enrol(client)
    assert new_account(client).status_code == 302
    assert User.objects.filter(username="ke-gia-mao").exists()


def test_the_front_page_reminds_an_approver_without_the_app(client):
    sign_in(client, staff("approver").username)
    page = client.get(reverse("admin:index")).content.decode()
    assert "cần xác thực hai bước để xuất bản" in page
    sign_in(client, staff("editor").username)
    assert "cần xác thực hai bước" not in client.get(reverse("admin:index")).content.decode()
