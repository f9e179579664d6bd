from django.db.models.signals import post_delete, post_save

from .page_cache import bump_page_generation


def connect():
    from .models import Article, Category

    for model in (Article, Category):
        post_save.connect(bump_page_generation, sender=model, dispatch_uid=f"pages-{model}-save")
        post_delete.connect(
            bump_page_generation, sender=model, dispatch_uid=f"pages-{model}-delete"
        )
