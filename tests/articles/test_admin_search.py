"""Admin look-ups read what staff type as the public search does: without
marks, in any case, by document number."""

import pytest
from django.contrib import admin

from articles.models import Article
from tests.articles.desk import staff
from tests.factories import make_article, make_category, make_topic
from tests.ratings.factories import make_vote

pytestmark = pytest.mark.django_db


def listed(response):
    return sorted(str(row) for row in response.context["cl"].result_list)


def test_the_category_list_finds_a_name_typed_without_marks(admin_client):
    make_category(name="Hoạt động Chính phủ")
    make_category(name="Kinh tế")

    response = admin_client.get("/quan-tri/articles/category/", {"q": "hoat dong"})

    assert listed(response) == ["Hoạt động Chính phủ"]


def test_the_topic_autocomplete_finds_a_name_typed_without_marks(client):
    make_topic(name="Chuyển đổi số")
    make_topic(name="Đầu tư công")
    client.force_login(staff("editor"))

    asked = {"app_label": "articles", "model_name": "article", "field_name": "topics"}
    response = client.get("/quan-tri/autocomplete/", {**asked, "term": "DAU TU"})

    assert [item["text"] for item in response.json()["results"]] == ["Đầu tư công"]


def test_the_article_list_finds_titles_without_marks_and_document_numbers(admin_client):
    make_article(title="Phát động thi đua yêu nước")
    make_article(title="Nghị định 15/2020/NĐ-CP về xử phạt", status=Article.Status.DRAFT)
    make_article(title="Xuất khẩu gạo")

    by_words = admin_client.get("/quan-tri/articles/article/", {"q": "thi dua"})
    by_number = admin_client.get("/quan-tri/articles/article/", {"q": "15/2020"})

    assert listed(by_words) == ["Phát động thi đua yêu nước"]
    assert listed(by_number) == ["Nghị định 15/2020/NĐ-CP về xử phạt"]


def test_the_vote_list_finds_votes_by_their_article_typed_without_marks(admin_client):
    wanted = make_article(title="Phong trào thi đua")
    make_vote(article=wanted, ip="203.0.113.5")
    make_vote(article=make_article(title="Tin khác"), ip="203.0.113.6")

    response = admin_client.get("/quan-tri/ratings/vote/", {"q": "THI DUA"})

    assert [vote.article_id for vote in response.context["cl"].result_list] == [wanted.pk]


def test_the_vote_search_tests_each_votes_article_against_one_list_of_matches():
    from ratings.admin.votes import VoteAdmin
    from ratings.models import Vote

    article = make_article(title="Thi đua khen thưởng", slug="thi-dua")
    make_vote(article)
    search = VoteAdmin(Vote, admin.site).get_search_results
    found, _ = search(None, Vote.objects.order_by("-created_at"), "thi đua")

    # An OR of the matches and the slug, across the join to the articles, is
    # a filter PostgreSQL runs per vote (a SubPlan): minutes at millions.
    assert list(found) == list(Vote.objects.filter(article=article))
    assert "SubPlan" not in found.explain()
