from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404

from .models import Article, Category, Topic
from .text import xml_safe

FEED_SIZE = 30


class LatestArticlesFeed(Feed):
    """Every text a feed carries passes through `xml_safe`: a control character
    in a row stored before text was cleaned on save cannot break the feed."""

    title = settings.SITE_NAME
    link = "/"
    description = "Tin mới nhất"
    description_template = None

    def items(self):
        return Article.objects.published().for_listing()[:FEED_SIZE]

    def item_title(self, item):
        return xml_safe(item.title)

    def item_description(self, item):
        return xml_safe(item.summary)

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [xml_safe(item.category.name)]

    def item_author_name(self, item):
        return xml_safe(item.source) or None


class CategoryFeed(LatestArticlesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Category, slug=slug)

    def title(self, obj):
        return xml_safe(f"{obj.name} - {settings.SITE_NAME}")

    def link(self, obj):
        return obj.get_absolute_url()

    def description(self, obj):
        return xml_safe(obj.description or f"Tin mới nhất chuyên mục {obj.name}")

    def items(self, obj):
        return Article.objects.published().for_listing().filter(category=obj)[:FEED_SIZE]


class TopicFeed(LatestArticlesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Topic, slug=slug)

    def title(self, obj):
        return f"Chủ đề {obj.name} - {settings.SITE_NAME}"

    def link(self, obj):
        return obj.get_absolute_url()

    def description(self, obj):
        return f"Tin mới nhất về chủ đề {obj.name}"

    def items(self, obj):
        return Article.objects.published().for_listing().filter(topics=obj)[:FEED_SIZE]
