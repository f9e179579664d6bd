from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Tin bài"

    def ready(self):
        from . import page_generation, signals

        signals.connect(self)
        page_generation.start_watcher()
