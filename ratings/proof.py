"""The proof of work a script-capable browser pays per vote sent to the JSON
API: a second, invisible cost next to the captcha, with nothing sent to a
third party. The challenge is ALTCHA's (v1, through the `altcha` package): the
server picks a secret number n at most RATINGS_POW_MAX_NUMBER and a random
salt carrying its expiry, and sends SHA-256(salt + n) with an HMAC of it
(RATINGS_POW_KEY, or a key derived from SECRET_KEY); the client finds n by
trying numbers from 0 (half of RATINGS_POW_MAX_NUMBER hashes on average)
and sends back a base64 JSON payload in the field `altcha`.

A challenge comes with each captcha the API issues (api.new_captcha) and
lives as long as the captcha. A solution is accepted once: spend() records
the challenge in the cache (RATINGS_CACHE_ALIAS) until it expires, so a
replay is refused and the record is bounded by the attempts that issued
challenges. The plain rating page (no JavaScript) asks for no proof and has
a lower network quota instead (limits.count_plain_vote).

solve() is the same search in Python: the bench pays the proof of work with
it (docs/ratings.md, "Proof of work")."""

import base64
import binascii
import hashlib
import hmac
import json
import time
from datetime import UTC, datetime
from typing import Literal

import altcha
from captcha.conf import settings as captcha_settings
from django.conf import settings
from django.core.cache import caches

from core.cache import CACHE_ERRORS

from . import texts
from .refusals import VotingUnavailable

FIELD = "altcha"  # the field ALTCHA's own widget posts, so it could replace ours
ALGORITHM: Literal["SHA-256"] = "SHA-256"
# A payload is about 300 characters; anything far longer is not one.
MAX_PAYLOAD_LENGTH = 1000


class ProofError(Exception):
    """A missing, forged, expired or already used proof; `message` is the
    Vietnamese sentence for the reader."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _key() -> bytes:
    """The HMAC key of challenges: RATINGS_POW_KEY, or one derived from
    SECRET_KEY (so the challenges' key is not SECRET_KEY itself)."""
    if settings.RATINGS_POW_KEY:
        return settings.RATINGS_POW_KEY.encode()
    return hmac.new(settings.SECRET_KEY.encode(), b"ratings.proof", hashlib.sha256).digest()


def lifetime_seconds() -> int:
    """How long a challenge may be answered: as long as the captcha it comes
    with (CAPTCHA_TIMEOUT, minutes)."""
    return captcha_settings.CAPTCHA_TIMEOUT * 60


def issue(now: float | None = None) -> dict:
    """A new challenge, as ALTCHA's widget reads it: {"algorithm",
    "challenge", "maxNumber", "salt", "signature"}.

    now: Unix time in seconds (default: the clock); the salt says when the
    challenge expires (lifetime_seconds() later)."""
    now = time.time() if now is None else now
    challenge = altcha.create_challenge_v1(
        altcha.ChallengeOptionsV1(
            algorithm=ALGORITHM,
            max_number=settings.RATINGS_POW_MAX_NUMBER,
            hmac_key=_key(),
            expires=datetime.fromtimestamp(now + lifetime_seconds(), tz=UTC),
        )
    )
    return challenge.to_dict()


def solve(challenge: dict) -> str | None:
    """The payload that answers `challenge` (a dict from issue(), or the
    API's JSON of one): tries n = 0, 1, ... up to its maxNumber, as the
    widget does. Returns the base64 payload to send in the field `altcha`, or
    None if no number up to maxNumber fits (a forged challenge)."""
    salt = challenge["salt"]
    target = bytes.fromhex(challenge["challenge"])
    prefix = hashlib.sha256(salt.encode())
    for number in range(int(challenge["maxNumber"]) + 1):
        attempt = prefix.copy()
        attempt.update(str(number).encode())
        if attempt.digest() == target:
            payload = {
                "algorithm": challenge["algorithm"],
                "challenge": challenge["challenge"],
                "number": number,
                "salt": salt,
                "signature": challenge["signature"],
            }
            return base64.b64encode(json.dumps(payload).encode()).decode()
    return None


def spend(value: object) -> None:
    """Accept the proof of work sent with a vote, once.

    value: the field `altcha` as sent (any type). Raises ProofError when it is
    missing, malformed, forged or expired, or was already spent;
    VotingUnavailable while the cache that records spent proofs cannot be
    reached (without it a proof could be replayed)."""
    payload = _parsed(value)
    ok, _ = altcha.verify_solution_v1(payload, _key(), check_expires=True)
    if not ok:
        raise ProofError(texts.PROOF_EXPIRED)
    expires = _expiry(payload["salt"]) or 0.0  # _parsed() made sure there is one
    remaining = int(expires - time.time()) + 60
    try:
        first = caches[settings.RATINGS_CACHE_ALIAS].add(
            f"ratings:pow:{payload['challenge']}", 1, timeout=remaining
        )
    except CACHE_ERRORS as exc:
        raise VotingUnavailable from exc
    if not first:
        raise ProofError(texts.PROOF_EXPIRED)


def _parsed(value):
    """The payload's fields, checked for type: a dict of str algorithm,
    challenge, salt and signature and an int number, with an expiry in its
    salt. Raises ProofError otherwise."""
    if not value:
        raise ProofError(texts.PROOF_MISSING)
    if not isinstance(value, str) or len(value) > MAX_PAYLOAD_LENGTH:
        raise ProofError(texts.PROOF_MISSING)
    try:
        payload = json.loads(base64.b64decode(value, validate=True))
    except (binascii.Error, ValueError, RecursionError):
        raise ProofError(texts.PROOF_MISSING) from None
    if not isinstance(payload, dict) or payload.get("algorithm") != ALGORITHM:
        raise ProofError(texts.PROOF_MISSING)
    if not all(isinstance(payload.get(name), str) for name in ("challenge", "salt", "signature")):
        raise ProofError(texts.PROOF_MISSING)
    number = payload.get("number")
    if not isinstance(number, int) or isinstance(number, bool) or number < 0:
        raise ProofError(texts.PROOF_MISSING)
    # A challenge issued here always says when it expires: one without an
    # expiry was not signed by this server, and could not be forgotten.
    if _expiry(payload["salt"]) is None:
        raise ProofError(texts.PROOF_EXPIRED)
    return payload


def _expiry(salt: str) -> float | None:
    """The Unix time a salt says its challenge expires, or None."""
    hexed = altcha.PayloadV1("SHA-256", "", 0, salt, "").parse_salt()
    return hexed[1]
