"""Writes with side effects on articles and images, shared by the admin, management commands and the shell.

Every function takes keyword-only arguments, validates before it writes and runs in one transaction.
"""

import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from articles.embed_checks import body_embed_errors
from articles.images import create_image_renditions
from articles.models import Article, Correction, Image

PUBLISH_PERMISSION = "articles.publish_article"


class StaleArticleError(Exception):
    """The article was saved by someone else after this copy of it was loaded."""

    def __init__(self, article_id: int, expected_version: int, current_version: int):
        self.article_id = article_id
        self.expected_version = expected_version
        self.current_version = current_version
        super().__init__(
            f"Article {article_id} is at version {current_version}; this copy was made from version "
            f"{expected_version}. Reload it and apply the changes again."
        )


def can_publish(user: AbstractBaseUser | None) -> bool:
    return user is None or user.has_perm(PUBLISH_PERMISSION)


def changes_publication(*, article: Article, before: Article | None) -> bool:
    """Whether saving ``article`` over ``before`` would publish, schedule, reschedule or unpublish it."""
    was_published = before is not None and before.status == Article.Status.PUBLISHED
    is_published = article.status == Article.Status.PUBLISHED
    if was_published != is_published:
        return True
    return is_published and before.published_at != article.published_at


def current_version(article_id: int, *, lock: bool = False) -> int | None:
    """The version stored in the database (``None`` if the article is gone).

    With ``lock``, the row stays locked until the surrounding transaction ends (PostgreSQL), so nobody can
    save in between the check and the caller's own save. Call it inside ``transaction.atomic()`` then.
    """
    queryset = Article.objects.filter(pk=article_id)
    if lock:
        queryset = queryset.select_for_update()
    return queryset.values_list("version", flat=True).first()


@transaction.atomic
def save_article(
    *, article: Article, expected_version: int | None = None, user: AbstractBaseUser | None = None
) -> Article:
    """Validate and save an article, refusing a save from a stale copy and unpermitted publishing.

    ``expected_version`` is the version the editor's copy was loaded at (the admin form carries it); if the
    article has been saved since, :class:`StaleArticleError` is raised and nothing is written. ``user``
    (``None`` for scripts) must hold ``articles.publish_article`` to publish, schedule or unpublish.
    """
    before = None
    if article.pk is not None:
        before = Article.objects.select_for_update().filter(pk=article.pk).first()
        if before is not None and expected_version is not None and before.version != expected_version:
            raise StaleArticleError(article.pk, expected_version, before.version)
    if changes_publication(article=article, before=before) and not can_publish(user):
        raise PermissionDenied("Only editors with the publishing permission can publish, schedule or unpublish.")
    article.full_clean()
    if user is not None:
        article._history_user = user  # simple-history records who made the revision
    article.save()
    return article


def body_errors_for_publishing(article: Article) -> list[str]:
    return body_embed_errors(article.body, publishing=True, related_link_count=article.related_links.count())


@transaction.atomic
def publish_article(
    *, article: Article, user: AbstractBaseUser | None = None, at: datetime.datetime | None = None
) -> Article:
    """Publish now, or at ``at`` (a future time schedules the article: readers see it from then on).

    An article already carrying a publication time keeps it unless ``at`` is given. Refused with a
    :class:`ValidationError` when the body embeds something missing or a figure that is still a draft.
    """
    if not can_publish(user):
        raise PermissionDenied("Only editors with the publishing permission can publish articles.")
    errors = body_errors_for_publishing(article)
    if errors:
        raise ValidationError(errors)
    article.status = Article.Status.PUBLISHED
    article.published_at = at or article.published_at or timezone.now()
    return save_article(article=article, user=user)


@transaction.atomic
def unpublish_article(*, article: Article, user: AbstractBaseUser | None = None) -> Article:
    """Take an article off the site (back to draft). Its publication time is kept for a later re-publish."""
    if not can_publish(user):
        raise PermissionDenied("Only editors with the publishing permission can unpublish articles.")
    article.status = Article.Status.DRAFT
    return save_article(article=article, user=user)


@transaction.atomic
def add_correction(
    *,
    article: Article,
    text: str,
    kind: str = Correction.Kind.CORRECTION,
    user: AbstractBaseUser | None = None,
    at: datetime.datetime | None = None,
) -> Correction:
    """Attach a dated correction or update; the article's "updated" time moves to it."""
    correction = Correction(article=article, kind=kind, text=text, published_at=at or timezone.now(), created_by=user)
    correction.full_clean()
    correction.save()
    if article.updated_at is None or correction.published_at > article.updated_at:
        article.updated_at = correction.published_at
        if user is not None:
            article._history_user = user
        article.save(update_fields=["updated_at", "modified_at"])
    return correction


@transaction.atomic
def save_image(*, image: Image, file_changed: bool = True) -> Image:
    """Validate and save an image; (re)make its renditions when the file is new or replaced."""
    image.full_clean()
    image.save()
    if file_changed:
        create_image_renditions(image)
    return image
