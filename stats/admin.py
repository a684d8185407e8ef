"""The data desk's admin: datasets, observations with spreadsheet import/export, and import versions.

Import and export run django-import-export's views with our Resource, formats and forms. Who may use
them is decided by IMPORT_EXPORT_IMPORT_PERMISSION_CODE / EXPORT_PERMISSION_CODE (settings), i.e. the
statistics.import_observation and statistics.export_observation permissions the Data desk group holds.
The Figure admin lives in stats/figure_admin.py, imported at the end.
"""

import contextlib
import datetime
import re
from urllib.parse import urlencode

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import storages
from django.db import models
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.html import format_html, format_html_join
from django.views.decorators.http import require_POST
from import_export.admin import ImportExportModelAdmin
from import_export.forms import ConfirmImportForm, ExportForm, ImportForm

from stats.countries import search_country_codes
from stats.formats import EXPORT_FORMATS, IMPORT_FORMATS, ImportFileError, human_size
from stats.forms import DatasetAdminForm, ObservationAdminForm
from stats.models import Dataset, DatasetVersion, Observation
from stats.resources import PREVIEW_ROWS, ObservationResource, expected_columns_text
from stats.services import (
    file_sha256,
    import_observations,
    max_upload_bytes,
    recording_observation_edits,
    rollback_dataset,
    snapshot_rows,
)

#: Errors listed on the page; a file where every one of 50,000 rows is wrong would otherwise be a huge page.
PROBLEMS_SHOWN = 200
#: Changes listed on a version's page.
CHANGES_SHOWN = 500
#: Uploaded files left behind by a preview nobody confirmed or cancelled are removed after this long.
STALE_IMPORT_FILE_AGE = datetime.timedelta(hours=6)
_TMP_NAME = re.compile(r"^[0-9a-f]{32}$")


class ObservationImportForm(ImportForm):
    dataset = forms.ModelChoiceField(
        queryset=Dataset.objects.all(), help_text="The dataset whose observations the file holds."
    )
    field_order = ["dataset", "resource", "import_file", "format"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[
            "import_file"
        ].help_text = f"CSV, XLSX or ODS, at most {human_size(max_upload_bytes())}. Columns: {expected_columns_text()}."

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        if upload.size > max_upload_bytes():
            raise ValidationError(
                f"The file is {human_size(upload.size)}; the limit is {human_size(max_upload_bytes())}. "
                "Split it into smaller files."
            )
        return upload


class ObservationConfirmImportForm(ConfirmImportForm):
    dataset = forms.ModelChoiceField(queryset=Dataset.objects.all(), widget=forms.HiddenInput)


class ObservationExportForm(ExportForm):
    dataset = forms.ModelChoiceField(queryset=Dataset.objects.all(), help_text="The dataset to export.")


def _import_storage():
    return storages.create_storage(storages.backends.get("import_export", storages.backends["default"]))


def remove_import_file(name: str) -> None:
    """Delete an uploaded file kept between preview and confirm; a name that is not ours is ignored."""
    if not name or not _TMP_NAME.match(name):
        return
    from import_export.tmp_storages import MediaStorage

    # Already gone is fine: confirm and cancel may race, and either one removing it is enough.
    with contextlib.suppress(FileNotFoundError, OSError):
        MediaStorage(name=name).remove()


def purge_stale_import_files(now=None) -> int:
    """Remove uploads of previews that were abandoned (tab closed, never confirmed nor cancelled)."""
    storage = _import_storage()
    folder = "django-import-export"
    now = now or timezone.now()
    removed = 0
    try:
        _, files = storage.listdir(folder)
    except (FileNotFoundError, NotImplementedError, OSError):
        return 0
    for name in files:
        path_name = f"{folder}/{name}"
        try:
            if now - storage.get_modified_time(path_name) > STALE_IMPORT_FILE_AGE:
                storage.delete(path_name)
                removed += 1
        except (FileNotFoundError, NotImplementedError, OSError):
            continue
    return removed


class ObservationInline(admin.TabularInline):
    model = Observation
    extra = 0
    fields = ("flag", "country", "period", "value", "qualifier", "status", "note")
    readonly_fields = ("flag",)
    ordering = ("period", "-value", "country")
    show_change_link = True

    @admin.display(description="")
    def flag(self, observation):
        return observation.country.unicode_flag if observation.country else ""


@admin.register(Dataset)
class DatasetAdmin(admin.ModelAdmin):
    form = DatasetAdminForm
    # Sources are linked over https; a bare "thebell.io" means https://thebell.io (Django 6's default too).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ("title", "slug", "observation_count", "no_data_count", "as_of", "updated_at")
    list_filter = ("unit", "source_name", "as_of")
    search_fields = ("title", "slug", "description", "source_name")
    prepopulated_fields = {"slug": ("title",)}
    readonly_fields = ("version_links",)
    inlines = [ObservationInline]
    actions = ["rollback_to_previous_version"]
    fieldsets = (
        (None, {"fields": ("title", "slug", "description", "unit", "edit_token")}),
        ("Source", {"fields": ("source_name", "source_url", "methodology", "period", "as_of")}),
        ("Headline figure", {"fields": ("headline_value", "headline_qualifier", "headline_note")}),
        ("Import versions", {"fields": ("version_links",)}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).with_counts()

    @admin.display(description="observations", ordering="observation_count")
    def observation_count(self, dataset):
        return dataset.observation_count

    @admin.display(description="no data", ordering="no_data_count")
    def no_data_count(self, dataset):
        return dataset.no_data_count

    @admin.display(description="versions")
    def version_links(self, dataset):
        if dataset.pk is None:
            return "—"
        import_url = f"{reverse('admin:statistics_observation_import')}?dataset={dataset.pk}"
        versions = dataset.versions.select_related("created_by")[:20]
        if not versions:
            return format_html('No import yet. <a href="{}">Import a spreadsheet</a>', import_url)
        return format_html(
            '<p><a href="{}">Import a spreadsheet</a></p><ul>{}</ul>',
            import_url,
            format_html_join(
                "",
                '<li><a href="{}">v{} {}</a> — {} {}</li>',
                (
                    (
                        reverse("admin:statistics_datasetversion_change", args=[version.pk]),
                        version.number,
                        version.get_kind_display(),
                        version.file_name,
                        timezone.localtime(version.created_at).strftime("%Y-%m-%d %H:%M"),
                    )
                    for version in versions
                ),
            ),
        )

    def save_related(self, request, form, formsets, change):
        # The observations inline: what it adds, changes and deletes is kept as a version of the dataset.
        with recording_observation_edits(datasets=[form.instance], user=request.user):
            super().save_related(request, form, formsets, change)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not request.user.has_perm("statistics.rollback_dataset"):
            actions.pop("rollback_to_previous_version", None)
        return actions

    @admin.action(description="Roll back to the previous version")
    def rollback_to_previous_version(self, request, queryset):
        if not request.user.has_perm("statistics.rollback_dataset"):
            raise PermissionDenied
        for dataset in queryset:
            try:
                version = rollback_dataset(dataset=dataset, user=request.user)
            except ValidationError as error:
                self.message_user(request, f"{dataset}: {' '.join(error.messages)}", messages.ERROR)
            else:
                self.message_user(request, f"{dataset}: rolled back; now at version {version.number}.")


@admin.register(Observation)
class ObservationAdmin(ImportExportModelAdmin):
    form = ObservationAdminForm
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    resource_classes = [ObservationResource]
    import_formats = IMPORT_FORMATS
    export_formats = EXPORT_FORMATS
    import_form_class = ObservationImportForm
    confirm_form_class = ObservationConfirmImportForm
    export_form_class = ObservationExportForm
    import_template_name = "admin/statistics/observation/import.html"
    # Every import is kept as a DatasetVersion; one LogEntry per imported row would only slow big files.
    skip_admin_log = True
    list_display = ("country_with_flag", "dataset", "period", "value", "qualifier", "status")
    list_filter = ("dataset", "status", "country", "qualifier")
    list_select_related = ("dataset",)
    search_fields = ("note", "dataset__title")
    search_help_text = "Country name or code (Armenia, AM, ARM, Türkiye), note or dataset title."
    autocomplete_fields = ("dataset",)

    def get_search_results(self, request, queryset, search_term):
        # The database holds only the ISO code, so a name ("Armenia", "Korea, Rep.") is resolved to codes first.
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        codes = search_country_codes(search_term)
        if codes:
            results = results | queryset.filter(country__in=codes)
        return results, may_have_duplicates

    @admin.display(description="country", ordering="country")
    def country_with_flag(self, observation):
        return f"{observation.country.unicode_flag} {observation.country.name}"

    # --- hand edits: each kept as a version of the dataset(s) it touches ------------------------------

    @staticmethod
    def _datasets_of(observation) -> list[Dataset]:
        """The observation's dataset and, when an edit moves it to another dataset, the one it leaves."""
        datasets = [observation.dataset] if observation.dataset_id else []
        if observation.pk is not None:
            stored = Observation.objects.filter(pk=observation.pk).values_list("dataset_id", flat=True).first()
            if stored is not None and stored != observation.dataset_id:
                datasets.append(Dataset(pk=stored))
        return datasets

    def save_model(self, request, obj, form, change):
        with recording_observation_edits(datasets=self._datasets_of(obj), user=request.user):
            super().save_model(request, obj, form, change)

    def delete_model(self, request, obj):
        with recording_observation_edits(datasets=self._datasets_of(obj), user=request.user):
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        datasets = Dataset.objects.filter(pk__in=queryset.values("dataset_id"))
        with recording_observation_edits(datasets=list(datasets), user=request.user):
            super().delete_queryset(request, queryset)

    # --- import ------------------------------------------------------------------------------------

    def get_urls(self):
        urls = super().get_urls()
        extra = [
            path(
                "import/cancel/",
                self.admin_site.admin_view(self.cancel_import),
                name="statistics_observation_cancel_import",
            ),
            path(
                "import/preview/",
                self.admin_site.admin_view(self.preview_page),
                name="statistics_observation_import_preview",
            ),
        ]
        return [*extra, *urls]

    def get_import_resource_kwargs(self, request, **kwargs):
        form = kwargs.get("form")
        dataset = form.cleaned_data.get("dataset") if form is not None and hasattr(form, "cleaned_data") else None
        return {"dataset": dataset}

    def get_export_resource_kwargs(self, request, **kwargs):
        form = kwargs.get("export_form")
        dataset = form.cleaned_data.get("dataset") if form is not None and hasattr(form, "cleaned_data") else None
        return {"dataset": dataset}

    def get_import_data_kwargs(self, **kwargs):
        return {}

    def get_import_form_initial(self, request):
        initial = super().get_import_form_initial(request)
        if request.GET.get("dataset"):
            initial["dataset"] = request.GET["dataset"]
        return initial

    def get_confirm_form_initial(self, request, import_form):
        initial = super().get_confirm_form_initial(request, import_form)
        if import_form is not None:
            initial["dataset"] = import_form.cleaned_data["dataset"].pk
        return initial

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, ImportFileError):
            form.add_error("import_file", str(e))
        else:
            form.add_error("import_file", "The file could not be read as the chosen format; check the format.")

    def import_action(self, request, **kwargs):
        if self.has_import_permission(request):
            purge_stale_import_files()
        response = super().import_action(request, **kwargs)
        context = getattr(response, "context_data", None) or {}
        form = context.get("form")
        if request.method == "POST" and "confirm_form" not in context and form is not None:
            # No confirmation will follow (errors, unreadable file): the upload has no further use.
            # The form drops a file with errors from cleaned_data; the upload object itself keeps its name.
            upload = request.FILES.get("import_file")
            remove_import_file(getattr(upload, "tmp_storage_name", ""))
        result = context.get("result")
        if result is not None:
            context.update(
                self._preview_context(result, dataset=form.cleaned_data.get("dataset"), page=1, request=request)
            )
            if "confirm_form" in context:
                context["preview_query"] = self._preview_query(context["confirm_form"].initial)
        return response

    @staticmethod
    def _preview_query(initial: dict) -> str:
        """The confirm form's fields as a query string, for links to other pages of the preview."""
        dataset = initial.get("dataset")
        fields = {
            "import_file_name": initial.get("import_file_name", ""),
            "original_file_name": initial.get("original_file_name", ""),
            "format": initial.get("format", ""),
            "resource": initial.get("resource", ""),
            "dataset": getattr(dataset, "pk", dataset),
        }
        return urlencode(fields)

    def _preview_context(self, result, *, dataset, page: int, request) -> dict:
        problems = getattr(result, "problems", [])
        changed_total = result.totals["new"] + result.totals["update"]
        pages = max(1, -(-changed_total // PREVIEW_ROWS))
        context = {
            "problems": problems,
            "problems_shown": problems[:PROBLEMS_SHOWN],
            "import_notice": getattr(result, "import_notice", ""),
            "changed_rows": result.valid_rows(),
            "changed_rows_total": changed_total,
            "preview_limit": PREVIEW_ROWS,
            "preview_page": page,
            "preview_pages": pages,
            "import_dataset": dataset,
        }
        return context

    def preview_page(self, request):
        """Another page of the preview's changed rows: the stored upload is read and dry-run again.

        The preview is the answer to a POST, and keeping every row of a 50,000-row file between requests
        would cost what the bounded result saves; a dry run of the stored file costs seconds.
        """
        if not self.has_import_permission(request):
            raise PermissionDenied
        confirm_form = self.get_confirm_form_class(request)(data=request.GET)
        if not confirm_form.is_valid():
            self.message_user(request, "This preview is no longer available; upload the file again.", messages.ERROR)
            return HttpResponseRedirect(reverse("admin:statistics_observation_import"))
        try:
            page = max(1, int(request.GET.get("page", "1")))
        except ValueError:
            page = 1
        data = confirm_form.cleaned_data
        input_format = self.get_import_formats()[int(data["format"])]()
        try:
            content = self.get_tmp_storage_class()(
                name=data["import_file_name"], encoding=None, read_mode=input_format.get_read_mode()
            ).read()
            rows = input_format.create_dataset(content)
        except (FileNotFoundError, OSError, ImportFileError):
            self.message_user(request, "This preview is no longer available; upload the file again.", messages.ERROR)
            return HttpResponseRedirect(reverse("admin:statistics_observation_import"))
        resource = ObservationResource(dataset=data["dataset"], preview_page=page)
        result = resource.import_data(rows, dry_run=True, raise_errors=False, use_transactions=True)
        context = self.admin_site.each_context(request)
        context.update(
            {
                "title": "Import",
                "opts": self.model._meta,
                "result": result,
                "confirm_form": self.get_confirm_form_class(request)(initial=data),
                "preview_query": self._preview_query(data),
            }
        )
        context.update(self._preview_context(result, dataset=data["dataset"], page=page, request=request))
        request.current_app = self.admin_site.name
        return TemplateResponse(request, [self.import_template_name], context)

    @method_decorator(require_POST)
    def process_import(self, request, **kwargs):
        """Confirm step: import the stored upload through import_observations(), then always remove it."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        confirm_form = self.create_confirm_form(request)
        if not confirm_form.is_valid():
            remove_import_file(request.POST.get("import_file_name", ""))
            self.message_user(request, "The import could not be confirmed; upload the file again.", messages.ERROR)
            return HttpResponseRedirect(reverse("admin:statistics_observation_import"))
        name = confirm_form.cleaned_data["import_file_name"]
        try:
            input_format = self.get_import_formats()[int(confirm_form.cleaned_data["format"])]()
            tmp_storage = self.get_tmp_storage_class()(
                name=name, encoding=None, read_mode=input_format.get_read_mode(), **self.get_tmp_storage_class_kwargs()
            )
            try:
                content = tmp_storage.read()
            except (FileNotFoundError, OSError):
                self.message_user(request, "The uploaded file is no longer available; upload it again.", messages.ERROR)
                return HttpResponseRedirect(reverse("admin:statistics_observation_import"))
            dataset = confirm_form.cleaned_data["dataset"]
            try:
                rows = input_format.create_dataset(content)
            except ImportFileError as error:
                self.message_user(request, str(error), messages.ERROR)
                return HttpResponseRedirect(reverse("admin:statistics_observation_import"))
            report = import_observations(
                dataset=dataset,
                rows=rows,
                file_name=confirm_form.cleaned_data["original_file_name"],
                sha256=file_sha256(content),
                user=request.user,
            )
        finally:
            remove_import_file(name)
        if not report.ok:
            # The data changed between preview and confirm (another import): nothing was written.
            problems = "; ".join(str(problem) for problem in report.problems[:10])
            self.message_user(request, f"Nothing was imported. {problems}", messages.ERROR)
            return HttpResponseRedirect(reverse("admin:statistics_observation_import"))
        version = f" Saved as version {report.version.number}." if report.version else ""
        self.message_user(request, f"Import finished into “{dataset}”: {report.summary()}.{version}")
        url = reverse("admin:statistics_observation_changelist")
        return HttpResponseRedirect(f"{url}?dataset__id__exact={dataset.pk}")

    @method_decorator(require_POST)
    def cancel_import(self, request):
        if not self.has_import_permission(request):
            raise PermissionDenied
        remove_import_file(request.POST.get("import_file_name", ""))
        self.message_user(request, "Import cancelled; nothing was imported and the uploaded file was removed.")
        return HttpResponseRedirect(reverse("admin:statistics_observation_changelist"))

    # --- export ------------------------------------------------------------------------------------

    def get_export_data(self, file_format, request, queryset, **kwargs):
        if not self.has_export_permission(request):
            raise PermissionDenied
        # The library keeps native types only for its own format classes; ours are XLSX too.
        data = self.get_data_for_export(request, queryset, force_native_type=file_format.is_binary(), **kwargs)
        return file_format.export_data(data)

    def get_export_filename(self, request, queryset, file_format):
        return f"observations-{timezone.now():%Y-%m-%d}.{file_format.get_extension()}"


@admin.register(DatasetVersion)
class DatasetVersionAdmin(admin.ModelAdmin):
    """Read-only history: what each import, rollback or admin edit changed, by whom and from which file."""

    list_display = ("dataset", "number", "kind", "created_at", "created_by", "file_name", "counts")
    list_filter = ("dataset", "kind")
    list_select_related = ("dataset", "created_by")
    search_fields = ("dataset__title", "file_name", "file_sha256")
    exclude = ("snapshot", "changes")
    readonly_fields = (
        "dataset",
        "number",
        "kind",
        "created_at",
        "created_by",
        "file_name",
        "file_sha256",
        "rows_new",
        "rows_updated",
        "rows_unchanged",
        "rows_deleted",
        "change_table",
    )

    @admin.display(description="new / updated / unchanged / deleted")
    def counts(self, version):
        return f"{version.rows_new} / {version.rows_updated} / {version.rows_unchanged} / {version.rows_deleted}"

    @admin.display(description="changes (old → new)")
    def change_table(self, version):
        if not version.changes:
            return "No changes."
        shown = version.changes[:CHANGES_SHOWN]
        added = {(row["country"], row["period"]): row for row in snapshot_rows(version)} if shown else {}
        rows = []
        for change in shown:
            if change["action"] == "added":
                values = added.get((change["country"], change["period"]), {})
                fields = "; ".join(
                    f"{name}: {values[name]}" for name in ("value", "qualifier", "status", "note") if values.get(name)
                )
            else:
                fields = "; ".join(f"{name}: {old!s} → {new!s}" for name, (old, new) in change["fields"].items())
            rows.append((change["country"], change.get("period", ""), change["action"], fields))
        more = f"… and {len(version.changes) - CHANGES_SHOWN} more" if len(version.changes) > CHANGES_SHOWN else ""
        return format_html(
            "<table><thead><tr><th>country</th><th>period</th><th>action</th><th>fields</th></tr></thead>"
            "<tbody>{}</tbody></table>{}",
            format_html_join("", "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", rows),
            more,
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# The Figure admin is registered in its own module.
from stats import figure_admin  # noqa: E402, F401
