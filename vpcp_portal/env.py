"""The one reader of environment variables (12-factor): django-environ's `Env`.

The settings (vpcp_portal/settings/), gunicorn.conf.py and ratings/conf.py
read every variable through `env`. A value comes from the process environment first, then from the
git-ignored `.env` file next to manage.py (`make run` writes the development
settings there, so `manage.py` works in a fresh shell), then from the default
the caller gives. Every variable read is in the README's configuration table
and in `.env.example` (tests/portal/test_environment.py checks both).
"""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent
ENV_FILE = BASE_DIR / ".env"

env = environ.Env()
# setdefault semantics: a variable set in the real environment wins over .env.
environ.Env.read_env(ENV_FILE)


def env_list(name: str, default: str = "") -> list[str]:
    """Comma-separated `name` as a list, blanks around items dropped."""
    return [item.strip() for item in env.str(name, default=default).split(",") if item.strip()]
