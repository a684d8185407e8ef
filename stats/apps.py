from django.apps import AppConfig


class StatisticsConfig(AppConfig):
    # The package is `stats`, not `statistics`: a top-level package of that name would shadow Python's
    # standard-library module, which Django's SQLite backend imports. The label keeps the design's name
    # for admin URLs, table names and apps.get_model("statistics", ...).
    name = "stats"
    label = "statistics"
    verbose_name = "Statistics"
    default_auto_field = "django.db.models.BigAutoField"
