"""Operating the stack `make stack` starts (the `stack` fixture): its app
servers reach PostgreSQL through Debian's PgBouncer in transaction mode
(docs/operations.md, "PgBouncer"), where readers' votes and the moderators'
whole CSV export, longer than one chunk of the export's reads, go through;
the metrics endpoint (docs/operations.md, "Metrics") answers the operator's
scraper, refuses the public, and its counters move with what readers and
staff do."""

import csv
import io
import json
import re
import time

import pytest
from captcha.models import CaptchaStore
from prometheus_client.parser import text_string_to_metric_families

from articles.models import Article
from ratings.admin.export import CHUNK_SIZE
from ratings.models import Vote
from tests.factories import make_article, make_user
from tests.portal.conftest import ON_THE_STACK
from tests.portal.publishing import approver, publish
from tests.ratings.factories import paid
from tests.servers import Browser, fetch

pytestmark = [pytest.mark.system, ON_THE_STACK]
BOUND_SECONDS = 90  # a purge is counted within this (polled, not waited)


def seed_votes(article, count):
    Vote.objects.bulk_create(
        Vote(article=article, score=1 + n % 5, voter_token=f"seeded-{n}", network_hash=f"n{n}")
        for n in range(count)
    )


def vote(stack, article, address, score, captcha_answer=None):
    """One reader's vote through the front's cache (Varnish, which balances
    the app servers), from `address` as nginx in front of it reports it."""
    base = stack.varnish.base
    reader = Browser(base)
    forwarded = {"X-Forwarded-For": address}  # Varnish appends nginx's address
    status, body = reader.request("/api/ratings/captcha/", headers=forwarded)
    assert status == 200, body
    issued = json.loads(body)
    answer = captcha_answer or CaptchaStore.objects.get(hashkey=issued["key"]).response
    return reader.request(
        f"/api/ratings/{article.pk}/",
        {"score": score, "captcha_0": issued["key"], "captcha_1": answer, **paid(issued["altcha"])},
        headers={**forwarded, "X-CSRFToken": issued["csrf_token"], "Referer": base + "/"},
    )


def test_votes_and_the_whole_csv_export_go_through_pgbouncer_in_transaction_mode(stack):
    article = make_article(title="Tin đánh giá qua PgBouncer")
    seed_votes(article, CHUNK_SIZE + 50)
    make_user("kiemduyet", group="Kiểm duyệt viên")
    for n, score in enumerate([5, 4, 3], start=1):
        status, body = vote(stack, article, f"198.51.{n}.9", score)
        assert status == 201, body
        assert json.loads(body)["held"] is False

    moderator = Browser(stack.front)
    assert moderator.sign_in("kiemduyet", "mat-khau-123") == 200
    status, headers, body = moderator.raw("/quan-tri/ratings/vote/xuat-csv/")

    assert status == 200
    assert headers["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))[1:]
    expected = list(Vote.objects.order_by("-created_at", "-pk").values_list("pk", "score"))
    assert Vote.objects.filter(article=article).count() == CHUNK_SIZE + 53
    assert [(int(row[0]), int(row[3])) for row in rows] == expected


def scrape(base, token):
    """{(name, frozenset(labels)): value} of one scrape of the app server `base`."""
    status, _, body = fetch(base + "/metrics", headers={"Authorization": f"Bearer {token}"})
    assert status == 200
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(body)
        for sample in family.samples
    }


def total(stack, name, **labels):
    """`name`{labels} added up over both app servers (Varnish balances them)."""
    key = (name, frozenset(labels.items()))
    return sum(scrape(base, stack.metrics_token).get(key, 0.0) for base in stack.servers)


def test_the_public_gets_a_404_for_the_metrics_at_each_server(stack):
    for base in stack.servers:
        for headers in ({}, {"Authorization": "Bearer guess"}):
            status, _, body = fetch(base + "/metrics", headers=headers)
            assert status == 404, base
            assert "vpcp_" not in body


def the_page(answer):
    """(status, Content-Type, the page's heading) of a fetch()."""
    status, headers, body = answer
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", body, re.S)
    return status, headers["Content-Type"], heading and heading.group(1).strip()


def test_the_front_answers_the_metrics_as_it_answers_any_unknown_path(stack):
    unknown = the_page(fetch(stack.front + "/khong-co-trang-nay"))
    assert unknown == (404, "text/html; charset=utf-8", "Không tìm thấy trang")
    tokens = ({}, {"Authorization": "Bearer guess"},
              {"Authorization": f"Bearer {stack.metrics_token}"})  # fmt: skip
    # The path as written and as nginx and the app decode it alike.
    for path in ("/metrics", "/%6Detrics", "//metrics"):
        for headers in tokens:
            answer = fetch(stack.front + path, headers=headers)
            assert the_page(answer) == unknown, (path, headers)
            assert "vpcp_" not in answer[2]


def test_the_scrapers_counts_move_with_votes_a_publish_and_page_views(stack):
    article = make_article(title="Tin đếm số liệu")
    draft = make_article(title="Tin xuất bản đếm số liệu", status=Article.Status.DRAFT)
    votes, purges = "vpcp_votes_total", "vpcp_front_purges_total"
    lookups, views = "vpcp_page_cache_lookups_total", "vpcp_request_duration_seconds_count"
    accepted = {"outcome": "accepted", "status": "201"}
    refused = {"outcome": "refused", "status": "400"}
    before = {
        "accepted": total(stack, votes, **accepted),
        "refused": total(stack, votes, **refused),
        "purged": total(stack, purges, outcome="answered"),
        "misses": total(stack, lookups, outcome="miss"),
        "pages": total(stack, views, view="articles:detail"),
    }

    for n, score in enumerate([5, 4], start=1):
        assert vote(stack, article, f"203.0.{n}.7", score)[0] == 201
    assert vote(stack, article, "203.0.3.7", 5, captcha_answer="sai")[0] == 400
    reader = Browser(stack.front)
    assert reader.request(article.get_absolute_url())[0] == 200
    published = publish(approver(stack.servers[0], "duyetsolieu"), draft)
    assert published.status == Article.Status.PUBLISHED

    assert total(stack, votes, **accepted) == before["accepted"] + 2
    assert total(stack, votes, **refused) == before["refused"] + 1
    # The front asked an app server for the page once (then kept it): a render.
    assert total(stack, lookups, outcome="miss") == before["misses"] + 1
    assert total(stack, views, view="articles:detail") == before["pages"] + 1
    deadline = time.monotonic() + BOUND_SECONDS
    while total(stack, purges, outcome="answered") == before["purged"]:
        assert time.monotonic() < deadline, "the publish's purge was not counted"
        time.sleep(0.5)
    assert total(stack, purges, outcome="given_up") == 0
