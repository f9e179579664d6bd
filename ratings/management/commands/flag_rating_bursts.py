from django.core.management.base import BaseCommand

from ratings.bursts import flag_bursts


class Command(BaseCommand):
    help = (
        "Flag suspicious bursts of votes: many votes on one article from one network in "
        "a short window, and sudden skews of an article's scores. Run every few minutes."
    )

    def handle(self, *args, **options):
        bursts = flag_bursts()
        for burst in bursts:
            self.stdout.write(
                f"burst {burst.pk}: {burst.get_kind_display()}, article {burst.article_id}, "
                f"{burst.vote_count} votes"
            )
        self.stdout.write(f"{len(bursts)} new bursts flagged.")
