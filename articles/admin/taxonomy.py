"""Categories and topics: their names, slugs and order."""

from django.contrib import admin

from ..models import Category, Topic
from ..writing import store_category, store_topic
from .forms import CategoryAdminForm, TopicAdminForm
from .search import FoldedNameSearch


@admin.register(Category)
class CategoryAdmin(FoldedNameSearch, admin.ModelAdmin):
    form = CategoryAdminForm
    list_display = ["name", "slug", "order"]
    list_editable = ["order"]
    search_fields = ["name"]

    def save_model(self, request, obj, form, change):
        store_category(category=obj)


@admin.register(Topic)
class TopicAdmin(FoldedNameSearch, admin.ModelAdmin):
    form = TopicAdminForm
    list_display = ["name", "slug"]
    search_fields = ["name"]  # the article form picks topics by autocomplete

    def save_model(self, request, obj, form, change):
        store_topic(topic=obj)
