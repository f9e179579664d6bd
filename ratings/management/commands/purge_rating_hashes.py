from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ratings import services


class Command(BaseCommand):
    help = (
        "Blank the IP, network and user-agent hashes of votes older than the retention "
        "period (RATINGS_HASH_RETENTION_DAYS); scores and aggregates stay. Run daily."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, help="Retention in days (default: RATINGS_HASH_RETENTION_DAYS)."
        )

    def handle(self, *args, days=None, **options):
        days = settings.RATINGS_HASH_RETENTION_DAYS if days is None else days
        if days < 2:
            # The per-address limit and burst detection read the last day's hashes.
            raise CommandError("Retention must be at least 2 days.")
        purged = services.purge_old_hashes(days=days)
        self.stdout.write(f"Purged the hashes of {purged} votes older than {days} days.")
