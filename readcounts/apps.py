from django.apps import AppConfig


class ReadcountsConfig(AppConfig):
    name = "readcounts"
    verbose_name = "Lượt xem"
