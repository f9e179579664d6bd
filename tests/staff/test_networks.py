"""What counts as one network for sign-in throttling and the sign-in log."""

import pytest

from staff.networks import network_of


@pytest.mark.parametrize(
    ("address", "network"),
    [
        ("203.0.113.77", "203.0.113.0/24"),
        ("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64"),
        ("::ffff:203.0.113.9", "203.0.113.0/24"),
        ("", ""),
        ("khong-phai-dia-chi", ""),
    ],
)
def test_an_address_counts_as_its_24_or_64(address, network):
    assert network_of(address) == network
