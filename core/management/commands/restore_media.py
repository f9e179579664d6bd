from django.core.management.base import BaseCommand, CommandError

from core.backups import restore


class Command(BaseCommand):
    help = (
        "Put the files of a backup_media FOLDER back into the public and the private media "
        "store (folders, or S3 buckets that exist: restore into new, empty ones)."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", help="a folder written by backup_media")

    def handle(self, *args, folder, **options):
        try:
            counts = restore(folder)
        except FileNotFoundError as error:
            raise CommandError(str(error)) from error
        public, private = counts["public"], counts["private"]
        self.stdout.write(f"Wrote {public} public and {private} private files.")
