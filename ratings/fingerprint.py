"""Who is voting, as far as a rating needs to know, without storing who.

The client address is the project's (core.client_ip: REMOTE_ADDR, or
behind TRUSTED_PROXY_COUNT proxies the address the outermost one saw; never a
header the client wrote). IPv6 is counted by networks, since one household or
phone holds a whole /64: an "address" is an IPv4 address or an IPv6 /64
(RATINGS_IPV6_ADDRESS_PREFIX), a "network" an IPv4 /24 or an IPv6 /48
(RATINGS_IPV4_NETWORK_PREFIX, RATINGS_IPV6_NETWORK_PREFIX). The address, its
network and the user agent are kept only as keyed hashes (HMAC-SHA256 with
RATINGS_HASH_KEY, or a key derived from SECRET_KEY).

A request without a trustworthy address counts as UNKNOWN_ADDRESS: all such
requests share one address and one network, so the per-address and
per-network limits hold for them together instead of not at all.
"""

import functools
import ipaddress
import re
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.utils.crypto import salted_hmac
from django.utils.encoding import force_bytes

from core.client_ip import client_ip

VOTER_COOKIE_SALT = "ratings.voter"
TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
UNKNOWN_ADDRESS = "unknown"


def address_of(request):
    """The client's address as text, or UNKNOWN_ADDRESS."""
    return client_ip(request) or UNKNOWN_ADDRESS


def address_key(address: str) -> str:
    """What counts as one address, as text: an IPv4 address itself, the
    RATINGS_IPV6_ADDRESS_PREFIX (/64) network of an IPv6 address."""
    return _address_key(_parse_ip(address))


def network_of(address: str) -> str:
    """The network of an address, as text: RATINGS_IPV4_NETWORK_PREFIX (/24)
    for IPv4, RATINGS_IPV6_NETWORK_PREFIX (/48) for IPv6."""
    return _network(_parse_ip(address))


def _address_key(ip):
    if ip is None:
        return UNKNOWN_ADDRESS
    if ip.version == 4:
        return str(ip)
    return _prefix(ip, settings.RATINGS_IPV6_ADDRESS_PREFIX)


def _network(ip):
    if ip is None:
        return UNKNOWN_ADDRESS
    return _prefix(
        ip,
        settings.RATINGS_IPV4_NETWORK_PREFIX
        if ip.version == 4
        else settings.RATINGS_IPV6_NETWORK_PREFIX,
    )


def _prefix(ip, length):
    """The network of `length` bits holding `ip`, as text: what
    str(ipaddress.ip_network(f"{ip}/{length}", strict=False)) gives, without
    building a network object (this runs for every vote and captcha)."""
    shift = ip.max_prefixlen - length
    return f"{type(ip)(int(ip) >> shift << shift)}/{length}"


def keyed_hash(purpose, value):
    """HMAC-SHA256 of `value`, with a key per purpose derived from
    RATINGS_HASH_KEY (or SECRET_KEY): 64 hex characters."""
    keyed = _keyed_hmac(purpose, settings.RATINGS_HASH_KEY or settings.SECRET_KEY).copy()
    keyed.update(force_bytes(value))
    return keyed.hexdigest()


@functools.lru_cache(maxsize=16)
def _keyed_hmac(purpose, secret):
    """Django's salted_hmac() for `purpose` before any message: deriving its
    key costs a hash, so it is done once per purpose and secret, and copied."""
    return salted_hmac(f"vpcp.ratings.{purpose}", b"", secret=secret, algorithm="sha256")


def _parse_ip(text):
    try:
        ip = ipaddress.ip_address(text.strip().strip("[]"))
    except (ValueError, AttributeError):
        return None
    if ip.version == 6 and ip.ipv4_mapped:
        return ip.ipv4_mapped
    return ip


@dataclass(frozen=True)
class Voter:
    """The hashed identity of a vote's sender and the browser's voter token."""

    ip_hash: str
    network_hash: str
    user_agent_hash: str
    token: str
    new_token: bool = False

    @classmethod
    def from_request(cls, request):
        ip = _parse_ip(address_of(request))
        token = read_voter_token(request)
        new_token = token is None
        return cls(
            ip_hash=keyed_hash("ip", _address_key(ip)),
            network_hash=keyed_hash("network", _network(ip)),
            user_agent_hash=keyed_hash("ua", request.headers.get("user-agent", "")[:512]),
            token=token or _new_token(),
            new_token=new_token,
        )


def network_hash_of_request(request):
    return keyed_hash("network", network_of(address_of(request)))


def _new_token():
    return secrets.token_urlsafe(24)


def read_voter_token(request):
    """The token in the browser's signed voter cookie, or None."""
    try:
        token = request.get_signed_cookie(
            settings.RATINGS_VOTER_COOKIE_NAME, salt=VOTER_COOKIE_SALT
        )
    except (KeyError, signing.BadSignature):
        return None
    return token if TOKEN_RE.match(token) else None


def give_voter_token(request, response):
    """Give a browser without a voter token one, before it votes (with the
    captcha): all its tabs then send that token, so two votes sent at once
    from one browser meet the one-vote-per-voter constraint. Otherwise each
    would get a token of its own with its vote."""
    if read_voter_token(request) is None:
        _set_voter_cookie(request, response, _new_token())
    return response


def remember_voter(request, response, voter):
    """Keep the token a vote was stored with, if the request had none (an
    API client that did not ask for a captcha with cookies on)."""
    if voter.new_token:
        _set_voter_cookie(request, response, voter.token)
    return response


def _set_voter_cookie(request, response, token):
    """The voter token in a signed, HTTP-only cookie."""
    response.set_signed_cookie(
        settings.RATINGS_VOTER_COOKIE_NAME,
        token,
        salt=VOTER_COOKIE_SALT,
        max_age=settings.RATINGS_VOTER_COOKIE_MAX_AGE_DAYS * 86400,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )
