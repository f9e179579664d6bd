from django.contrib.sitemaps import views as sitemap_views
from django.urls import path

from . import views
from .feeds import CategoryFeed, LatestArticlesFeed
from .sitemaps import SITEMAPS

app_name = "articles"
urlpatterns = [
    path("", views.home, name="home"),
    path("chuyen-muc/<slug:slug>/", views.category, name="category"),
    path("bai-viet/<slug:slug>/", views.detail, name="detail"),
    path("xem-truoc/<int:pk>/", views.preview, name="preview"),
    path("tim-kiem/", views.search, name="search"),
    path("rss/", LatestArticlesFeed(), name="feed"),
    path("rss/<slug:slug>/", CategoryFeed(), name="category_feed"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "articles:sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
    path("robots.txt", views.robots_txt, name="robots"),
]
