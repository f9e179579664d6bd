"""System checks for the RATINGS_* settings: a bad value stops `manage.py
check` (and every deployment step that runs it) rather than a reader's vote."""

from django.conf import settings
from django.core import checks

from vpcp_portal.env import env

from .conf import OPTIONS, conf

# Settings ratings no longer reads, and what took their place.
RETIRED = {
    "RATINGS_TRUSTED_PROXIES": "TRUSTED_PROXY_COUNT (the project's, which every "
    "part of the portal reads the client address with)",
}


@checks.register()
def check_ratings_settings(app_configs, **kwargs):
    errors = []
    for name, option in OPTIONS.items():
        try:
            value = getattr(conf, name)
        except (TypeError, ValueError) as exc:
            errors.append(
                checks.Error(
                    f"RATINGS_{name} is not valid: {exc}",
                    hint=option.help,
                    id="ratings.E001",
                )
            )
            continue
        if option.minimum is not None and value is not None and value < option.minimum:
            errors.append(
                checks.Error(
                    f"RATINGS_{name} must be at least {option.minimum} (got {value}).",
                    hint=option.help,
                    id="ratings.E002",
                )
            )
        if option.maximum is not None and value is not None and value > option.maximum:
            errors.append(
                checks.Error(
                    f"RATINGS_{name} must be at most {option.maximum} (got {value}).",
                    hint=option.help,
                    id="ratings.E004",
                )
            )
    mean = _safe(lambda: conf.BAYES_PRIOR_MEAN)
    if isinstance(mean, float) and not 1 <= mean <= 5:
        errors.append(
            checks.Error(
                'RATINGS_BAYES_PRIOR_MEAN must lie between 1 and 5 (or be "portal").',
                id="ratings.E003",
            )
        )
    return errors


@checks.register()
def check_retired_settings(app_configs, **kwargs):
    """A deployment still setting a retired option would silently lose it."""
    return [
        checks.Warning(f"{name} is no longer read.", hint=f"Set {replacement}.", id="ratings.W001")
        for name, replacement in RETIRED.items()
        if hasattr(settings, name) or name in env
    ]


def _safe(read):
    try:
        return read()
    except (TypeError, ValueError):
        return None
