from django.apps import AppConfig


class ReadcountsConfig(AppConfig):
    name = "readcounts"
    verbose_name = "Lượt xem"

    def ready(self):
        from . import checks  # noqa: F401  (registers the settings check)
