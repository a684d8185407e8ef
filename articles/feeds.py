"""RSS feeds: the whole site's latest stories, and each section's."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse

from articles.models import Article, Section
from articles.views import article_list_queryset

#: Items per feed: feed readers poll often, so a day or two of stories is plenty.
FEED_SIZE = 30


class LatestArticlesFeed(Feed):
    """The newest published stories. Three queries whatever the number of items."""

    description = "The latest stories."

    def title(self, obj=None) -> str:
        return settings.SITE_NAME

    def link(self, obj=None) -> str:
        return reverse("home")

    def feed_url(self, obj=None) -> str:
        return reverse("articles:feed")

    def items(self, obj=None):
        return article_list_queryset().prefetch_related("tags")[:FEED_SIZE]

    def item_title(self, item: Article) -> str:
        return item.headline

    def item_description(self, item: Article) -> str:
        return item.summary

    def item_link(self, item: Article) -> str:
        return item.get_absolute_url()

    def item_pubdate(self, item: Article):
        return item.published_at

    def item_updateddate(self, item: Article):
        return item.updated_at or item.published_at

    def item_author_name(self, item: Article) -> str:
        return ", ".join(byline.author.name for byline in item.bylines.all())

    def item_categories(self, item: Article) -> list[str]:
        return [item.section.name, *(tag.name for tag in item.tags.all())]


class SectionFeed(LatestArticlesFeed):
    """One section's newest stories, at /sections/<slug>/feed/."""

    def get_object(self, request, slug: str) -> Section:
        return get_object_or_404(Section, slug=slug)

    def title(self, obj: Section) -> str:
        return f"{obj.name} · {settings.SITE_NAME}"

    def description(self, obj: Section) -> str:
        return obj.description or f"The latest stories in {obj.name}."

    def link(self, obj: Section) -> str:
        return obj.get_absolute_url()

    def feed_url(self, obj: Section) -> str:
        return reverse("articles:section-feed", kwargs={"slug": obj.slug})

    def items(self, obj: Section):
        return article_list_queryset().filter(section=obj).prefetch_related("tags")[:FEED_SIZE]
