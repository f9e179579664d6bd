from django.core.management.base import BaseCommand, CommandError

from ratings import services


class Command(BaseCommand):
    help = (
        "Recompute every article's rating summary from its visible votes and report "
        "any drift. Safe while readers vote (each batch locks its summaries)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help="Only report drift, change nothing; fail (exit status 1) if any.",
        )

    def handle(self, *args, check=False, **options):
        drifts = services.rebuild_summaries(fix=not check)
        for drift in drifts:
            self.stdout.write(
                f"article {drift.article_id}: stored count={drift.stored['count']} "
                f"total={drift.stored['total']}, votes say count={drift.actual['count']} "
                f"total={drift.actual['total']}"
            )
        if not drifts:
            self.stdout.write(self.style.SUCCESS("No drift: every summary matches its votes."))
        elif check:
            raise CommandError(f"{len(drifts)} summaries drifted (not fixed: --check).")
        else:
            self.stdout.write(self.style.WARNING(f"Fixed {len(drifts)} drifted summaries."))
