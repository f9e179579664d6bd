from django.apps import AppConfig
from django.db.models.signals import post_migrate


class PagecacheConfig(AppConfig):
    name = "pagecache"
    verbose_name = "Bộ đệm trang"

    def ready(self):
        from . import generation
        from .expiry import expire_every_page

        # A deploy runs migrate: pages rendered by the old templates go stale.
        post_migrate.connect(expire_every_page, sender=self, dispatch_uid="pagecache-migrate")
        generation.start_watcher()
