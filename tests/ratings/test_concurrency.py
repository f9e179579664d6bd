"""Many readers vote on one article at the same moment: no vote and no
increment is lost, and one browser still gets one vote."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connections
from django.http import HttpResponse
from django.test import Client

from ratings.fingerprint import VOTER_COOKIE_SALT
from ratings.models import RatingSummary, Vote
from tests.factories import make_article
from tests.ratings.factories import new_captcha

pytestmark = pytest.mark.django_db(transaction=True)

THREADS = 16


def vote_in_threads(article, scores, client_for):
    """Each thread gets its captcha first, then all POST together."""
    barrier = threading.Barrier(len(scores))

    def vote(index):
        try:
            client = client_for(index)
            key, answer, token = new_captcha(client)
            barrier.wait(timeout=30)
            response = client.post(
                f"/api/ratings/{article.pk}/",
                {"score": scores[index], "captcha_0": key, "captcha_1": answer},
                headers={"X-CSRFToken": token},
            )
            return response.status_code, scores[index]
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=len(scores)) as pool:
        return list(pool.map(vote, range(len(scores))))


def test_concurrent_votes_are_all_counted_exactly():
    article = make_article()
    scores = [index % 5 + 1 for index in range(THREADS)]

    results = vote_in_threads(
        article,
        scores,
        lambda i: Client(enforce_csrf_checks=True, REMOTE_ADDR=f"10.{i}.0.1"),
    )

    accepted = [score for status, score in results if status == 201]
    summary = RatingSummary.objects.get(article=article)
    assert len(accepted) == THREADS
    assert summary.count == len(accepted) == Vote.objects.filter(article=article).count()
    assert summary.total == sum(accepted)
    assert summary.histogram == {str(n): accepted.count(n) for n in range(1, 6)}


def test_one_browser_voting_from_many_tabs_at_once_gets_one_vote():
    article = make_article()
    first = Client(enforce_csrf_checks=True)
    first.get("/api/ratings/captcha/")
    # Give every tab the same voter cookie, as tabs of one browser share it.

    cookie = HttpResponse()
    cookie.set_signed_cookie("vpcp_voter", "t" * 32, salt=VOTER_COOKIE_SALT)

    def tab(_):
        client = Client(enforce_csrf_checks=True)
        client.cookies["vpcp_voter"] = cookie.cookies["vpcp_voter"].value
        return client

    results = vote_in_threads(article, [4] * 8, tab)

    statuses = sorted(status for status, _ in results)
    assert statuses == [201] + [409] * 7
    assert RatingSummary.objects.get(article=article).count == 1
