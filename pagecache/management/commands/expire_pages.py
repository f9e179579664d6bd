"""Expire every cached page on every server, and send `pages_expired` for an
HTTP cache in front to purge by:

    manage.py expire_pages

The last step of a rolling deploy (docs/deployment.md, "Rolling deploys"):
pages the old release rendered while the switch went on are rendered again by
the new one.
"""

from django.core.management.base import BaseCommand

from pagecache.expiry import expire_every_page


class Command(BaseCommand):
    help = "Expire every cached page (the last step of a rolling deploy)."

    def handle(self, *args, **options):
        expire_every_page()
        self.stdout.write("Every cached page is expired.")
