"""Password guessing as an attacker would do it: rotating addresses inside one
IPv6 /64, spraying one password over many usernames, and trying an
approver's password from elsewhere to lock them out. Past the free failures a
captcha is asked before any password is checked; nobody is locked out."""

import pytest
from captcha.models import CaptchaStore
from django.core.cache import cache
from django.test import Client

from staff.models import SignIn
from tests.articles.desk import staff
from tests.staff.signing_in import app_code, enrolled_then_signed_in_again, give_code, sign_in

pytestmark = [pytest.mark.django_db, pytest.mark.second_factor]


def signed_in(client):
    return "_auth_user_id" in client.session


def solved(response):
    """The captcha fields of a sign-in page, answered right."""
    key = response.context["form"].captcha_key()
    return {"captcha_0": key, "captcha_1": CaptchaStore.objects.get(hashkey=key).response}


def test_rotating_addresses_inside_one_ipv6_64_is_counted_as_one_network(client, settings):
    settings.STAFF_SIGNIN_FREE_FAILURES = 5
    editor = staff("editor")
    for n in range(5):
        sign_in(client, editor.username, password=f"doan-{n}", address=f"2001:db8:1:2::{n + 1}")
    guess = sign_in(client, editor.username, address="2001:db8:1:2:ffff::9")
    assert not signed_in(client)
    assert "Nhập mã xác nhận trong hình" in guess.content.decode()
    assert SignIn.objects.count() == 5  # the refused guess never reached the password


def test_spraying_one_password_over_many_usernames_is_throttled(client, settings):
    settings.STAFF_SIGNIN_FREE_FAILURES = 5
    users = [staff("editor") for _ in range(6)]
    for user in users[:5]:
        sign_in(client, user.username, password="Matkhau@2024", address="198.51.100.5")
    sign_in(client, users[5].username, address="198.51.100.5")
    assert not signed_in(client)


def test_spraying_from_many_networks_is_throttled_in_all(client, settings):
    settings.STAFF_SIGNIN_FREE_FAILURES = 5
    settings.STAFF_SIGNIN_FREE_FAILURES_IN_ALL = 20
    editor = staff("editor")
    for n in range(20):
        sign_in(client, f"nguoi{n}", password="Matkhau@2024", address=f"198.51.{n}.5")
    sign_in(client, editor.username, address="192.0.2.1")
    assert not signed_in(client)


def test_an_approver_is_never_locked_out_by_an_attackers_failures(client, settings):
    settings.STAFF_SIGNIN_FREE_FAILURES = 5
    approver = staff("approver")
    for n in range(30):  # guesses from elsewhere, and from the approver's own network
        sign_in(client, approver.username, password=f"doan-{n}", address=f"192.0.2.{n}")
        sign_in(client, approver.username, password=f"doan-{n}", address=f"203.0.113.{n}")
    asked = sign_in(client, approver.username)
    assert not signed_in(client)
    response = sign_in(client, approver.username, **solved(asked))
    assert response.status_code == 302 and signed_in(client)


def test_a_wrong_captcha_refuses_even_the_right_password_and_is_used_up(client, settings):
    settings.STAFF_SIGNIN_FREE_FAILURES = 1
    editor = staff("editor")
    sign_in(client, editor.username, password="sai")
    asked = sign_in(client, editor.username)
    fields = solved(asked)
    wrong = sign_in(client, editor.username, captcha_0=fields["captcha_0"], captcha_1="zzzz")
    assert "Mã xác nhận không đúng" in wrong.content.decode()
    again = sign_in(client, editor.username, **fields)  # the right answer, too late
    assert "Mã xác nhận đã hết hạn" in again.content.decode()
    assert not signed_in(client)


def test_made_up_usernames_keep_no_counter_of_their_own(client, settings):
    for n in range(50):
        sign_in(client, f"khong-co-{n}", password="sai", address="198.51.100.9")
    keys = cache._cache.get_client().keys("*staff-signin*")
    assert len(keys) == 2  # the network's count and the count in all


def test_wrong_codes_ask_for_a_captcha_and_never_lock_the_owner_out(client, settings):
    settings.STAFF_SIGNIN_FREE_FAILURES = 5
    approver = staff("approver")
    secret, _ = enrolled_then_signed_in_again(client, approver)
    thief = Client()  # has the password, tries codes from elsewhere
    sign_in(thief, approver.username, address="192.0.2.7")
    for n in range(30):
        give_code(thief, f"{n:06d}", address="192.0.2.7")
    right_code = app_code(secret, steps_ahead=1)
    asked = give_code(thief, right_code, address="192.0.2.7")
    assert "Nhập mã xác nhận trong hình" in asked.content.decode()
    assert thief.get("/quan-tri/").status_code == 302  # the right code alone did not open it
    owner = give_code(client, right_code)
    assert owner.status_code == 200 and client.get("/quan-tri/").status_code == 302
    response = give_code(client, right_code, **solved(owner))
    assert response["Location"] == "/quan-tri/"
    assert client.get("/quan-tri/").status_code == 200


def test_while_the_cache_is_down_staff_sign_in_and_failures_count_in_the_process(client, settings):
    settings.STAFF_SIGNIN_FREE_FAILURES = 3
    editor = staff("editor")
    settings.CACHES = {
        **settings.CACHES,
        "default": {  # the counters live in a Redis nobody listens to
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
            "OPTIONS": {"socket_connect_timeout": 0.5},
        },
    }
    assert sign_in(client, editor.username).status_code == 302  # no captcha asked
    client.logout()
    for n in range(3):
        sign_in(client, editor.username, password=f"doan-{n}", address="192.0.2.44")
    asked = sign_in(client, editor.username, address="192.0.2.44")
    assert not signed_in(client)
    assert (
        sign_in(client, editor.username, address="192.0.2.44", **solved(asked)).status_code == 302
    )
