"""The "Lượt xem" column of the article list.

The articles app does not know about reads, so this app extends the article
admin that is registered (whatever class articles registered, found through
the admin site, not imported by path) and registers it again with the column.
Django imports admin modules in INSTALLED_APPS order, so readcounts comes
after articles there.
"""

from django.contrib import admin

from articles.models import Article

from .selectors import with_read_totals

_RegisteredArticleAdmin = type(admin.site.get_model_admin(Article))


class ArticleWithReadsAdmin(_RegisteredArticleAdmin):  # type: ignore[valid-type,misc]
    list_display = [*_RegisteredArticleAdmin.list_display, "reads"]

    @admin.display(description="Lượt xem", ordering="reads")
    def reads(self, obj):
        return obj.reads

    def get_queryset(self, request):
        return with_read_totals(super().get_queryset(request))


admin.site.unregister(Article)
admin.site.register(Article, ArticleWithReadsAdmin)
