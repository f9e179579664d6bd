"""The staff roles, each a group with least privilege, defined once here and
applied by the data migration core/migrations/0001_staff_roles.py and
by `manage.py create_staff`.

Biên tập viên (editors) write, edit and submit articles and pick topics
among those that exist; Duyệt tin (approvers) also publish, schedule, return,
take down and delete, publish the agency's pages (Giới thiệu, Liên hệ,
English; editors propose their changes), and manage categories and topics: creating or renaming
the newsroom's vocabulary, which readers see at once, is theirs; Kiểm
duyệt viên (moderators) see, hide, unhide and delete votes, review
suspicious bursts and see the summaries, nothing about articles. Neither desk role sees votes.

After changing ROLES, add a migration that runs `apply_roles` again, so
existing databases get the change.
"""

from dataclasses import dataclass

from django.contrib.auth.management import create_permissions

# Both desk roles read an article's revisions and its workflow log.
READ_LOGS = ("view_historicalarticle", "view_transition")


@dataclass(frozen=True)
class Role:
    """A staff role: its group's name and its permissions per app label."""

    group: str
    permissions: dict[str, tuple[str, ...]]


ROLES = {
    "editor": Role(
        "Biên tập viên",
        {
            "articles": (
                "add_article",
                "change_article",
                "view_article",
                "view_category",
                "view_topic",
                "view_page",
                "change_page",
                *READ_LOGS,
            )
        },
    ),
    "approver": Role(
        "Duyệt tin",
        {
            "articles": (
                "add_article",
                "change_article",
                "view_article",
                "delete_article",
                "publish_article",
                "add_category",
                "change_category",
                "view_category",
                "add_topic",
                "change_topic",
                "delete_topic",
                "view_topic",
                "view_page",
                "change_page",
                "publish_page",
                *READ_LOGS,
            )
        },
    ),
    "moderator": Role(
        "Kiểm duyệt viên",
        {
            "ratings": (
                "view_vote",
                "change_vote",
                "delete_vote",
                "view_voteburst",
                "change_voteburst",
                "view_ratingsummary",
            )
        },
    ),
}


def apply_roles(apps) -> None:
    """Make each role's group (if missing) and set its permissions to exactly
    those of ROLES.

    Args:
        apps: an app registry: a migration's historical `apps`, or
            `django.apps.apps` (tests restore the groups a flush removed).

    Permissions are normally created after all migrations (post_migrate), so
    they are created here first for every app a role names.
    """
    for label in {label for role in ROLES.values() for label in role.permissions}:
        app_config = apps.get_app_config(label)
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = models_module or True  # migration-state configs lack it
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = models_module
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role in ROLES.values():
        group, _ = Group.objects.get_or_create(name=role.group)
        wanted = Permission.objects.none()
        for label, codenames in role.permissions.items():
            wanted = wanted | Permission.objects.filter(
                content_type__app_label=label, codename__in=codenames
            )
        group.permissions.set(wanted)
