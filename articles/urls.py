from django.urls import path, re_path

from pagecache.middleware import public_page

from . import paging, sitemap_xml, views
from .caching import ARTICLE_PAGES, FEEDS, HOME, SEARCH, SITEMAP
from .feeds import CategoryFeed, LatestArticlesFeed, TopicFeed
from .search import PARAMS
from .sitemaps import SITEMAPS

app_name = "articles"
urlpatterns = [
    path("", public_page(views.home, keys=(HOME,)), name="home"),
    path(
        "chuyen-muc/<slug:slug>/",
        public_page(views.category, params=paging.PARAMS),
        name="category",
    ),
    path("bai-viet/<slug:slug>/", public_page(views.detail, keys=(ARTICLE_PAGES,)), name="detail"),
    path("xem-truoc/<int:pk>/", views.preview, name="preview"),
    path("chu-de/<slug:slug>/", public_page(views.topic, params=paging.PARAMS), name="topic"),
    path(
        "tim-kiem/",
        public_page(views.search, params=PARAMS, keys=(SEARCH,), bounded=True),
        name="search",
    ),
    path("kenh-rss/", public_page(views.feeds_index, keys=(FEEDS,)), name="feeds"),
    path("so-do-trang/", public_page(views.site_map, keys=(SITEMAP,)), name="site_map"),
    path("rss/", public_page(LatestArticlesFeed(), keys=(FEEDS,)), name="feed"),
    path("rss/<slug:slug>/", public_page(CategoryFeed(), keys=(FEEDS,)), name="category_feed"),
    path("rss/chu-de/<slug:slug>/", public_page(TopicFeed(), keys=(FEEDS,)), name="topic_feed"),
    path(
        "sitemap.xml",
        public_page(sitemap_xml.index, keys=(SITEMAP,)),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "articles:sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        public_page(sitemap_xml.sitemap, params=("p",)),
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
    re_path(
        r"^(?P<kind>gioi-thieu|lien-he|en)/$",
        public_page(views.agency_page),
        name="page",
    ),
    path("robots.txt", public_page(views.robots_txt), name="robots"),
]
