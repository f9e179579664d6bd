"""What the API and the plain rating page tell a reader of their own vote:
counted, waiting for a moderator, or hidden by one (`your_state`)."""

import pytest

from ratings import services
from ratings.models import Vote
from tests.factories import make_article
from tests.ratings.factories import make_votes
from tests.ratings.test_api import api_url, post_vote
from tests.ratings.test_rate_page import page_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    return make_article(title="Bài viết để đánh giá")


def their_vote(article):
    return Vote.objects.filter(article=article).latest("pk")


def test_a_counted_vote_is_visible_to_its_browser(browser_client, article):
    post_vote(browser_client, article, score=4)

    body = browser_client.get(api_url(article)).json()

    assert body["your_score"] == 4
    assert body["your_state"] == "visible"


def test_a_browser_without_a_vote_has_no_state(client, article):
    make_votes(article, [5])

    assert client.get(api_url(article)).json()["your_state"] is None


def test_a_held_vote_is_said_to_be_held_after_a_reload(browser_client, article):
    post_vote(browser_client, article, score=2)
    Vote.objects.filter(article=article).update(state=Vote.State.HELD)

    body = browser_client.get(api_url(article)).json()

    assert body["your_state"] == "held"
    assert body["your_score"] == 2


def test_a_vote_a_moderator_hid_is_said_to_be_hidden(browser_client, article, moderator):
    post_vote(browser_client, article, score=4)
    services.hide_votes(votes=[their_vote(article)], actor=moderator)

    body = browser_client.get(api_url(article)).json()

    assert body["your_state"] == "hidden"
    assert body["count"] == 0


def test_an_accepted_vote_answers_its_state(browser_client, article):
    body = post_vote(browser_client, article, score=5).json()

    assert body["your_state"] == "visible"


def test_the_plain_page_labels_the_readers_own_score(browser_client, article):
    post_vote(browser_client, article, score=3)

    html = browser_client.get(page_url(article)).content.decode()

    assert "Điểm của bạn: 3 sao" in html
    assert "Điểm trung bình 3,0 (1 lượt đánh giá)" in html


def test_the_plain_page_says_a_held_vote_waits_for_a_moderator(browser_client, article):
    post_vote(browser_client, article, score=2)
    Vote.objects.filter(article=article).update(state=Vote.State.HELD)

    html = browser_client.get(page_url(article)).content.decode()

    assert "Điểm của bạn: 2 sao, đang chờ kiểm duyệt" in html


def test_the_plain_page_does_not_count_a_hidden_vote(browser_client, article, moderator):
    post_vote(browser_client, article, score=4)
    services.hide_votes(votes=[their_vote(article)], actor=moderator)

    html = browser_client.get(page_url(article)).content.decode()

    assert "không được tính vào điểm trung bình" in html
    assert "4 sao" not in html
