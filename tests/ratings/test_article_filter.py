"""The vote list's filter by article: an autocomplete box that asks for the
articles as the moderator types, so the page names only the chosen one, in
the same number of queries whether ten or a thousand articles have votes."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.articles.desk import staff
from tests.factories import make_article
from tests.ratings.factories import make_votes

pytestmark = pytest.mark.django_db

VOTES = "/quan-tri/ratings/vote/"
BOX = "/quan-tri/ratings/vote/bai-viet/"
ASKED = {"app_label": "ratings", "model_name": "vote", "field_name": "article"}


@pytest.fixture
def moderator(client):
    client.force_login(staff("moderator"))
    return client


def voted_articles(count, title="Bài có phiếu"):
    articles = [make_article(title=f"{title} {n}") for n in range(count)]
    for article in articles:
        make_votes(article, [4])
    return articles


def queries_of(client, **params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(VOTES, params)
    assert response.status_code == 200
    return [query["sql"] for query in queries]


def test_the_vote_list_costs_the_same_queries_with_ten_or_forty_voted_articles(moderator):
    chosen = voted_articles(1, "Bài được chọn")[0]
    voted_articles(9)
    few = queries_of(moderator, article__id__exact=chosen.pk)

    voted_articles(30)
    many = queries_of(moderator, article__id__exact=chosen.pk)

    assert len(many) == len(few)
    assert not any("body" in sql for sql in many)  # no article is read whole


def test_the_filter_box_shows_the_chosen_article_and_lists_only_its_votes(moderator):
    chosen, other = voted_articles(2)

    response = moderator.get(VOTES, {"article__id__exact": chosen.pk})

    content = response.content.decode()
    assert {vote.article_id for vote in response.context["cl"].result_list} == {chosen.pk}
    assert f'<option value="{chosen.pk}" selected>{chosen.title}</option>' in content
    assert other.title not in content
    assert f'data-ajax--url="{BOX}"' in content


def test_the_filter_box_finds_voted_articles_by_title_without_marks(moderator):
    wanted = make_article(title="Phong trào thi đua yêu nước")
    make_votes(wanted, [5])
    make_article(title="Thi đua khen thưởng, chưa có phiếu")
    voted_articles(3)

    response = moderator.get(BOX, {**ASKED, "term": "THI DUA"})

    assert response.json()["results"] == [{"id": str(wanted.pk), "text": wanted.title}]


def test_a_filter_value_that_is_not_an_article_lists_every_vote_without_an_error(moderator):
    voted_articles(2)

    for value in ["abc", "999999"]:
        response = moderator.get(VOTES, {"article__id__exact": value})
        assert response.status_code == 200


def test_editors_may_not_search_the_vote_list_articles(client):
    voted_articles(1)
    client.force_login(staff("editor"))

    response = client.get(BOX, {**ASKED, "term": "bai"})

    assert response.status_code == 403
