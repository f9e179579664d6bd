"""Who votes, without storing who: client address, network, keyed hashes."""

import pytest
from django.test import RequestFactory

from ratings.fingerprint import (
    UNKNOWN_ADDRESS,
    Voter,
    address_key,
    keyed_hash,
    network_hash_of_request,
    network_of,
)


def request(remote="192.0.2.10", forwarded=None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


def test_the_voter_is_the_remote_address_and_a_forwarded_header_is_ignored():
    spoofed = Voter.from_request(request("192.0.2.10", forwarded="203.0.113.1"))

    assert spoofed.ip_hash == keyed_hash("ip", "192.0.2.10")


def test_behind_a_trusted_proxy_the_voter_is_the_address_it_saw(settings):
    settings.TRUSTED_PROXY_COUNT = 1

    voter = Voter.from_request(request("10.0.0.2", forwarded="6.6.6.6, 203.0.113.1"))

    assert voter.ip_hash == keyed_hash("ip", "203.0.113.1")
    assert voter.network_hash == keyed_hash("network", "203.0.113.0/24")


def test_requests_without_a_trustworthy_address_share_one_address_and_network():
    one = Voter.from_request(request(""))
    other = Voter.from_request(request("not an address"))

    assert one.ip_hash == other.ip_hash == keyed_hash("ip", UNKNOWN_ADDRESS)
    assert one.network_hash == other.network_hash == network_hash_of_request(request(""))


@pytest.mark.parametrize(
    ("address", "network"),
    [
        ("203.0.113.77", "203.0.113.0/24"),
        ("2001:db8:1:2:3:4:5:6", "2001:db8:1::/48"),
        ("::ffff:203.0.113.77", "203.0.113.0/24"),
        ("not an address", "unknown"),
    ],
)
def test_the_network_is_the_ipv4_24_or_the_ipv6_48(address, network):
    assert network_of(address) == network


@pytest.mark.parametrize(
    ("address", "key"),
    [
        ("203.0.113.77", "203.0.113.77"),
        ("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"),
        ("::ffff:203.0.113.77", "203.0.113.77"),
    ],
)
def test_one_address_is_an_ipv4_address_or_an_ipv6_64(address, key):
    assert address_key(address) == key


def test_the_ipv6_prefixes_are_settings(settings):
    settings.RATINGS_IPV6_ADDRESS_PREFIX = 56
    settings.RATINGS_IPV6_NETWORK_PREFIX = 40

    assert address_key("2001:db8:1:2:3:4:5:6") == "2001:db8:1::/56"
    assert network_of("2001:db8:1:2:3:4:5:6") == "2001:db8::/40"


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
