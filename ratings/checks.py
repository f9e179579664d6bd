"""System checks for the RATINGS_* settings: a bad value stops `manage.py
check` (and every deployment step that runs it) rather than a reader's vote."""

from django.core.checks import Error, register

from .conf import OPTIONS, conf


@register()
def check_ratings_settings(app_configs, **kwargs):
    errors = []
    for name, option in OPTIONS.items():
        try:
            value = getattr(conf, name)
        except (TypeError, ValueError) as exc:
            errors.append(
                Error(
                    f"RATINGS_{name} is not valid: {exc}",
                    hint=option.help,
                    id="ratings.E001",
                )
            )
            continue
        if option.minimum is not None and value is not None and value < option.minimum:
            errors.append(
                Error(
                    f"RATINGS_{name} must be at least {option.minimum} (got {value}).",
                    hint=option.help,
                    id="ratings.E002",
                )
            )
    mean = _safe(lambda: conf.BAYES_PRIOR_MEAN)
    if isinstance(mean, float) and not 1 <= mean <= 5:
        errors.append(
            Error(
                'RATINGS_BAYES_PRIOR_MEAN must lie between 1 and 5 (or be "portal").',
                id="ratings.E003",
            )
        )
    return errors


def _safe(read):
    try:
        return read()
    except (TypeError, ValueError):
        return None
