"""Categories and topics: their names, slugs and order. A changed slug is
kept as an old one, whose address then leads to the new one (moved.py)."""

from django.contrib import admin

from .. import slug_history
from ..models import Category, Topic
from ..writing import store_category, store_topic
from .forms import CategoryAdminForm, TopicAdminForm


class KeepsOldSlugMixin:
    def save_model(self, request, obj, form, change):
        with slug_history.kept(obj):
            super().save_model(request, obj, form, change)


@admin.register(Category)
class CategoryAdmin(KeepsOldSlugMixin, admin.ModelAdmin):
    form = CategoryAdminForm
    list_display = ["name", "slug", "order"]
    list_editable = ["order"]
    search_fields = ["name"]

    def save_model(self, request, obj, form, change):
        store_category(category=obj)


@admin.register(Topic)
class TopicAdmin(KeepsOldSlugMixin, admin.ModelAdmin):
    form = TopicAdminForm
    list_display = ["name", "slug"]
    search_fields = ["name"]  # the article form picks topics by autocomplete

    def save_model(self, request, obj, form, change):
        store_topic(topic=obj)
