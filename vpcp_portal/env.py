"""The one reader of environment variables (12-factor): django-environ's `Env`.

The settings (vpcp_portal/settings/) and gunicorn.conf.py read every variable
through `env`; apps read the settings, never the environment. A value comes
from the process environment first, then from the git-ignored `.env` file
next to manage.py (`make run` writes the development settings there, so
`manage.py` works in a fresh shell), then from the default the caller gives.
Every variable read is in docs/configuration.md ("Environment variables") and in
`.env.example` (tests/portal/test_environment.py checks both).
"""

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
ENV_FILE = BASE_DIR / ".env"

env = environ.Env()
# setdefault semantics: a variable set in the real environment wins over .env.
environ.Env.read_env(ENV_FILE)


def env_list(name: str, default: str = "") -> list[str]:
    """Comma-separated `name` as a list, blanks around items dropped."""
    return [item.strip() for item in env.str(name, default=default).split(",") if item.strip()]


T = TypeVar("T")


def env_parsed(name: str, parse: Callable[[str], T], default: T) -> T:
    """`name` read through `parse`, or `default` when unset or blank.

    Raises ImproperlyConfigured naming the variable and its value when `parse`
    rejects it (ValueError), so a bad value stops start-up with a message an
    operator can act on rather than a bare traceback.
    """
    text = env.str(name, default=None)
    if text is None:
        return default
    try:
        return parse(text)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} is not valid ({text!r}): {exc}") from None
