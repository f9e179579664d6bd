"""Who votes, without storing who: client address, network, keyed hashes."""

import pytest
from django.test import RequestFactory

from ratings.fingerprint import Voter, client_ip, keyed_hash, network_of


def request(remote="192.0.2.10", forwarded=None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


def test_the_client_is_remote_addr_and_a_forwarded_header_is_ignored(settings):
    settings.RATINGS_TRUSTED_PROXIES = 0

    assert client_ip(request(forwarded="203.0.113.1")) == "192.0.2.10"


def test_behind_one_trusted_proxy_the_client_is_the_last_forwarded_address(settings):
    settings.RATINGS_TRUSTED_PROXIES = 1

    assert client_ip(request(forwarded="6.6.6.6, 203.0.113.1")) == "203.0.113.1"


def test_behind_two_trusted_proxies_the_client_is_second_from_the_right(settings):
    settings.RATINGS_TRUSTED_PROXIES = 2

    address = client_ip(request(forwarded="6.6.6.6, 203.0.113.1, 10.0.0.2"))

    assert address == "203.0.113.1"


def test_a_forwarded_header_shorter_than_the_proxy_chain_is_not_trusted(settings):
    settings.RATINGS_TRUSTED_PROXIES = 2

    assert client_ip(request(forwarded="203.0.113.1")) == "192.0.2.10"


def test_a_forwarded_value_that_is_not_an_address_is_not_trusted(settings):
    settings.RATINGS_TRUSTED_PROXIES = 1

    assert client_ip(request(forwarded="<script>")) == "192.0.2.10"


def test_the_proxy_count_defaults_to_the_project_setting(settings):
    if hasattr(settings, "RATINGS_TRUSTED_PROXIES"):
        del settings.RATINGS_TRUSTED_PROXIES
    settings.TRUSTED_PROXY_COUNT = 1

    assert client_ip(request(forwarded="203.0.113.1")) == "203.0.113.1"


@pytest.mark.parametrize(
    ("address", "network"),
    [
        ("203.0.113.77", "203.0.113.0/24"),
        ("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"),
        ("::ffff:203.0.113.77", "203.0.113.0/24"),
        ("not an address", "unknown"),
    ],
)
def test_the_network_is_the_24_or_the_64(address, network):
    assert network_of(address) == network


def test_two_addresses_of_one_network_share_its_hash():
    one = Voter.from_request(request("203.0.113.5"))
    other = Voter.from_request(request("203.0.113.250"))

    assert one.network_hash == other.network_hash
    assert one.ip_hash != other.ip_hash


def test_the_hashes_are_keyed_by_the_secret(settings):
    before = keyed_hash("ip", "203.0.113.5")
    settings.RATINGS_HASH_KEY = "another secret"

    assert keyed_hash("ip", "203.0.113.5") != before


def test_a_browser_without_a_voter_cookie_gets_a_new_token():
    voter = Voter.from_request(request())

    assert voter.new_token
    assert len(voter.token) >= 16


def test_a_tampered_voter_cookie_is_ignored():
    tampered = request()
    tampered.COOKIES["vpcp_voter"] = "abcdefghijklmnopqrstuvwxyz:forged:signature"

    assert Voter.from_request(tampered).new_token
