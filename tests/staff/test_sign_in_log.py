"""The sign-in log superusers read: who, when, from which network (never the
address), success or failure; pruned by age; read-only."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from staff.models import SignIn
from tests.articles.desk import staff
from tests.staff.signing_in import enrolled_then_signed_in_again, give_code, sign_in

pytestmark = [pytest.mark.django_db, pytest.mark.second_factor]


def test_each_password_check_is_logged_with_the_network_not_the_address(client):
    approver = staff("approver")
    sign_in(client, approver.username, password="sai", address="198.51.100.77")
    sign_in(client, approver.username, address="2001:db8:aa:bb:1:2:3:4")
    sign_in(client, "khong-co-ai", password="sai", address="198.51.100.78")
    rows = list(SignIn.objects.order_by("at", "pk").values_list("username", "network", "succeeded"))
    assert rows == [
        (approver.username, "198.51.100.0/24", False),
        (approver.username, "2001:db8:aa:bb::/64", True),
        ("khong-co-ai", "198.51.100.0/24", False),
    ]
    assert not SignIn.objects.filter(network__contains="77").exists()


def test_codes_of_the_second_factor_are_logged_too(client):
    approver = staff("approver")
    enrolled_then_signed_in_again(client, approver)
    give_code(client, "999999")
    steps = SignIn.objects.filter(step=SignIn.Step.SECOND_FACTOR)
    assert list(steps.values_list("user", "succeeded")) == [(approver.pk, False)]


def test_rows_older_than_the_kept_days_are_deleted_as_new_ones_come(client, settings):
    settings.STAFF_SIGNIN_LOG_DAYS = 90
    editor = staff("editor")
    with time_machine.travel(timezone.now() - timedelta(days=91)):
        sign_in(client, editor.username, password="sai")
    with time_machine.travel(timezone.now() - timedelta(days=89)):
        sign_in(client, editor.username, password="sai")
    sign_in(client, editor.username)
    assert SignIn.objects.count() == 2


def test_superusers_read_the_log_and_nobody_edits_it(client):
    approver = staff("approver")
    sign_in(client, approver.username, password="sai")
    row = SignIn.objects.get()
    client.force_login(staff("superuser"))
    listing = client.get(reverse("admin:staff_signin_changelist")).content.decode()
    assert "Nhật ký đăng nhập" in listing and approver.username in listing
    assert "203.0.113.0/24" in listing
    assert client.get(reverse("admin:staff_signin_add")).status_code == 403
    assert client.post(reverse("admin:staff_signin_delete", args=[row.pk])).status_code == 403
    client.force_login(staff("approver"))
    assert client.get(reverse("admin:staff_signin_changelist")).status_code == 403
