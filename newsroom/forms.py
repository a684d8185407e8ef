"""Form pieces every app's admin forms share."""

from django.db import models


def https_by_default(db_field, **kwargs):
    """A ModelForm ``formfield_callback``: a URL typed without a scheme means https (Django 6's default).

    Editors and the data desk paste bare addresses ("thebell.io"); declaring the scheme also silences
    Django 5.2's warning about the coming change of default.
    """
    if isinstance(db_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return db_field.formfield(**kwargs)
