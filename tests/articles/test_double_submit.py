"""A double-submitted "add article" form (a double click, a resent request)
makes one article."""

import re

import pytest
from django.urls import reverse

from articles.models import Article
from tests.articles.desk import change_form, staff
from tests.factories import make_article

pytestmark = pytest.mark.django_db
ADD = "admin:articles_article_add"


def opened_add_form(client):
    """The add form's fields as the browser would send them, token included."""
    page = client.get(reverse(ADD)).content.decode()
    token = re.search(r'name="form_token" value="([0-9a-f-]+)"', page).group(1)
    data = change_form(make_article(), title="Bài gửi hai lần", slug="", _save="1")
    return {**data, "form_token": token}


def test_the_same_add_form_sent_twice_makes_one_article(client):
    client.force_login(staff("editor"))
    form = opened_add_form(client)

    first = client.post(reverse(ADD), form)
    second = client.post(reverse(ADD), form)

    made = Article.objects.filter(title="Bài gửi hai lần")
    assert made.count() == 1
    assert first.status_code == second.status_code == 302
    assert second["Location"] == reverse("admin:articles_article_change", args=[made.get().pk])


def test_two_add_forms_opened_separately_make_two_articles(client):
    client.force_login(staff("editor"))

    client.post(reverse(ADD), opened_add_form(client))
    client.post(reverse(ADD), opened_add_form(client))

    assert Article.objects.filter(title="Bài gửi hai lần").count() == 2


def test_a_forged_token_is_ignored_not_an_error(client):
    client.force_login(staff("editor"))
    form = {**opened_add_form(client), "form_token": "khong-phai-uuid"}

    response = client.post(reverse(ADD), form)

    assert response.status_code == 302
    assert Article.objects.filter(title="Bài gửi hai lần").count() == 1
