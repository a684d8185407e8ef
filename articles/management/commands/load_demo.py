"""Load the demo content: idempotent, so running it twice changes nothing."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from stats.demo import load_launch_data

DEMO_EDITOR = "editor"
DEMO_PASSWORD = "editor-demo-password"  # noqa: S105 - a documented demo account for local runs only


class Command(BaseCommand):
    help = "Load the launch story, its data and a demo editor account. Safe to run more than once."

    @transaction.atomic
    def handle(self, *args, **options):
        dataset, figure = load_launch_data()
        self.stdout.write(
            f"Dataset {dataset.slug!r} with {dataset.observations.count()} countries; figure {figure.slug!r}."
        )
        User = get_user_model()
        user, created = User.objects.get_or_create(
            username=DEMO_EDITOR, defaults={"is_staff": True, "is_superuser": True, "email": "editor@example.org"}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        self.stdout.write(f"Log in to http://127.0.0.1:8000/admin/ as {DEMO_EDITOR!r} with password {DEMO_PASSWORD!r}.")
