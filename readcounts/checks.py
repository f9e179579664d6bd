"""A system check of the READS_* settings that count reads: a prefix length
outside its address family or a cap below one stops `manage.py check` (and
every deployment step that runs it) rather than every reader's beacon. A
READS_MOST_READ_MAX_AGE_SECONDS too short for any article page to be cached
is warned of."""

from django.conf import settings
from django.core import checks

from .selectors import most_read_page_seconds

# Setting -> its inclusive bounds.
BOUNDS = {
    "READS_MAX_PER_ADDRESS_PER_DAY": (1, None),
    "READS_MAX_PER_NETWORK_PER_DAY": (1, None),
    "READS_IPV4_NETWORK_PREFIX": (0, 32),
    "READS_IPV6_NETWORK_PREFIX": (0, 128),
    "READS_FLOOD_READS": (1, None),
    "READS_FLOOD_SECONDS": (1, None),
    "READS_FOLD_SECONDS": (1, None),
    "READS_MOST_READ_MAX_AGE_SECONDS": (1, None),
}


@checks.register(checks.Tags.compatibility)
def check_read_settings(app_configs=None, **kwargs):
    """One error per READS_* setting outside its bounds."""
    errors: list[checks.CheckMessage] = []
    for name, (low, high) in BOUNDS.items():
        value = getattr(settings, name)
        if value < low or (high is not None and value > high):
            bounds = f"from {low}" + (f" to {high}" if high is not None else "")
            errors.append(
                checks.Error(
                    f"{name} is {value}; it must be a whole number {bounds}.",
                    id="readcounts.E001",
                )
            )
    if not errors and most_read_page_seconds(age=settings.READS_FOLD_SECONDS) <= 0:
        errors.append(
            checks.Warning(
                f"READS_MOST_READ_MAX_AGE_SECONDS ({settings.READS_MOST_READ_MAX_AGE_SECONDS}) "
                "leaves no time to cache article pages once READS_FOLD_SECONDS, "
                "PAGE_CACHE_STALE_SECONDS and FRONT_STALE_SECONDS are taken off: "
                "every article page is rendered for every reader.",
                id="readcounts.W001",
            )
        )
    return errors
