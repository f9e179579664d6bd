"""Many readers vote on one article at the same moment: no vote and no
increment is lost, and one browser still gets one vote. Moderation racing
with a vote leaves the summary equal to the visible votes."""

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections, transaction
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext

from ratings import services
from ratings.fingerprint import VOTER_COOKIE_SALT
from ratings.models import RatingSummary, Vote, VoteBurst
from tests.factories import make_article, make_user
from tests.ratings.factories import make_voter, make_votes, new_captcha, paid

pytestmark = pytest.mark.django_db(transaction=True)

THREADS = 16


def vote_in_threads(article, scores, client_for):
    """Each thread gets its captcha first, then all POST together."""
    barrier = threading.Barrier(len(scores))

    def vote(index):
        try:
            client = client_for(index)
            key, answer, token = new_captcha(client)
            work = paid()
            barrier.wait(timeout=30)
            response = client.post(
                f"/api/ratings/{article.pk}/",
                {"score": scores[index], "captcha_0": key, "captcha_1": answer, **work},
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


def wait_for_a_query_blocked_on_a_lock(timeout=60):
    """Return once another connection to this database waits for a lock."""
    deadline = time.monotonic() + timeout
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity"
                " WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            if cursor.fetchone()[0]:
                return
            time.sleep(0.02)
    raise AssertionError("no query waited for a lock")


def test_a_vote_joining_a_burst_while_it_is_being_hidden_is_hidden_with_it(settings):
    settings.RATINGS_BURST_VOTES = 3
    moderator = make_user("kiemduyet")
    article = make_article()
    make_votes(article, [4, 4])
    make_votes(article, [1, 1, 1], ip="203.0.113.9")
    burst = VoteBurst.objects.get()
    vote_holds_the_lock = threading.Event()

    def late_vote_of_the_burst():
        # Cast and keep the transaction open until the moderator waits for
        # the summary lock this vote holds, then commit.
        try:
            with transaction.atomic():
                services.cast_vote(article=article, score=1, voter=make_voter(ip="203.0.113.10"))
                vote_holds_the_lock.set()
                wait_for_a_query_blocked_on_a_lock()
        finally:
            vote_holds_the_lock.set()
            connections.close_all()

    voter = threading.Thread(target=late_vote_of_the_burst)
    voter.start()
    assert vote_holds_the_lock.wait(timeout=60)
    hidden = services.hide_burst(bursts=[burst], actor=moderator)
    voter.join(timeout=60)

    assert hidden == 4
    assert not Vote.objects.filter(burst=burst, state=Vote.State.VISIBLE).exists()
    summary = RatingSummary.objects.get(article=article)
    visible = Vote.objects.visible().filter(article=article)
    assert (summary.count, summary.total) == (visible.count(), sum(v.score for v in visible))
    assert (summary.count, summary.total) == (2, 8)


def test_summaries_made_on_the_fly_are_locked_in_key_order_with_the_others():
    first, second, third = make_article(), make_article(), make_article()
    make_votes(second, [4])

    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        summaries = RatingSummary.objects.lock([third.pk, first.pk, second.pk], create=True)

    locks = [q["sql"] for q in queries.captured_queries if "FOR UPDATE" in q["sql"]]
    assert set(summaries) == {first.pk, second.pk, third.pk}
    assert len(locks) == 1
    assert locks[0].rstrip().endswith("FOR UPDATE")
    assert 'ORDER BY "ratings_ratingsummary"."article_id" ASC' in locks[0]
