"""System checks of the RATINGS_* settings."""

import os
import runpy
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from ratings.checks import RULES, check_ratings_settings, check_retired_settings
from ratings.models import DEFAULT_PRIOR_MEAN, DEFAULT_PRIOR_VOTES
from tests.servers import ROOT
from vpcp_portal.env import env_parsed
from vpcp_portal.settings.ratings import decimal, stars_or_portal, whole_number


def test_a_retired_proxy_setting_is_reported_with_its_replacement(settings):
    settings.RATINGS_TRUSTED_PROXIES = 1

    (warning,) = check_retired_settings(None)

    assert warning.id == "ratings.W001"
    assert "TRUSTED_PROXY_COUNT" in warning.hint


def test_without_retired_settings_nothing_is_reported(settings):
    if hasattr(settings, "RATINGS_TRUSTED_PROXIES"):
        del settings.RATINGS_TRUSTED_PROXIES

    assert check_retired_settings(None) == []


def errors_of(settings, **settings_values):
    """(id, message) of each check error under these settings (pytest-django's
    `settings` fixture, which restores them after the test)."""
    for name, value in settings_values.items():
        setattr(settings, name, value)
    return [(error.id, error.msg) for error in check_ratings_settings(None)]


def test_the_default_ratings_settings_pass_the_check(settings):
    assert check_ratings_settings(None) == []


def test_a_limit_that_is_not_a_number_stops_the_check(settings):
    ((error_id, message),) = errors_of(settings, RATINGS_BURST_VOTES="năm")
    assert error_id == "ratings.E001"
    assert "RATINGS_BURST_VOTES" in message


def test_a_limit_below_its_minimum_stops_the_check(settings):
    assert errors_of(settings, RATINGS_MAX_VOTES_PER_NETWORK_PER_DAY=0) == [
        ("ratings.E002", "RATINGS_MAX_VOTES_PER_NETWORK_PER_DAY must be at least 1 (got 0).")
    ]


def test_a_prior_mean_off_the_star_scale_stops_the_check(settings):
    errors = errors_of(settings, RATINGS_BAYES_PRIOR_MEAN=7.0)
    assert [error_id for error_id, _ in errors] == ["ratings.E003"]


@pytest.mark.parametrize(
    ("name", "value"),
    [("RATINGS_IPV6_ADDRESS_PREFIX", 129), ("RATINGS_DRIP_WINDOW_HOURS", 25)],
)
def test_a_setting_past_its_largest_value_stops_the_deployment(settings, name, value):
    setattr(settings, name, value)

    (error,) = check_ratings_settings(None)

    assert error.id == "ratings.E004"
    assert name in error.msg


def test_a_value_that_does_not_parse_is_refused_naming_its_variable(monkeypatch):
    monkeypatch.setenv("RATINGS_SKEW_DELTA", "một rưỡi")

    with pytest.raises(ImproperlyConfigured, match="RATINGS_SKEW_DELTA is not valid"):
        env_parsed("RATINGS_SKEW_DELTA", decimal, 1.5)


def test_settings_read_a_decimal_comma_portal_and_fall_back_on_blank(monkeypatch):
    monkeypatch.setenv("RATINGS_SKEW_DELTA", " 2,5 ")
    monkeypatch.setenv("RATINGS_BAYES_PRIOR_MEAN", "Portal")
    monkeypatch.setenv("RATINGS_BURST_VOTES", "")

    assert env_parsed("RATINGS_SKEW_DELTA", decimal, 1.5) == 2.5
    assert env_parsed("RATINGS_BAYES_PRIOR_MEAN", stars_or_portal, 3.0) == "portal"
    assert env_parsed("RATINGS_BURST_VOTES", whole_number, 5) == 5


@pytest.mark.parametrize(
    ("variable", "value", "said"),
    [
        ("RATINGS_BURST_VOTES", "năm", "RATINGS_BURST_VOTES is not valid ('năm')"),
        ("RATINGS_DRIP_WINDOW_HOURS", "25", "RATINGS_DRIP_WINDOW_HOURS must be at most 24"),
    ],
    ids=["does-not-parse", "out-of-range"],
)
def test_a_bad_environment_value_stops_manage_py_check(variable, value, said):
    environment = {
        "PATH": os.environ["PATH"],
        "DJANGO_DEBUG": "1",
        "DATABASE_URL": os.environ.get("DATABASE_URL", ""),
        variable: value,
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode != 0
    assert said in result.stderr


def read_ratings_settings(monkeypatch, **environment):
    """The settings vpcp_portal/settings/ratings.py reads from this
    environment (no RATINGS_* variable but these), run afresh."""
    for name in [name for name in os.environ if name.startswith("RATINGS_")]:
        monkeypatch.delenv(name)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(ROOT / "vpcp_portal" / "settings" / "ratings.py"))


def test_the_prior_defaults_are_those_the_top_rated_index_is_built_for(monkeypatch):
    read = read_ratings_settings(monkeypatch)

    assert read["RATINGS_BAYES_PRIOR_VOTES"] == DEFAULT_PRIOR_VOTES
    assert read["RATINGS_BAYES_PRIOR_MEAN"] == DEFAULT_PRIOR_MEAN


def test_the_defaults_pass_the_check(monkeypatch, settings):
    read = read_ratings_settings(monkeypatch)
    for name, value in read.items():
        if name.startswith("RATINGS_"):
            setattr(settings, name, value)

    assert {name.removeprefix("RATINGS_") for name in read if name.startswith("RATINGS_")} == set(
        RULES
    )
    assert check_ratings_settings(None) == []


def test_a_retired_variable_left_in_the_environment_becomes_a_setting_to_warn_of(monkeypatch):
    assert "RATINGS_TRUSTED_PROXIES" not in read_ratings_settings(monkeypatch)
    assert "RATINGS_TRUSTED_PROXIES" in read_ratings_settings(
        monkeypatch, RATINGS_TRUSTED_PROXIES="1"
    )
