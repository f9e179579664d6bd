"""Small factories for ratings tests: plain functions with sensible defaults."""

import itertools

from captcha.models import CaptchaStore
from django.test import Client, RequestFactory

from ratings import proof, services
from ratings.fingerprint import Voter
from tests.factories import make_article

_seq = itertools.count(1)


def make_voter(ip=None, user_agent="pytest", token=None):
    """The Voter a request from `ip` would be (by default a new address, in a
    network of its own, each time)."""
    n = next(_seq)
    ip = ip or f"10.{n // 250 % 250}.{n % 250}.7"
    request = RequestFactory().get("/", REMOTE_ADDR=ip, HTTP_USER_AGENT=user_agent)
    voter = Voter.from_request(request)
    if token:
        voter = Voter(voter.ip_hash, voter.network_hash, voter.user_agent_hash, token)
    return voter


def make_vote(article=None, score=4, ip=None, now=None, **voter_fields):
    """Cast a vote through services.cast_vote(); returns the stored Vote."""
    article = article or make_article()
    voter = make_voter(ip=ip, **voter_fields)
    services.cast_vote(article=article, score=score, voter=voter, now=now)
    return article.rating_votes.get(voter_token=voter.token)


def make_votes(article, scores, ip=None, now=None):
    return [make_vote(article, score, ip=ip, now=now) for score in scores]


def captcha_answer(key):
    """The answer of a captcha, read from django-simple-captcha's store."""
    return CaptchaStore.objects.get(hashkey=key).response


def paid(challenge=None):
    """The field of a solved proof of work, as the widget sends it with a
    vote: {"altcha": payload}, for `challenge` (the API's, from a captcha)
    or a new one."""
    return {proof.FIELD: proof.solve(challenge or proof.issue())}


def new_captcha(client):
    """Ask the API for a captcha as the widget does: (key, answer, csrf token)."""
    body = client.get("/api/ratings/captcha/").json()
    return body["key"], captcha_answer(body["key"]), body["csrf_token"]


def vote_without_cookies(article, address, score=5):
    """A script that drops its cookies: a new client, a new captcha, a vote.
    Returns the API's answer."""
    client = Client(REMOTE_ADDR=address)
    issued = client.get("/api/ratings/captcha/").json()
    key = issued["key"]
    return client.post(
        f"/api/ratings/{article.pk}/",
        {
            "score": score,
            "captcha_0": key,
            "captcha_1": captcha_answer(key),
            **paid(issued["altcha"]),
        },
    )
