from django.apps import AppConfig
from django.db.models.signals import post_migrate


class PagecacheConfig(AppConfig):
    name = "pagecache"
    verbose_name = "Bộ đệm trang"

    def ready(self):
        from . import front, generation
        from .expiry import expire_every_page, pages_expired

        # A deploy runs migrate: pages rendered by the old templates go stale.
        post_migrate.connect(expire_every_page, sender=self, dispatch_uid="pagecache-migrate")
        pages_expired.connect(front.purge_expired, dispatch_uid="pagecache-front-purge")
        generation.start_watcher()
