from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path, re_path
from django.views.static import serve as serve_media

from articles import sitemaps as article_sitemaps
from articles.views import HomeView
from newsroom import views
from stats import sitemaps as stats_sitemaps

sitemaps: dict = {**article_sitemaps.sitemaps, **stats_sitemaps.sitemaps}

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots-txt"),
    # An index of one sitemap per kind, each paginated (?p=2) past its limit, so it scales with the archive.
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": sitemaps, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-news.xml",
        sitemap_views.sitemap,
        {"sitemaps": {"news": article_sitemaps.NewsSitemap}, "template_name": "articles/sitemap_news.xml"},
        name="sitemap-news",
    ),
    path("sitemap-<section>.xml", sitemap_views.sitemap, {"sitemaps": sitemaps}, name="sitemap-section"),
    path("admin/", admin.site.urls),
    path("", include("stats.urls")),
    path("", include("articles.urls")),
    path("", HomeView.as_view(), name="home"),
]

if settings.SERVE_MEDIA:
    # Uploaded media are served by the app itself when nothing stands in front of it (the README's
    # run command, or gunicorn alone). Behind a proxy or with S3, set SERVE_MEDIA=0.
    # MEDIA_ROOT is read per request, not when this module is imported, so overriding it (tests) works.
    def serve_uploaded_media(request, path):
        return serve_media(request, path, document_root=settings.MEDIA_ROOT)

    media_prefix = settings.MEDIA_URL.lstrip("/")
    urlpatterns.append(re_path(rf"^{media_prefix}(?P<path>.*)$", serve_uploaded_media))

handler404 = "newsroom.views.page_not_found"
handler500 = "newsroom.views.server_error"

admin.site.site_header = f"{settings.SITE_NAME} · admin"
admin.site.site_title = f"{settings.SITE_NAME} admin"
admin.site.index_title = "Newsroom"
