from django.core.management.base import BaseCommand

from core.backups import back_up


class Command(BaseCommand):
    help = (
        "Copy every file of the public and the private media store (folders or S3 buckets) "
        "into FOLDER/public and FOLDER/private."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", help="a local folder, created if missing")

    def handle(self, *args, folder, **options):
        counts = back_up(folder)
        self.stdout.write(
            f"Copied {counts['public']} public and {counts['private']} private files."
        )
