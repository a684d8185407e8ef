"""Admin forms of the statistics app that refuse to overwrite someone else's newer changes.

Two people (or a person and an import) working on the same dataset or figure must never silently overwrite
each other. Each form carries an *edit token* describing the stored state it was loaded from; a save whose
token no longer matches the database is refused with a message, and the submitted values stay in the form.
"""

import hashlib

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Max

from newsroom.forms import https_by_default
from stats.models import Dataset, Figure, Observation

STALE_MESSAGE = (
    "{what} was changed by someone else after you opened this page{detail}, so your changes were not saved "
    "(they are still in the form below). Open the page again in a new tab, apply your changes there and save."
)


def _latest_version(dataset_id: int | None) -> int:
    if dataset_id is None:
        return 0
    return Dataset.objects.filter(pk=dataset_id).aggregate(number=Max("versions__number"))["number"] or 0


class StaleEditCheckForm(forms.ModelForm):
    """A ModelForm with a hidden ``edit_token`` that must still match the stored object when it is saved.

    The stored row is read with ``select_for_update`` inside the admin's transaction, so nobody can save in
    between the check and this form's own save (on SQLite, whose write transactions are IMMEDIATE here,
    the transaction itself excludes other writers).
    """

    edit_token = forms.CharField(widget=forms.HiddenInput, required=False)
    stale_what = "This record"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["edit_token"].initial = self.edit_token_of(self.instance)

    def edit_token_of(self, instance) -> str:
        raise NotImplementedError

    def stale_detail(self, stored) -> str:
        return ""

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None:
            return cleaned
        stored = type(self.instance)._default_manager.select_for_update().filter(pk=self.instance.pk).first()
        if stored is None:
            raise ValidationError(f"{self.stale_what} was deleted by someone else after you opened this page.")
        if cleaned.get("edit_token") != self.edit_token_of(stored):
            raise ValidationError(
                STALE_MESSAGE.format(what=self.stale_what, detail=self.stale_detail(stored)), code="stale"
            )
        return cleaned


class DatasetAdminForm(StaleEditCheckForm):
    """The dataset with its observations inline: stale when the dataset or any of its observations changed.

    Every change to observations (import, admin edit, rollback) is recorded as a DatasetVersion, so the
    latest version number stands for the observations' state.
    """

    stale_what = "This dataset"

    class Meta:
        model = Dataset
        fields = [
            "title", "slug", "description", "unit", "source_name", "source_url", "methodology", "period", "as_of",
            "headline_value", "headline_qualifier", "headline_note",
        ]  # fmt: skip
        formfield_callback = https_by_default

    def edit_token_of(self, dataset: Dataset) -> str:
        return f"{dataset.updated_at.isoformat()}|v{_latest_version(dataset.pk)}"

    def stale_detail(self, stored: Dataset) -> str:
        version = stored.versions.select_related("created_by").first()
        if version is None:
            return ""
        who = f" by {version.created_by}" if version.created_by else ""
        return f" (latest: version {version.number}, {version.get_kind_display()}{who})"


class ObservationAdminForm(StaleEditCheckForm):
    stale_what = "This observation"

    class Meta:
        model = Observation
        fields = [
            "dataset", "country", "period", "value", "qualifier", "status", "note", "source_name", "source_url",
        ]  # fmt: skip
        formfield_callback = https_by_default

    def edit_token_of(self, observation: Observation) -> str:
        # Observations have no timestamp of their own; their dataset's versions record every change.
        values = (observation.country.code, observation.period, observation.value, observation.qualifier)
        values += (observation.status, observation.note, observation.source_name, observation.source_url)
        digest = hashlib.sha256("\x1f".join(map(str, values)).encode()).hexdigest()[:16]
        return f"v{_latest_version(observation.dataset_id)}|{digest}"


class FigureStaleEditForm(StaleEditCheckForm):
    stale_what = "This figure"

    def edit_token_of(self, figure: Figure) -> str:
        return figure.updated_at.isoformat()
