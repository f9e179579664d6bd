from django.apps import AppConfig


class RatingsConfig(AppConfig):
    name = "ratings"
    verbose_name = "Đánh giá"

    def ready(self):
        from . import checks  # noqa: F401  (registers the settings check)
