"""Arbitrary paths and query strings against every public URL: never a 500."""

import pytest
from captcha.models import CaptchaStore
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import make_article

pytestmark = pytest.mark.slow
PUBLIC_PATHS = [
    "/",
    "/chuyen-muc/{category}/",
    "/bai-viet/{article}/",
    "/tim-kiem/",
    "/rss/",
    "/rss/{category}/",
    "/sitemap.xml",
    "/sitemap-articles.xml",
    "/sitemap-categories.xml",
    "/sitemap-home.xml",
    "/favicon.ico",
    "/captcha/image/{captcha_key}/",
    "/robots.txt",
    "/healthz",
    "/readyz",
    "/api/ratings/{article_id}/",
    "/api/ratings/captcha/",
    "/danh-gia/{article_id}/",
]
PARAMS = ["q", "trang", "p", "score", "page", "next", "captcha_0", "captcha_1"]
texts = st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=60)


@pytest.fixture(scope="module")
def fuzz_article(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        article = make_article(title="Bài viết để thử")
        yield article
        article.delete()
        article.category.delete()


@pytest.mark.django_db
@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    template=st.sampled_from(PUBLIC_PATHS),
    query=st.dictionaries(st.one_of(st.sampled_from(PARAMS), texts), texts, max_size=4),
)
def test_arbitrary_query_strings_never_cause_a_server_error(fuzz_article, template, query):
    path = template.format(
        category=fuzz_article.category.slug,
        article=fuzz_article.slug,
        article_id=fuzz_article.pk,
        captcha_key=CaptchaStore.generate_key(),
    )
    response = Client(raise_request_exception=True).get(path, query)
    assert response.status_code < 500, (path, query)


@pytest.mark.django_db
@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    prefix=st.sampled_from(
        ["/", "/bai-viet/", "/chuyen-muc/", "/rss/", "/tim-kiem/", "/api/ratings/", "/danh-gia/"]
    ),
    tail=st.text(
        alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="?#"),
        max_size=80,
    ),
)
def test_arbitrary_paths_never_cause_a_server_error(prefix, tail):
    response = Client(raise_request_exception=True).get(prefix + tail)
    assert response.status_code < 500, prefix + tail


@pytest.mark.django_db
@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    template=st.sampled_from(["/api/ratings/{article_id}/", "/danh-gia/{article_id}/"]),
    form=st.dictionaries(st.one_of(st.sampled_from(PARAMS), texts), texts, max_size=5),
)
def test_arbitrary_form_posts_never_cause_a_server_error(fuzz_article, template, form):
    path = template.format(article_id=fuzz_article.pk)
    response = Client(raise_request_exception=True).post(path, form)
    assert response.status_code < 500, (path, form)
