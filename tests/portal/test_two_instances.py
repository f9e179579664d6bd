"""Past one machine, tested on one: two app servers share PostgreSQL and Redis."""

import json
import re
import uuid

import pytest
from captcha.models import CaptchaStore
from django.db import connection
from django_otp.plugins.otp_totp.models import TOTPDevice

from articles.models import Article
from tests.factories import make_article, make_user
from tests.ratings.factories import paid
from tests.servers import Browser, app_server, run_redis_url

pytestmark = [pytest.mark.system, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def two_servers():
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    shared = {
        "REDIS_URL": run_redis_url(),
        "CACHE_KEY_PREFIX": f"twoinst-{uuid.uuid4().hex[:8]}",
    }
    with app_server(url, **shared) as first, app_server(url, **shared) as second:
        yield first, second


def test_publishing_through_one_server_refreshes_the_pages_of_both(two_servers):
    first, second = two_servers
    app = TOTPDevice.objects.create(user=make_user("duyettin2", group="Duyệt tin"), confirmed=True)
    draft = make_article(title="Tin chờ xuất bản", status=Article.Status.DRAFT)
    reader_a, reader_b = Browser(first), Browser(second)
    assert "Tin chờ xuất bản" not in reader_a.request("/")[1]
    assert "Tin chờ xuất bản" not in reader_b.request("/")[1]  # both now cached

    editor = Browser(first)
    # Two-step sign-in: the code from the approver's app.
    assert editor.sign_in("duyettin2", "mat-khau-123", app) == 200
    status, _ = editor.request(
        "/quan-tri/articles/article/",
        {
            "action": "publish_selected",
            "_selected_action": [draft.pk],
            f"_version_{draft.pk}": draft.version,  # the version its row showed
            "csrfmiddlewaretoken": editor.cookie("csrftoken"),
        },
        headers={"Referer": first + "/quan-tri/articles/article/"},
    )
    assert status == 200

    assert "Tin chờ xuất bản" in reader_a.request("/")[1]
    assert "Tin chờ xuất bản" in reader_b.request("/")[1]


def test_a_captcha_made_by_one_server_is_solved_through_the_other_and_the_vote_shows_on_both(
    two_servers,
):
    first, second = two_servers
    article = make_article(title="Tin để đánh giá")
    reader_on_first, reader_on_second = Browser(first), Browser(second)
    assert json.loads(reader_on_second.request(f"/api/ratings/{article.pk}/")[1])["count"] == 0

    status, body = reader_on_first.request("/api/ratings/captcha/")
    assert status == 200
    issued = json.loads(body)
    answer = CaptchaStore.objects.get(hashkey=issued["key"]).response
    # The same reader's browser: its cookies travel to the other server.
    for cookie in reader_on_first.cookies:
        reader_on_second.cookies.set_cookie(cookie)
    status, body = reader_on_second.request(
        f"/api/ratings/{article.pk}/",
        {"score": "4", "captcha_0": issued["key"], "captcha_1": answer, **paid(issued["altcha"])},
        headers={"X-CSRFToken": issued["csrf_token"], "Referer": second + "/"},
    )
    assert status == 201, body

    seen_by_first = json.loads(reader_on_first.request(f"/api/ratings/{article.pk}/")[1])
    assert (seen_by_first["count"], seen_by_first["average"]) == (1, 4.0)
    assert re.search(r"Tin để đánh giá", reader_on_second.request(article.get_absolute_url())[1])
