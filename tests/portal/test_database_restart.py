"""Votes cast while PostgreSQL restarts: every vote answered 201 is stored."""

import os
import subprocess
import threading
import time
import urllib.parse
import urllib.request

import pytest
from captcha.models import CaptchaStore
from django.db import connection

from ratings.models import RatingSummary, Vote
from tests.factories import make_article
from tests.servers import app_server

pytestmark = pytest.mark.django_db(transaction=True)
CSRF = "restarttestcsrftoken0123456789ab"


def restart_postgresql():
    version = sorted(os.listdir("/etc/postgresql"))[-1]
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart", "-m", "fast"],
        check=True,
        capture_output=True,
    )


def cast(base, article_id, key, answer):
    body = urllib.parse.urlencode({"score": "5", "captcha_0": key, "captcha_1": answer}).encode()
    request = urllib.request.Request(
        f"{base}/api/ratings/{article_id}/",
        data=body,
        headers={"Cookie": f"csrftoken={CSRF}", "X-CSRFToken": CSRF},
    )
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return "no answer"


def test_every_vote_answered_201_survives_a_database_restart():
    article = make_article(title="Tin được đánh giá khi khởi động lại CSDL")
    captchas = []
    for _ in range(1500):
        key = CaptchaStore.generate_key()
        captchas.append((key, CaptchaStore.objects.get(hashkey=key).response))
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    limits = {
        "RATINGS_MAX_VOTES_PER_IP_PER_ARTICLE_PER_DAY": "100000",
        "RATINGS_MAX_VOTES_PER_NETWORK_PER_DAY": "100000",
        "RATINGS_MAX_ATTEMPTS_PER_NETWORK_PER_HOUR": "100000",
        "DJANGO_CONN_MAX_AGE": "60",
    }
    answers = []  # (time, status)
    with app_server(url, **limits) as base:
        queue = list(captchas)
        lock = threading.Lock()
        stop = threading.Event()

        def voter():
            while not stop.is_set():
                with lock:
                    if not queue:
                        return
                    key, answer = queue.pop()
                answers.append((time.monotonic(), cast(base, article.pk, key, answer)))
                time.sleep(0.01)

        threads = [threading.Thread(target=voter) for _ in range(6)]
        for thread in threads:
            thread.start()
        time.sleep(0.5)
        restart_began = time.monotonic()
        restart_postgresql()
        restart_ended = time.monotonic()
        time.sleep(1.5)
        stop.set()
        for thread in threads:
            thread.join(60)
        connection.close()  # the test's own connection died with the restart

        statuses = [status for _, status in answers]
        accepted = statuses.count(201)
        stored = Vote.objects.filter(article=article).count()
        assert set(statuses) <= {201, 503, "no answer"}, set(statuses)
        # Votes were being cast before, and accepted again after, the restart.
        assert any(at < restart_began and status == 201 for at, status in answers)
        assert any(at > restart_ended and status == 201 for at, status in answers)
        assert stored >= accepted
        summary = RatingSummary.objects.get(article=article)
        assert summary.count == stored

        # The app server was not restarted: it serves again by itself.
        key = CaptchaStore.generate_key()
        answer = CaptchaStore.objects.get(hashkey=key).response
        assert cast(base, article.pk, key, answer) == 201
