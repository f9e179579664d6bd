"""SITE_URL: the public address that full links outside a request use."""

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from core.checks import check_site_url


def test_production_without_a_site_url_is_warned(settings):
    settings.SITE_URL = ""

    warnings = check_site_url(None)

    assert [w.id for w in warnings] == ["core.W001"]


def test_a_site_url_without_a_scheme_is_warned(settings):
    settings.SITE_URL = "vpcp.gov.vn"

    assert [w.id for w in check_site_url(None)] == ["core.W002"]


def test_a_full_site_url_passes(settings):
    settings.SITE_URL = "https://vpcp.gov.vn"

    assert check_site_url(None) == []


def test_check_deploy_names_the_missing_site_url(settings):
    settings.SITE_URL = ""

    with pytest.raises(SystemCheckError, match="SITE_URL"):
        call_command("check", "--deploy", "--fail-level", "WARNING", tags=["security"])
