"""Who is voting, as far as a rating needs to know, without storing who.

The client IP address is REMOTE_ADDR. Only when RATINGS_TRUSTED_PROXIES = N > 0
(N reverse proxies that each append the address they saw) is it the Nth
address from the right of X-Forwarded-For; a forwarding header is otherwise
ignored, because any client can send one. The address, its network (/24 for
IPv4, /64 for IPv6) and the user agent are kept only as keyed hashes (HMAC-SHA256
with RATINGS_HASH_KEY, or a key derived from SECRET_KEY).
"""

import ipaddress
import re
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.utils.crypto import salted_hmac

from .conf import conf

VOTER_COOKIE_SALT = "ratings.voter"
TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
UNKNOWN_ADDRESS = "unknown"


def client_ip(request):
    """The client's address as text, or "unknown" when it cannot be read."""
    remote = _parse_ip(request.META.get("REMOTE_ADDR", ""))
    proxies = conf.TRUSTED_PROXIES
    if proxies > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            address = _parse_ip(forwarded[-proxies])
            if address is not None:
                return str(address)
    return str(remote) if remote is not None else UNKNOWN_ADDRESS


def network_of(address):
    """The /24 (IPv4) or /64 (IPv6) network of an address, as text."""
    ip = _parse_ip(address)
    if ip is None:
        return UNKNOWN_ADDRESS
    prefix = 24 if ip.version == 4 else 64
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False))


def keyed_hash(purpose, value):
    """HMAC-SHA256 of `value`, with a key per purpose derived from
    RATINGS_HASH_KEY (or SECRET_KEY): 64 hex characters."""
    secret = conf.HASH_KEY or settings.SECRET_KEY
    return salted_hmac(
        f"vpcp.ratings.{purpose}", value, secret=secret, algorithm="sha256"
    ).hexdigest()


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
        address = client_ip(request)
        token = read_voter_token(request)
        new_token = token is None
        return cls(
            ip_hash=keyed_hash("ip", address),
            network_hash=keyed_hash("network", network_of(address)),
            user_agent_hash=keyed_hash("ua", request.META.get("HTTP_USER_AGENT", "")[:512]),
            token=token or secrets.token_urlsafe(24),
            new_token=new_token,
        )


def network_hash_of_request(request):
    return keyed_hash("network", network_of(client_ip(request)))


def read_voter_token(request):
    """The token in the browser's signed voter cookie, or None."""
    try:
        token = request.get_signed_cookie(conf.VOTER_COOKIE_NAME, salt=VOTER_COOKIE_SALT)
    except (KeyError, signing.BadSignature):
        return None
    return token if TOKEN_RE.match(token) else None


def remember_voter(request, response, voter):
    """Store the voter token in a signed, HTTP-only cookie."""
    if voter.new_token:
        response.set_signed_cookie(
            conf.VOTER_COOKIE_NAME,
            voter.token,
            salt=VOTER_COOKIE_SALT,
            max_age=conf.VOTER_COOKIE_MAX_AGE_DAYS * 86400,
            httponly=True,
            samesite="Lax",
            secure=request.is_secure(),
        )
    return response
