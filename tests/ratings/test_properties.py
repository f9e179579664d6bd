"""Property test: whatever is POSTed to the vote endpoint, the answer is 201,
400, 409 or 429 (never a 500), and a 201 means the vote is stored."""

import json

import pytest
from django.test import Client
from hypothesis import HealthCheck, example, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from ratings.models import RatingSummary, Vote
from tests.factories import make_article
from tests.ratings.factories import new_captcha, paid

pytestmark = pytest.mark.django_db

json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
)
json_values = st.recursive(
    json_scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=6,
)
MISSING = object()
# Deeper than the JSON parser's recursion limit.
DEEPLY_NESTED = b'{"score":' + b"[" * 5000 + b"]" * 5000 + b"}"
RIGHT_VOTE = {"captcha_0": "RIGHT", "captcha_1": "RIGHT", "altcha": "RIGHT"}
# Each field: often right, often anything (any JSON value), sometimes missing.
scores = st.one_of(
    st.sampled_from([1, 2, 3, 4, 5, "1", "5", " 3 ", 0, 6, "3.5", 4.0]),
    json_values,
    st.just(MISSING),
)
keys = st.one_of(
    st.just("RIGHT"),
    st.just("RIGHT"),
    json_values,
    st.text(alphabet="0123456789abcdef", min_size=40, max_size=40),
    st.just(MISSING),
)
answers = st.one_of(st.just("RIGHT"), st.just("RIGHT_UPPER"), json_values, st.just(MISSING))
proofs = st.one_of(st.just("RIGHT"), st.just("RIGHT"), json_values, st.just(MISSING))
payloads = st.builds(
    lambda extra, score, key, answer, work: {
        **extra,
        **{
            name: value
            for name, value in (
                ("score", score),
                ("captcha_0", key),
                ("captcha_1", answer),
                ("altcha", work),
            )
            if value is not MISSING
        },
    },
    st.dictionaries(st.text(max_size=12), json_values, max_size=3),
    scores,
    keys,
    answers,
    proofs,
)


def fill_in(payload, key, answer):
    filled = dict(payload)
    if filled.get("captcha_0") == "RIGHT":
        filled["captcha_0"] = key
    if filled.get("captcha_1") == "RIGHT":
        filled["captcha_1"] = answer
    elif filled.get("captcha_1") == "RIGHT_UPPER":
        filled["captcha_1"] = answer.upper()
    if filled.get("altcha") == "RIGHT":
        filled.update(paid())
    return filled


def as_form(payload):
    """Form bodies carry strings (or repeated keys); turn other JSON values into text."""
    form = {}
    for name, value in payload.items():
        if isinstance(value, list):
            form[name] = [v if isinstance(v, str) else json.dumps(v) for v in value]
        else:
            form[name] = value if isinstance(value, str) else json.dumps(value)
    return form


@pytest.mark.slow
def test_any_payload_gets_201_400_409_or_429_and_201_means_stored(settings):
    settings.RATINGS_MAX_ATTEMPTS_PER_NETWORK_PER_HOUR = 10**6  # shrinking sends many
    articles = [make_article() for _ in range(5)]
    client = Client(enforce_csrf_checks=True)  # one browser: later votes may be 409
    seen = set()

    @hypothesis_settings(
        max_examples=150,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    # The explicit examples alone make 201, 409 and 400, so the final check
    # does not depend on what is drawn: of the two valid votes of this browser
    # on articles[0], whichever runs second is a 409.
    @example(payload={**RIGHT_VOTE, "score": 4}, article=articles[0], encoding="json")
    @example(payload={**RIGHT_VOTE, "score": 2}, article=articles[0], encoding="form")
    @example(payload={**RIGHT_VOTE, "score": "5"}, article=articles[1], encoding="form")
    @example(payload={**RIGHT_VOTE, "score": 0}, article=articles[2], encoding="json")
    @given(
        payload=payloads,
        article=st.sampled_from(articles),
        encoding=st.sampled_from(["json", "form"]),
    )
    def check(payload, article, encoding):
        key, answer, token = new_captcha(client)
        body = fill_in(payload, key, answer)
        before = Vote.objects.filter(article=article).count()
        url = f"/api/ratings/{article.pk}/"
        if encoding == "json":
            response = client.post(
                url,
                json.dumps(body),
                content_type="application/json",
                headers={"X-CSRFToken": token},
            )
        else:
            response = client.post(url, as_form(body), headers={"X-CSRFToken": token})

        seen.add(response.status_code)
        assert response.status_code in {201, 400, 409, 429}, response.content
        assert "errors" in response.json() or response.status_code == 201
        stored = Vote.objects.filter(article=article).count() - before
        assert stored == (1 if response.status_code == 201 else 0)
        summary = RatingSummary.objects.filter(article=article).first()
        assert (summary.count if summary else 0) == before + stored

    check()
    assert {201, 400, 409} <= seen


def test_any_raw_body_is_answered_without_a_server_error():
    article = make_article()
    client = Client(enforce_csrf_checks=True)
    token = client.get("/api/ratings/captcha/").json()["csrf_token"]

    @hypothesis_settings(max_examples=80, deadline=None)
    @example(body=DEEPLY_NESTED, content_type="application/json")
    @given(
        body=st.binary(max_size=200),
        content_type=st.sampled_from(
            [
                "application/json",
                "application/x-www-form-urlencoded",
                "text/plain",
                "application/octet-stream",
            ]
        ),
    )
    def check(body, content_type):
        response = client.post(
            f"/api/ratings/{article.pk}/",
            body,
            content_type=content_type,
            headers={"X-CSRFToken": token},
        )

        assert response.status_code in {400, 429}

    check()
