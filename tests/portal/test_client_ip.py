import pytest
from django.test import RequestFactory

from core.client_ip import client_ip


def request_from(remote, forwarded=None, real_ip=None):
    headers = {}
    if forwarded is not None:
        headers["X-Forwarded-For"] = forwarded
    if real_ip is not None:
        headers["X-Real-IP"] = real_ip
    return RequestFactory(REMOTE_ADDR=remote).get("/", headers=headers)


def test_without_trusted_proxies_forwarding_headers_are_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    request = request_from("203.0.113.7", forwarded="9.9.9.9", real_ip="8.8.8.8")
    assert client_ip(request) == "203.0.113.7"


def test_behind_one_proxy_the_address_it_appended_is_used(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    # The client wrote 9.9.9.9 itself; the load balancer appended 198.51.100.4.
    request = request_from("10.0.0.2", forwarded="9.9.9.9, 198.51.100.4")
    assert client_ip(request) == "198.51.100.4"


def test_behind_two_proxies_the_outermost_proxys_entry_is_used(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    request = request_from("10.0.0.3", forwarded="9.9.9.9, 198.51.100.4, 10.0.0.2")
    assert client_ip(request) == "198.51.100.4"


@pytest.mark.parametrize("forwarded", ["not-an-ip", "1.2.3.4.5", "<script>"])
def test_an_entry_that_is_not_an_address_gives_no_address(settings, forwarded):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request_from("10.0.0.2", forwarded=forwarded)) == ""


def test_a_missing_header_behind_a_proxy_falls_back_to_the_peer(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request_from("10.0.0.2")) == "10.0.0.2"


def test_ipv6_addresses_are_normalised(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request_from("2001:DB8:0:0::1")) == "2001:db8::1"


@pytest.mark.parametrize(
    ("forwarded", "address"),
    [
        ("198.51.100.4:51234", "198.51.100.4"),
        ("[2001:db8::1]:443", "2001:db8::1"),
        ("[2001:db8::1]", "2001:db8::1"),
    ],
)
def test_a_proxy_that_appends_the_port_still_gives_the_readers_address(
    settings, forwarded, address
):
    # Unparsed, every such reader would share the one "unknown" address and
    # its limits: one vote counted per article for the whole country.
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request_from("10.0.0.2", forwarded=f"9.9.9.9, {forwarded}")) == address


@pytest.mark.parametrize("forwarded", ["1.2.3.4:99999999", "[not-an-ip]:80", "1.2.3.4:"])
def test_a_port_does_not_make_garbage_an_address(settings, forwarded):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request_from("10.0.0.2", forwarded=forwarded)) == ""
