"""Settings for vpcp_portal, read from environment variables (12-factor)
through vpcp_portal/env.py; docs/configuration.md lists every variable.

One module per concern, gathered here so DJANGO_SETTINGS_MODULE stays
`vpcp_portal.settings`: base (apps, database, language, files, e-mail),
caching (Redis, page and fragment caches, read counts), security (HTTPS,
headers, CSP, login lock-outs), logs (and the metrics endpoint), media (the
storages of uploads and where they are served) and ratings (the RATINGS_*
settings of the ratings app).
"""

from .base import *  # noqa: F403
from .caching import *  # noqa: F403
from .logs import *  # noqa: F403
from .media import *  # noqa: F403
from .ratings import *  # noqa: F403
from .security import *  # noqa: F403
