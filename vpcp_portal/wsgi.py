"""WSGI entry point, used by gunicorn: Django, behind the layer that answers
plain requests for cached pages before Django builds a request (pagecache/wsgi.py)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vpcp_portal.settings")
django_application = get_wsgi_application()

from pagecache.wsgi import HitLayer  # noqa: E402  (needs the settings above)

application = HitLayer(django_application)
