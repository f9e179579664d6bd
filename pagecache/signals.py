from django.db import transaction
from django.db.models.signals import post_delete, post_migrate, post_save

from .generation import bump_page_generation


def bump_now_and_after_commit(**_):
    """Invalidate pages at once and again when the change is committed. The
    first bump alone would let a request read the new generation but still
    the old rows (the admin saves in a transaction), filing the old page under
    the new key; the second makes every such page obsolete."""
    bump_page_generation()
    transaction.on_commit(bump_page_generation, robust=True)


def connect(app_config):
    from articles.models import Article, Category

    # A deploy runs migrate: pages rendered by the old templates go stale.
    post_migrate.connect(bump_page_generation, sender=app_config, dispatch_uid="pages-migrate")
    for model in (Article, Category):
        post_save.connect(
            bump_now_and_after_commit, sender=model, dispatch_uid=f"pages-{model}-save"
        )
        post_delete.connect(
            bump_now_and_after_commit, sender=model, dispatch_uid=f"pages-{model}-delete"
        )
