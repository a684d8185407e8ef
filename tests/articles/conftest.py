"""Users in the newsroom's roles, and a way to post admin forms as a browser would."""

import datetime

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import Group
from django.forms import ModelMultipleChoiceField, MultipleChoiceField, MultiWidget

from articles.roles import DATA_DESK, EDITORS, sync_role_groups


@pytest.fixture
def role_groups(db):
    # The groups come from a migration; a transactional test elsewhere may have flushed them since.
    sync_role_groups(django_apps)
    return {group.name: group for group in Group.objects.filter(name__in=[EDITORS, DATA_DESK])}


def _staff_user(django_user_model, username: str, groups):
    user = django_user_model.objects.create_user(username=username, password="a-test-password-42", is_staff=True)
    user.groups.set(groups)
    return user


@pytest.fixture
def editor(django_user_model, role_groups):
    return _staff_user(django_user_model, "eddie-editor", [role_groups[EDITORS]])


@pytest.fixture
def second_editor(django_user_model, role_groups):
    return _staff_user(django_user_model, "erin-editor", [role_groups[EDITORS]])


@pytest.fixture
def data_desk(django_user_model, role_groups):
    return _staff_user(django_user_model, "dana-data", [role_groups[DATA_DESK]])


@pytest.fixture
def staff_without_group(django_user_model, db):
    return _staff_user(django_user_model, "nobody-staff", [])


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def _as_post_value(bound_field):
    value = bound_field.value()
    widget = bound_field.field.widget
    if isinstance(widget, MultiWidget):
        parts = widget.decompress(value) if not isinstance(value, list) else value
        return {f"{bound_field.html_name}_{i}": _scalar(part) for i, part in enumerate(parts)}
    if isinstance(bound_field.field, MultipleChoiceField | ModelMultipleChoiceField) or isinstance(value, list | tuple):
        return {bound_field.html_name: [_scalar(v) for v in value or []]}
    if isinstance(value, bool):
        return {bound_field.html_name: "on"} if value else {}
    return {bound_field.html_name: _scalar(value)}


def _scalar(value):
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, datetime.time):
        return value.strftime("%H:%M:%S")
    return str(getattr(value, "pk", value))


def admin_form_data(response) -> dict:
    """Everything an admin change (or history) page would submit unchanged: the form and its inlines."""
    data: dict = {}
    for field in response.context["adminform"].form:
        data.update(_as_post_value(field))
    for inline in response.context.get("inline_admin_formsets", []):
        formset = inline.formset
        for field in formset.management_form:
            data.update(_as_post_value(field))
        for form in formset.forms:
            for field in form:
                data.update(_as_post_value(field))
    return data


@pytest.fixture
def form_data():
    return admin_form_data
