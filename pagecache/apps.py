from django.apps import AppConfig


class PagecacheConfig(AppConfig):
    name = "pagecache"
    verbose_name = "Bộ đệm trang"

    def ready(self):
        from . import generation, signals

        signals.connect(self)
        generation.start_watcher()
