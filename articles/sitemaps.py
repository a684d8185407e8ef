"""sitemap.xml for search engines, and a Google News sitemap of the last two days' stories."""

import datetime

from django.contrib.sitemaps import Sitemap
from django.db.models import Max, Q
from django.utils import timezone

from articles.models import Article, Author, Section, Tag

#: Google News reads only articles published in the last two days from a news sitemap.
NEWS_WINDOW = datetime.timedelta(days=2)


class ArticleSitemap(Sitemap):
    changefreq = "weekly"
    limit = 5000

    def items(self):
        return Article.objects.published().only("slug", "published_at", "updated_at").order_by("-published_at", "pk")

    def lastmod(self, item: Article):
        return item.updated_at or item.published_at


class NewsSitemap(ArticleSitemap):
    """Stories of the last two days, with the ``news:`` fields (see templates/articles/sitemap_news.xml)."""

    limit = 1000

    def items(self):
        now = timezone.now()
        return (
            Article.objects.published(now=now)
            .filter(published_at__gte=now - NEWS_WINDOW)
            .only("slug", "headline", "published_at", "updated_at")
            .order_by("-published_at", "pk")
        )


class SectionSitemap(Sitemap):
    changefreq = "hourly"

    def items(self):
        published = Q(articles__status=Article.Status.PUBLISHED, articles__published_at__lte=timezone.now())
        return Section.objects.annotate(last_published=Max("articles__published_at", filter=published)).order_by(
            "position", "pk"
        )

    def lastmod(self, item: Section):
        return item.last_published


class TagSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return Tag.objects.filter(articles__in=Article.objects.published()).distinct().order_by("name")


class AuthorSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return Author.objects.filter(bylines__article__in=Article.objects.published()).distinct().order_by("name")


sitemaps = {
    "articles": ArticleSitemap,
    "sections": SectionSitemap,
    "topics": TagSitemap,
    "authors": AuthorSitemap,
}
