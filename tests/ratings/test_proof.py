"""The proof of work of a vote, as a script meets it: the API refuses a vote
with a forged, expired or replayed proof; a vote without one, through the API
or the plain rating page (no JavaScript), counts against a lower quota."""

import base64
import json
import re
import subprocess
import urllib.parse

import pytest
from captcha.models import CaptchaStore
from django.test import Client

from ratings import proof
from ratings.models import Vote
from tests.factories import make_article
from tests.ratings.factories import new_captcha, paid
from tests.ratings.test_rate_page import submit
from tests.servers import ANSWER_SECONDS, ROOT

pytestmark = pytest.mark.django_db

NOT_DONE = "Trình duyệt chưa hoàn tất bước kiểm tra tự động, vui lòng gửi lại đánh giá"
USED = "Bước kiểm tra tự động đã hết hạn hoặc đã được dùng, vui lòng gửi lại đánh giá"


def vote(client, article, work, score=4):
    key, answer, token = new_captcha(client)
    fields = {"score": score, "captcha_0": key, "captcha_1": answer, **work}
    return client.post(f"/api/ratings/{article.pk}/", fields, headers={"X-CSRFToken": token}), key


def tampered(payload, **changes):
    fields = json.loads(base64.b64decode(payload))
    fields.update(changes)
    return base64.b64encode(json.dumps(fields).encode()).decode()


def test_the_captcha_comes_with_a_challenge_of_the_configured_difficulty(settings, client):
    settings.RATINGS_POW_MAX_NUMBER = 20_000

    challenge = client.get("/api/ratings/captcha/").json()["altcha"]

    assert challenge["algorithm"] == "SHA-256"
    assert challenge["maxNumber"] == 20_000
    assert "expires=" in challenge["salt"]
    assert proof.solve(challenge) is not None


def test_an_api_vote_without_proof_of_work_counts_against_the_plain_quota(settings, article):
    settings.RATINGS_MAX_PLAIN_VOTES_PER_NETWORK_PER_HOUR = 1
    first, _ = vote(Client(enforce_csrf_checks=True, REMOTE_ADDR="198.51.100.1"), article, {})
    assert first.status_code == 201

    second, key = vote(
        Client(enforce_csrf_checks=True, REMOTE_ADDR="198.51.100.2"), make_article(), {}
    )

    assert second.status_code == 429
    assert second.json() == {
        "errors": {"__all__": ["Bạn gửi quá nhiều đánh giá, vui lòng thử lại sau"]}
    }
    assert Vote.objects.count() == 1
    # Refused before the fields: the captcha's answer was not even read.
    assert CaptchaStore.objects.filter(hashkey=key).exists()
    # The widget, which pays the proof, still votes from that network.
    widget = Client(enforce_csrf_checks=True, REMOTE_ADDR="198.51.100.3")
    assert vote(widget, make_article(), paid())[0].status_code == 201


def test_a_vote_without_proof_of_work_is_counted_as_an_attempt_too(settings, article):
    settings.RATINGS_MAX_ATTEMPTS_PER_NETWORK_PER_HOUR = 2
    client = Client(enforce_csrf_checks=True, REMOTE_ADDR="198.51.100.7")
    first, _ = vote(client, article, {})  # the captcha, then the vote: two attempts
    assert first.status_code == 201

    refused = client.get("/api/ratings/captcha/")

    assert refused.status_code == 429
    assert "Retry-After" in refused


def test_a_vote_with_the_solved_challenge_of_its_captcha_is_stored(browser_client, article):
    key, answer, token = new_captcha(browser_client)
    challenge = browser_client.get("/api/ratings/captcha/").json()["altcha"]

    response = browser_client.post(
        f"/api/ratings/{article.pk}/",
        {"score": 5, "captcha_0": key, "captcha_1": answer, **paid(challenge)},
        headers={"X-CSRFToken": token},
    )

    assert response.status_code == 201
    assert Vote.objects.filter(article=article, score=5).count() == 1


def test_a_replayed_proof_is_refused(article):
    work = paid()
    assert vote(Client(enforce_csrf_checks=True), article, work)[0].status_code == 201

    replayed, _ = vote(Client(enforce_csrf_checks=True), make_article(), work)

    assert replayed.status_code == 400
    assert replayed.json() == {"errors": {"altcha": [USED]}}
    assert Vote.objects.count() == 1


@pytest.mark.parametrize(
    "change",
    [
        {"number": 10**9},
        {"signature": "0" * 64},
        {"salt": "00ff?expires=9999999999&"},
        {"algorithm": "SHA-1"},
        {"number": "7"},
    ],
)
def test_a_forged_proof_is_refused(browser_client, article, change):
    response, _ = vote(browser_client, article, {"altcha": tampered(paid()["altcha"], **change)})

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["altcha"]
    assert not Vote.objects.exists()


@pytest.mark.parametrize("value", ["nonsense", "e30=", "W10=", "x" * 5000])
def test_a_proof_that_is_not_a_payload_is_refused(browser_client, article, value):
    response, _ = vote(browser_client, article, {"altcha": value})

    assert response.status_code == 400
    assert response.json() == {"errors": {"altcha": [NOT_DONE]}}


def test_a_proof_solved_after_its_challenge_expired_is_refused(
    browser_client, article, time_machine
):
    time_machine.move_to("2026-03-01 08:00:00+00:00", tick=False)
    work = paid()
    time_machine.shift(proof.lifetime_seconds() + 1)

    response, _ = vote(browser_client, article, work)

    assert response.status_code == 400
    assert response.json() == {"errors": {"altcha": [USED]}}


def test_a_spent_proof_is_forgotten_when_its_challenge_expires(redis_counters, article):
    work = paid()
    assert vote(Client(enforce_csrf_checks=True), article, work)[0].status_code == 201

    challenge = json.loads(base64.b64decode(work["altcha"]))["challenge"]
    key = redis_counters.make_and_validate_key(f"ratings:pow:{challenge}")
    ttl = redis_counters._cache.get_client(key).ttl(key)
    assert 0 < ttl <= proof.lifetime_seconds() + 60


def test_a_reader_without_javascript_votes_without_any_proof(article):
    response = submit(Client(REMOTE_ADDR="198.51.100.7"), article)

    assert response.status_code == 302
    assert Vote.objects.filter(article=article).count() == 1


def test_votes_without_proof_have_a_lower_quota_per_network(settings, article):
    settings.RATINGS_MAX_PLAIN_VOTES_PER_NETWORK_PER_HOUR = 2
    for n in (1, 2):
        assert submit(Client(REMOTE_ADDR=f"198.51.100.{n}"), make_article()).status_code == 302

    refused = submit(Client(REMOTE_ADDR="198.51.100.3"), article)

    assert refused.status_code == 429
    assert "Bạn gửi quá nhiều đánh giá, vui lòng thử lại sau" in refused.content.decode()
    assert not Vote.objects.filter(article=article).exists()
    # The same network's readers with the widget still vote.
    widget = Client(enforce_csrf_checks=True, REMOTE_ADDR="198.51.100.4")
    assert vote(widget, article, paid())[0].status_code == 201


def documented_command():
    """docs/ratings.md's shell command that prints the field `altcha`."""
    text = (ROOT / "docs" / "ratings.md").read_text()
    return next(
        block for block in re.findall(r"```sh\n(.*?)```", text, re.S) if "proof import" in block
    )


@pytest.mark.system
def test_the_documented_shell_command_prints_the_field_and_nothing_else():
    printed = subprocess.run(
        ["sh", "-c", documented_command()],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=ANSWER_SECONDS,
    ).stdout
    (line,) = printed.splitlines()
    assert line.startswith("altcha=")
    payload = urllib.parse.unquote(line.removeprefix("altcha="))
    response, _ = vote(Client(), make_article(), {"altcha": payload})
    assert response.status_code == 201, response.content
