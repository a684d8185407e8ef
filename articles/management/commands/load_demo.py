"""Load the demo content: idempotent, so running it twice changes nothing.

What already exists is left alone (an editor may have changed the demo story since), so a second run
writes no rows and no revisions.
"""

import datetime
import io

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand
from django.db import transaction
from PIL import Image as PILImage
from PIL import ImageDraw

from articles import services
from articles.models import Article, ArticleAuthor, Author, Image, RelatedLink, Section, Tag
from articles.roles import DATA_DESK, EDITORS, sync_role_groups
from stats.demo import LAUNCH_FIGURE_SLUG, load_launch_data

DEMO_EDITOR = "editor"
DEMO_PASSWORD = "editor-demo-password"  # noqa: S105 - a documented demo account for local runs only

LAUNCH_SLUG = "around-650k-russian-wartime-emigres-remain-abroad"
LAUNCH_PUBLISHED_AT = datetime.datetime(2024, 7, 17, 10, 30, tzinfo=datetime.UTC)
LEAD_IMAGE_NAME = "images/demo/around-650k-russian-wartime-emigres-lead.jpg"

LAUNCH_HEADLINE = "Around 650,000 Russian Wartime Emigres Remain Abroad, The Bell Estimates"
LAUNCH_SUMMARY = (
    "Counting from the migration data of nearly 70 countries, an independent outlet finds that hundreds of "
    "thousands of Russians who left after the invasion of Ukraine have not come back, and says even that "
    "number falls short."
)
# Written by us from the facts in ../shared/story/README.md; the quotes are Putin's, attributed.
LAUNCH_BODY = f"""\
Some 650,000 Russians who left their country after the full-scale invasion of Ukraine in February 2022 \
are still living abroad, according to an estimate by The Bell, an independent business news outlet.

The Bell put the number together from migration statistics published by nearly 70 countries and from \
what officials have said in public. Several destinations popular with Russians publish no figures at \
all, so the outlet presents its total as an undercount.

## Two waves of departures

People left in two bursts in 2022. The first came in the days after the invasion began. The second \
followed in the autumn, when the "partial" mobilization was announced. Those who went gave a mix of \
reasons: they opposed the war, they feared the economy would collapse, or they refused to be sent to \
fight.

Countries that Russians can enter without a visa drew the most. Armenia leads with about 110,000 \
people, Kazakhstan and Israel follow with about 80,000 each, and Georgia has about 74,000.

[figure: {LAUNCH_FIGURE_SLUG}]

Added together, the country figures come to 444,000, well below the overall estimate, because a number \
of countries could not be counted. Portugal, whose digital nomad visa is popular with Russian IT \
workers, has published no residence figures since 2022. Cyprus does not count arrivals from Russia, \
and Thailand, Indonesia, Azerbaijan and Greece did not provide data.

The Israeli figure may overstate how many remain there: many of the people counted may have moved on \
to a third country, especially after the Hamas attack of October 7, 2023 and the war in Gaza.

The United States, with more than 48,000, is the fifth most popular destination. Within the European \
Union, Germany has taken in the most Russians, about 36,000, and Spain is second with about 16,000.

[related: 1]

Not everyone has stayed away. Some emigres went back to Russia after running into difficulties abroad.

## From "traitors" to "connecting element"

The Kremlin's language about those who left has changed. Vladimir Putin first described the exodus as \
a "natural and necessary cleansing of society" of "scum and traitors." A year later, he spoke of \
Russians abroad as "an additional element connecting Russia" with its foreign partners.
"""


def placeholder_lead_image() -> ContentFile:
    """A 1600x900 placeholder drawn with Pillow: the story's real photo is not ours to publish."""
    width, height = 1600, 900
    picture = PILImage.new("RGB", (width, height))
    draw = ImageDraw.Draw(picture)
    for y in range(height):  # a dusk-coloured vertical gradient
        shade = y / height
        draw.line([(0, y), (width, y)], fill=(int(38 + 60 * shade), int(52 + 40 * shade), int(84 + 20 * shade)))
    draw.rectangle([(0, 640), (width, height)], fill=(28, 32, 44))
    for x in range(80, width, 220):  # the silhouette of a departures board
        draw.rectangle([(x, 200), (x + 160, 240)], fill=(232, 186, 74))
        draw.rectangle([(x, 270), (x + 120, 300)], fill=(200, 206, 220))
    draw.text((80, 700), "Placeholder image: the original photo is by Alexander Avilov", fill=(230, 230, 230))
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", quality=85)
    return ContentFile(buffer.getvalue())


class Command(BaseCommand):
    help = "Load the launch story, its data and a demo editor account. Safe to run more than once."

    @transaction.atomic
    def handle(self, *args, **options):
        dataset, figure = load_launch_data()
        self.stdout.write(
            f"Dataset {dataset.slug!r} with {dataset.observations.count()} countries; figure {figure.slug!r}."
        )
        article = self.load_launch_story()
        self.stdout.write(f"Launch story: {article.get_absolute_url()}")
        self.load_demo_editor()
        self.stdout.write(f"Log in to http://127.0.0.1:8000/admin/ as {DEMO_EDITOR!r} with password {DEMO_PASSWORD!r}.")

    def load_launch_story(self) -> Article:
        existing = Article.objects.filter(slug=LAUNCH_SLUG).first()
        if existing is not None:
            return existing
        section, _ = Section.objects.get_or_create(
            slug="russia", defaults={"name": "Russia", "description": "News and analysis from Russia."}
        )
        tags = [
            Tag.objects.get_or_create(slug=slug, defaults={"name": name})[0]
            for slug, name in [("emigration", "Emigration"), ("war-in-ukraine", "War in Ukraine"), ("data", "Data")]
        ]
        author, _ = Author.objects.get_or_create(
            slug="newsroom-staff",
            defaults={"name": "Newsroom Staff", "bio": "Stories written by the newsroom's own staff writers."},
        )
        article = Article(
            headline=LAUNCH_HEADLINE,
            slug=LAUNCH_SLUG,
            summary=LAUNCH_SUMMARY,
            body=LAUNCH_BODY,
            section=section,
            lead_image=self.load_lead_image(),
            status=Article.Status.DRAFT,
            original_publisher="The Moscow Times",
            original_url=(
                "https://www.themoscowtimes.com/2024/07/17/around-650k-russian-wartime-emigres-remain-abroad-the-bell-a85738"
            ),
            seo_description="The Bell estimates about 650,000 Russians who left after February 2022 remain abroad.",
        )
        services.save_article(article=article)
        article.tags.set(tags)
        ArticleAuthor.objects.create(article=article, author=author, position=0)
        RelatedLink.objects.create(
            article=article,
            position=1,
            title="Black-Market Database of Leaked Info Lists Russian Wartime Emigres",
            outlet="Agentstvo",
            # The facts give no address for the story itself: the link goes to Agentstvo's front page.
            url="https://www.agents.media/",
        )
        return services.publish_article(article=article, at=LAUNCH_PUBLISHED_AT)

    def load_lead_image(self) -> Image:
        image = Image.objects.filter(file=LEAD_IMAGE_NAME).first()
        if image is not None:
            return image
        # A fixed name (not the upload_to date folders), so the file is found again rather than duplicated.
        if not default_storage.exists(LEAD_IMAGE_NAME):
            default_storage.save(LEAD_IMAGE_NAME, placeholder_lead_image())
        image = Image(
            file=LEAD_IMAGE_NAME,
            alt_text="Placeholder graphic in dusk colours with the outline of an airport departures board.",
            caption="Two waves of Russians left the country in 2022. (Placeholder for the original photo.)",
            credit="Alexander Avilov / Moskva News Agency",
        )
        return services.save_image(image=image)

    def load_demo_editor(self) -> None:
        User = get_user_model()
        user, created = User.objects.get_or_create(
            username=DEMO_EDITOR, defaults={"is_staff": True, "email": "editor@example.org"}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        if user.is_superuser or not user.is_staff:
            # An editor, not a superuser: the demo shows what the roles allow.
            user.is_superuser, user.is_staff = False, True
            user.save(update_fields=["is_superuser", "is_staff"])
        if Group.objects.filter(name__in=[EDITORS, DATA_DESK]).count() < 2:
            # The migration made them; a database flushed since (tests do that) gets them back.
            sync_role_groups()
        groups = Group.objects.filter(name__in=[EDITORS, DATA_DESK])
        have = set(user.groups.values_list("name", flat=True))
        if have < {EDITORS, DATA_DESK}:
            user.groups.add(*groups)
