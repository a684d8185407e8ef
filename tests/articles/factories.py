"""Factories for the articles app's models."""

import datetime

import factory
from django.utils import timezone

from articles.models import Article, ArticleAuthor, Author, RelatedLink, Section, Tag
from tests.stats_factories import DatasetFactory, FigureFactory  # noqa: F401 - shared by the article tests


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Section {n}")
    slug = factory.Sequence(lambda n: f"section-{n}")


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tag

    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")


class AuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Author

    name = factory.Sequence(lambda n: f"Reporter {n}")
    slug = factory.Sequence(lambda n: f"reporter-{n}")


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    headline = factory.Sequence(lambda n: f"Headline number {n}")
    slug = factory.Sequence(lambda n: f"headline-number-{n}")
    summary = "What happened, in one sentence."
    body = "The first paragraph of the story.\n\nThe second paragraph."
    section = factory.SubFactory(SectionFactory)
    status = Article.Status.DRAFT

    class Params:
        published = factory.Trait(
            status=Article.Status.PUBLISHED,
            published_at=factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(hours=1)),
        )


class ArticleAuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ArticleAuthor

    article = factory.SubFactory(ArticleFactory)
    author = factory.SubFactory(AuthorFactory)


class ExternalLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RelatedLink

    article = factory.SubFactory(ArticleFactory)
    url = "https://www.agents.media/"
    title = "Black-Market Database of Leaked Info Lists Russian Wartime Emigres"
    outlet = "Agentstvo"


class ImageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "articles.Image"

    file = factory.django.ImageField(width=2000, height=1000, color="steelblue", filename="photo.jpg", format="JPEG")
    alt_text = "Travellers with suitcases at a border crossing"
    caption = "The border at Verkhny Lars."
    credit = "Alexander Avilov / Moskva News Agency"
