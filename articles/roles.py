"""The newsroom's roles, as auth groups with exactly these permissions.

Used by the data migration that creates the groups, and by anything that must put them back (tests that
flush the database). Changing a role means changing this table *and* adding a migration that calls
:func:`sync_role_groups` again.
"""

from django.apps import apps as global_apps

EDITORS = "Editors"
DATA_DESK = "Data desk"

_ALL = ("add", "change", "delete", "view")

#: group name -> app label -> model name -> actions (``"*"`` for every permission of the app, custom ones too).
ROLE_PERMISSIONS: dict[str, dict[str, dict[str, tuple[str, ...]] | str]] = {
    EDITORS: {
        "articles": {
            "article": (*_ALL, "publish"),
            "articleauthor": _ALL,
            "author": _ALL,
            "correction": _ALL,
            "image": _ALL,
            "relatedlink": _ALL,
            "section": _ALL,
            "tag": _ALL,
            "historicalarticle": ("view",),
        },
        # Editors look figures up to embed them; changing statistics is the data desk's work.
        "statistics": {"dataset": ("view",), "figure": ("view",)},
    },
    # Statistics and imports, including the custom import/export/rollback permissions; no articles.
    DATA_DESK: {"statistics": "*"},
}


def _codename(action: str, model: str) -> str:
    return "publish_article" if (action, model) == ("publish", "article") else f"{action}_{model}"


def sync_role_groups(apps=global_apps) -> None:
    """Create the role groups if missing and give each exactly its permissions (idempotent).

    ``apps`` is the historical app registry inside a migration, the live one elsewhere. The permissions
    must exist already (see the migration, which creates them first on a fresh database).
    """
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, apps_and_models in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        permission_ids: set[int] = set()
        for app_label, models in apps_and_models.items():
            in_app = Permission.objects.filter(content_type__app_label=app_label)
            if models == "*":
                permission_ids.update(in_app.values_list("id", flat=True))
                continue
            for model, actions in models.items():
                codenames = [_codename(action, model) for action in actions]
                found = set(
                    in_app.filter(content_type__model=model, codename__in=codenames).values_list("id", flat=True)
                )
                if len(found) != len(codenames):
                    raise LookupError(f"Missing permissions for {app_label}.{model}: expected {codenames}")
                permission_ids.update(found)
        group.permissions.set(permission_ids)
