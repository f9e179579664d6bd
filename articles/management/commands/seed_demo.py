from django.core.management.base import BaseCommand

from articles.demo import seed


class Command(BaseCommand):
    help = "Load the Vietnamese demo newsroom (idempotent)."

    def handle(self, *args, **options):
        seed(self.stdout)
