from django.apps import AppConfig

from core import metrics


class RatingsConfig(AppConfig):
    name = "ratings"
    verbose_name = "Đánh giá"

    def ready(self):
        from . import checks  # noqa: F401  (registers the settings check)
        from .selectors import held_votes_waiting
        from .submission import count_votes_from_zero

        count_votes_from_zero()

        metrics.gauge_at_scrape(
            "vpcp_held_votes_waiting",
            "Votes stored but held, waiting for a moderator (all articles).",
            held_votes_waiting,
        )
