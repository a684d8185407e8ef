"""Public article pages. (Foundation: minimal pages; the reader's site issue fills them out.)"""

from django.contrib.admin.views.decorators import staff_member_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from articles.models import Article, Author, Section, Tag


def article_detail(request: HttpRequest, year: int, month: str, day: str, slug: str) -> HttpResponse:
    article = get_object_or_404(Article.objects.published().select_related("section"), slug=slug)
    if article.get_absolute_url() != request.path:
        raise Http404
    return render(request, "articles/article_detail.html", {"article": article})


def section_detail(request: HttpRequest, slug: str) -> HttpResponse:
    section = get_object_or_404(Section, slug=slug)
    articles = Article.objects.published().filter(section=section)
    return render(request, "articles/article_list.html", {"title": section.name, "articles": articles})


def tag_detail(request: HttpRequest, slug: str) -> HttpResponse:
    tag = get_object_or_404(Tag, slug=slug)
    articles = Article.objects.published().filter(tags=tag)
    return render(request, "articles/article_list.html", {"title": tag.name, "articles": articles})


def author_detail(request: HttpRequest, slug: str) -> HttpResponse:
    author = get_object_or_404(Author, slug=slug)
    articles = Article.objects.published().filter(authors=author)
    return render(request, "articles/article_list.html", {"title": author.name, "articles": articles})


@staff_member_required
def article_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """Any article, whatever its status, as readers will see it: for staff only, never indexed."""
    article = get_object_or_404(Article.objects.select_related("section"), pk=pk)
    response = render(request, "articles/article_detail.html", {"article": article, "is_preview": True})
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
