"""System checks of the RATINGS_* settings."""

import pytest

from ratings.checks import check_ratings_settings, check_retired_settings


def test_a_retired_proxy_setting_is_reported_with_its_replacement(settings):
    settings.RATINGS_TRUSTED_PROXIES = 1

    (warning,) = check_retired_settings(None)

    assert warning.id == "ratings.W001"
    assert "TRUSTED_PROXY_COUNT" in warning.hint


def test_without_retired_settings_nothing_is_reported(monkeypatch):
    monkeypatch.delenv("RATINGS_TRUSTED_PROXIES", raising=False)

    assert check_retired_settings(None) == []


@pytest.mark.parametrize(
    ("name", "value"),
    [("RATINGS_IPV6_ADDRESS_PREFIX", 129), ("RATINGS_DRIP_WINDOW_HOURS", 25)],
)
def test_a_setting_past_its_largest_value_stops_the_deployment(settings, name, value):
    setattr(settings, name, value)

    (error,) = check_ratings_settings(None)

    assert error.id == "ratings.E004"
    assert name in error.msg
