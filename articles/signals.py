from django.db.models.signals import post_delete, post_migrate, post_save

from .page_cache import bump_page_generation


def connect(app_config):
    from .models import Article, Category

    # A deploy runs migrate: pages rendered by the old templates go stale.
    post_migrate.connect(bump_page_generation, sender=app_config, dispatch_uid="pages-migrate")
    for model in (Article, Category):
        post_save.connect(bump_page_generation, sender=model, dispatch_uid=f"pages-{model}-save")
        post_delete.connect(
            bump_page_generation, sender=model, dispatch_uid=f"pages-{model}-delete"
        )
