"""System checks of the RATINGS_* settings."""

from ratings.checks import check_retired_settings


def test_a_retired_proxy_setting_is_reported_with_its_replacement(settings):
    settings.RATINGS_TRUSTED_PROXIES = 1

    (warning,) = check_retired_settings(None)

    assert warning.id == "ratings.W001"
    assert "TRUSTED_PROXY_COUNT" in warning.hint


def test_without_retired_settings_nothing_is_reported(monkeypatch):
    monkeypatch.delenv("RATINGS_TRUSTED_PROXIES", raising=False)

    assert check_retired_settings(None) == []
