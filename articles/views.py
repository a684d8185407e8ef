"""Public pages: the front page, article pages, section/topic/author lists and search.

Every page makes a fixed number of queries whatever it shows: lists load their articles with section and
lead image joined and bylines prefetched; the article page batches its embeds (see ``articles.body``).
"""

from django.conf import settings
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import Prefetch, Q, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, render
from django.templatetags.static import static
from django.utils import timezone
from django.views.generic import ListView

from articles.body import image_source, render_body, visible_related_links
from articles.models import Article, ArticleAuthor, Author, Correction, RelatedLink, Section, Tag
from articles.sanitize import safe_web_url

#: Stories per page on the front page and on list pages.
PAGE_SIZE = 20

#: Who may read unpublished articles in preview: those who may change them in the admin.
PREVIEW_PERMISSION = "articles.change_article"


def article_list_queryset() -> QuerySet[Article]:
    """Published articles with everything a story list shows: three queries per page, however many stories."""
    return (
        Article.objects.published()
        .select_related("section", "lead_image")
        .prefetch_related(Prefetch("bylines", queryset=ArticleAuthor.objects.select_related("author")))
        .defer("body")
    )


def article_page_queryset(queryset: QuerySet[Article]) -> QuerySet[Article]:
    """Everything the article page follows, loaded in a fixed number of queries."""
    return queryset.select_related("section", "lead_image").prefetch_related(
        Prefetch("bylines", queryset=ArticleAuthor.objects.select_related("author")),
        "tags",
        Prefetch("related_links", queryset=RelatedLink.objects.select_related("target")),
        Prefetch("corrections", queryset=Correction.objects.order_by("published_at", "id")),
    )


class ArticleListView(ListView):
    """A paginated list of published stories; subclasses narrow it and name the page."""

    template_name = "articles/article_list.html"
    context_object_name = "articles"
    paginate_by = PAGE_SIZE
    #: Shown as the page's heading and title.
    title = ""
    description = ""

    def get_queryset(self) -> QuerySet[Article]:
        return article_list_queryset()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = context["page_obj"]
        path = self.request.path + (f"?page={page.number}" if page and page.number > 1 else "")
        context.update(
            title=self.title, description=self.description, canonical_url=self.request.build_absolute_uri(path)
        )
        return context


class HomeView(ArticleListView):
    template_name = "articles/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        articles = list(context["articles"])
        # The lead story is the newest one, shown big on the first page only.
        show_lead = context["page_obj"].number == 1 and bool(articles)
        context["lead_article"] = articles[0] if show_lead else None
        context["articles"] = articles[1:] if show_lead else articles
        return context


class SectionView(ArticleListView):
    def get_queryset(self):
        self.section = get_object_or_404(Section, slug=self.kwargs["slug"])
        self.title = self.section.name
        self.description = self.section.description
        return super().get_queryset().filter(section=self.section)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(section=self.section, current_section=self.section, kind="Section")
        return context


class TagView(ArticleListView):
    def get_queryset(self):
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        self.title = self.tag.name
        return super().get_queryset().filter(tags=self.tag)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(tag=self.tag, kind="Topic")
        return context


class AuthorView(ArticleListView):
    template_name = "articles/author_detail.html"

    def get_queryset(self):
        self.author = get_object_or_404(Author.objects.select_related("photo"), slug=self.kwargs["slug"])
        self.title = self.author.name
        self.description = self.author.bio
        return super().get_queryset().filter(bylines__author=self.author)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(author=self.author, kind="Author")
        if self.author.photo:
            context["author_photo"] = image_source(self.author.photo)
        return context


class SearchView(ArticleListView):
    """Full-text search over published articles: ranked on PostgreSQL, a plain substring match elsewhere."""

    template_name = "articles/search.html"
    title = "Search"

    def get_queryset(self):
        # Control characters mean nothing in a search, and PostgreSQL refuses NUL in a text parameter.
        typed = self.request.GET.get("q", "")
        self.query = "".join(char for char in typed if char.isprintable() or char == " ").strip()[:200]
        if not self.query:
            return Article.objects.none()
        return search_articles(super().get_queryset(), self.query)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["query"] = self.query
        return context


def search_articles(queryset: QuerySet[Article], query: str) -> QuerySet[Article]:
    """Articles matching ``query``, best first.

    On PostgreSQL: full-text search in English with the headline weighted over the summary over the body,
    ranked with ``SearchRank`` and, for equal rank, newest first. Readers type phrases, quotes and
    ``-words``: ``websearch`` syntax understands them and never raises on odd input. Elsewhere (SQLite in
    development and tests): every word must appear somewhere, newest first.
    """
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        vector = (
            SearchVector("headline", weight="A", config="english")
            + SearchVector("summary", weight="B", config="english")
            + SearchVector("body", weight="C", config="english")
        )
        search_query = SearchQuery(query, search_type="websearch", config="english")
        # Match with @@ (which honours "-word"), then order by rank; ts_rank alone ignores negation.
        return (
            queryset.annotate(search=vector, rank=SearchRank(vector, search_query))
            .filter(search=search_query)
            .order_by("-rank", "-published_at", "-pk")
        )
    for word in query.split():
        queryset = queryset.filter(Q(headline__icontains=word) | Q(summary__icontains=word) | Q(body__icontains=word))
    return queryset


def article_detail(request: HttpRequest, year: int, month: str, day: str, slug: str) -> HttpResponse:
    """A published article at its dated URL. Drafts and scheduled articles are 404 to readers."""
    article = get_object_or_404(article_page_queryset(Article.objects.published()), slug=slug)
    canonical = article.get_absolute_url()
    if canonical != request.path:
        # Same story, wrong date in the URL (a typo, or the publication time was corrected): send
        # readers and search engines to the one canonical address.
        return HttpResponsePermanentRedirect(canonical)
    return render(request, "articles/article_detail.html", article_context(request, article))


@staff_member_required
def article_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """Any article, whatever its status, as readers will see it: for staff only, never indexed.

    Staff status alone is not enough: a draft is only for those who may change articles (the Editors),
    not for the data desk or a staff account without a group, who could otherwise read every draft by
    counting primary keys. They get 403; anonymous visitors are sent to log in by the decorator.
    """
    if not request.user.has_perm(PREVIEW_PERMISSION):
        raise PermissionDenied("Previewing articles needs the permission to change them.")
    article = get_object_or_404(article_page_queryset(Article.objects.all()), pk=pk)
    context = article_context(request, article)
    context["is_preview"] = True
    response = render(request, "articles/article_detail.html", context)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def article_context(request: HttpRequest, article: Article) -> dict:
    """What the article template shows, computed here so the template only presents it."""
    bylines = [byline.author for byline in article.bylines.all()]
    canonical_url = request.build_absolute_uri(article.get_absolute_url())
    lead_image = image_source(article.lead_image) if article.lead_image else None
    image_url = request.build_absolute_uri(lead_image.src) if lead_image and lead_image.src else ""
    corrections = list(article.corrections.all())
    return {
        "article": article,
        "authors": bylines,
        "body_html": render_body(article),
        "related_links": visible_related_links(article),
        "corrections": corrections,
        "tags": list(article.tags.all()),
        "lead_image": lead_image,
        "canonical_url": canonical_url,
        "image_url": image_url,
        "current_section": article.section,
        "json_ld": news_article_json_ld(request, article, bylines, canonical_url, image_url),
    }


def news_article_json_ld(
    request: HttpRequest, article: Article, authors: list[Author], canonical_url: str, image_url: str
) -> dict:
    """schema.org ``NewsArticle`` for search engines; the template escapes it for a ``<script>`` element."""
    published = article.published_at or timezone.now()
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.headline[:110],
        "description": article.seo_description or article.summary,
        "datePublished": timezone.localtime(published).isoformat(timespec="seconds"),
        "dateModified": timezone.localtime(article.updated_at or published).isoformat(timespec="seconds"),
        "mainEntityOfPage": {"@type": "WebPage", "@id": canonical_url},
        "url": canonical_url,
        "articleSection": article.section.name,
        "author": [
            {"@type": "Person", "name": author.name, "url": request.build_absolute_uri(author.get_absolute_url())}
            for author in authors
        ],
        "publisher": {
            "@type": "Organization",
            "name": settings.SITE_NAME,
            "url": request.build_absolute_uri("/"),
            "logo": {"@type": "ImageObject", "url": request.build_absolute_uri(static("img/logo.png"))},
        },
        "isAccessibleForFree": True,
    }
    if image_url:
        data["image"] = [image_url]
    if safe_web_url(article.original_url):
        data["isBasedOn"] = article.original_url
    return data
