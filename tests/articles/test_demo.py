"""The demo newsroom `make run` loads (`manage.py seed_demo`)."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from articles.demo import ARTICLES
from articles.models import Article

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


def seed_demo():
    output = StringIO()
    call_command("seed_demo", stdout=output)
    return output.getvalue()


def test_the_demo_newsroom_is_public_with_its_lead_images(client):
    assert f"{len(ARTICLES)} article(s) created" in seed_demo()

    home = client.get(reverse("articles:home"))
    assert home.status_code == 200
    assert ARTICLES[0][1] in home.content.decode()
    article = Article.objects.get(title=ARTICLES[0][1])
    assert article.lead_image
    assert client.get(article.get_absolute_url()).status_code == 200


def test_seeding_the_demo_twice_adds_nothing():
    seed_demo()

    assert "0 article(s) created" in seed_demo()
    assert Article.objects.count() == len(ARTICLES)


def test_the_search_hints_example_finds_a_demo_article(client):
    seed_demo()

    search = client.get(reverse("articles:search"), {"q": "15/2020/NĐ-CP"}).content.decode()

    assert "ví dụ 15/2020/NĐ-CP" in search  # the hint the reader is given
    assert "Đơn giản hoá thủ tục cho doanh nghiệp khởi nghiệp" in search
