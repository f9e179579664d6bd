"""The Content-Security-Policy header (core/csp.py)."""

import pytest
from csp.utils import build_policy
from django.urls import reverse

from core.stylesheet import csp_hash
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def test_the_rating_api_sends_the_site_policy(client):
    article = make_article()

    response = client.get(f"/api/ratings/{article.pk}/")

    # As django-csp builds it for a public response: the settings' policy and
    # the hash of the page's inline stylesheet.
    assert response["Content-Security-Policy"] == build_policy(update={"style-src": [csp_hash()]})
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def test_a_changed_policy_is_sent_at_once(client, settings):
    url = f"/api/ratings/{make_article().pk}/"
    client.get(url)
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["'none'"]}}

    response = client.get(url)

    assert response["Content-Security-Policy"].startswith("default-src 'none'")
    assert "script-src" not in response["Content-Security-Policy"]


def test_admin_pages_keep_their_own_policy(client):
    response = client.get(reverse("admin:login"))

    policy = response["Content-Security-Policy"]
    assert "'unsafe-inline'" in policy and "sha256-" in policy
    assert csp_hash() not in policy
