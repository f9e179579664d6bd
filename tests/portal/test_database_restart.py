"""Votes cast while PostgreSQL restarts: every vote answered 201 is stored.

The test restarts a PostgreSQL cluster of its own (initdb in a temporary
folder, on a free port), never the machine's shared server, which other test
runs may be using at the same moment.
"""

import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.servers import ROOT, app_server
from wholestack.processes import free_port

CSRF = "restarttestcsrftoken0123456789ab"
POSTGRES_BIN = Path(sorted(glob.glob("/usr/lib/postgresql/*/bin"))[-1])
pytestmark = pytest.mark.system


def as_postgres(*command):
    """PostgreSQL refuses to run as root: run its tools as the postgres user."""
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    return subprocess.run([*prefix, *command], check=True, capture_output=True, text=True)


@pytest.fixture
def private_postgresql():
    """(database URL, restart function) of a throw-away cluster, migrated."""
    folder = Path(tempfile.mkdtemp(prefix="vpcp-restart-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    data = folder / "data"
    port = free_port()
    as_postgres(str(POSTGRES_BIN / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust")
    options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off"
    pg_ctl = [str(POSTGRES_BIN / "pg_ctl"), "-D", str(data), "-l", str(folder / "log"), "-w"]
    as_postgres(*pg_ctl, "-o", options, "start")
    url = f"postgres://postgres@127.0.0.1:{port}/vpcp_restart"
    try:
        manage(url, "ensure_database")
        manage(url, "migrate", "--noinput", "-v0")
        yield url, lambda: as_postgres(*pg_ctl, "-m", "fast", "restart")
    finally:
        as_postgres(*pg_ctl, "-m", "immediate", "stop")
        shutil.rmtree(folder, ignore_errors=True)


def manage(url, *args):
    environment = {**os.environ, "DATABASE_URL": url, "DJANGO_SECRET_KEY": "test-only"}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def query(url, code):
    """Run `code` in a Django shell on the cluster; it prints one JSON value."""
    return json.loads(manage(url, "shell", "-c", code).strip().splitlines()[-1])


# Signs the proofs of work the seeding shell solves and the app server checks.
POW_KEY = "restart-test-proof-key"

SEED = f"""
import json
from captcha.models import CaptchaStore
from django.conf import settings
from ratings.proof import issue, solve
from tests.factories import make_article
# The lowest difficulty: the server checks a proof alike at any.
settings.RATINGS_POW_KEY, settings.RATINGS_POW_MAX_NUMBER = "{POW_KEY}", 1000
article = make_article(title="Tin được đánh giá khi khởi động lại CSDL")
captchas = []
for _ in range(1501):
    key = CaptchaStore.generate_key()
    captchas.append((key, CaptchaStore.objects.get(hashkey=key).response, solve(issue())))
print(json.dumps({{"article": article.pk, "captchas": captchas}}))
"""

COUNTS = """
import json
from ratings.models import RatingSummary, Vote
summary = RatingSummary.objects.get(article_id=%d)
# One address votes throughout: all but its first vote are held, not counted.
print(json.dumps({"stored": Vote.objects.filter(article_id=%d).count(),
                  "summary": summary.count + summary.held}))
"""


def cast(base, article_id, key, answer, work):
    fields = {"score": "5", "captcha_0": key, "captcha_1": answer, "altcha": work}
    body = urllib.parse.urlencode(fields).encode()
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


def wait_until(condition, seconds=120):
    """Poll `condition` every 50 ms until it holds or `seconds` have passed."""
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.05)


def test_every_vote_answered_201_survives_a_database_restart(private_postgresql):
    url, restart_postgresql = private_postgresql
    seeded = query(url, SEED)
    article_id, captchas = seeded["article"], seeded["captchas"]
    last_key, last_answer, last_work = captchas.pop()
    limits = {
        "RATINGS_MAX_VOTES_PER_IP_PER_ARTICLE_PER_DAY": "100000",
        "RATINGS_MAX_VOTES_PER_NETWORK_PER_DAY": "100000",
        "RATINGS_MAX_ATTEMPTS_PER_NETWORK_PER_HOUR": "100000",
        "DJANGO_CONN_MAX_AGE": "60",
        "RATINGS_POW_KEY": POW_KEY,
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
                    key, answer, work = queue.pop()
                answers.append((time.monotonic(), cast(base, article_id, key, answer, work)))
                time.sleep(0.01)

        threads = [threading.Thread(target=voter) for _ in range(6)]
        for thread in threads:
            thread.start()
        # Wait for real answers rather than a fixed time: on a busy machine the
        # first votes can take longer than any fixed pause.
        wait_until(lambda: any(status == 201 for _, status in answers))
        restart_began = time.monotonic()
        restart_postgresql()
        restart_ended = time.monotonic()
        wait_until(lambda: any(at > restart_ended and status == 201 for at, status in answers))
        stop.set()
        for thread in threads:
            thread.join(60)

        statuses = [status for _, status in answers]
        accepted = statuses.count(201)
        counts = query(url, COUNTS % (article_id, article_id))
        assert set(statuses) <= {201, 503, "no answer"}, set(statuses)
        # Votes were being cast before, and accepted again after, the restart.
        assert any(at < restart_began and status == 201 for at, status in answers)
        assert any(at > restart_ended and status == 201 for at, status in answers)
        assert counts["stored"] >= accepted
        assert counts["summary"] == counts["stored"]

        # The app server was not restarted: it serves again by itself.
        assert cast(base, article_id, last_key, last_answer, last_work) == 201
