"""Each staff role grants what its people need and nothing more, from one
definition (core/roles.py) that the data migration applies."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from core.roles import ROLES
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def permissions_of(group_name):
    group = Group.objects.get(name=group_name)
    return {
        f"{app}.{codename}"
        for app, codename in group.permissions.values_list("content_type__app_label", "codename")
    }


def test_the_data_migration_gives_each_group_exactly_its_role():
    Group.objects.all().delete()
    executor = MigrationExecutor(connection)
    executor.migrate([("vpcp_portal", None)])
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes("vpcp_portal"))
    for role in ROLES.values():
        wanted = {
            f"{app}.{codename}"
            for app, codenames in role.permissions.items()
            for codename in codenames
        }
        assert permissions_of(role.group) == wanted


@pytest.mark.parametrize(
    ("group", "allowed", "refused"),
    [
        (
            "Biên tập viên",
            ["articles.add_article", "articles.view_topic", "articles.view_historicalarticle"],
            [
                *("articles.publish_article", "articles.add_topic", "articles.change_topic"),
                *("articles.add_category", "articles.delete_topic", "ratings.view_vote"),
            ],
        ),
        (
            "Duyệt tin",
            ["articles.publish_article", "articles.delete_topic", "articles.add_category"],
            ["ratings.view_vote", "ratings.change_vote", "articles.delete_category"],
        ),
        (
            "Kiểm duyệt viên",
            ["ratings.view_vote", "ratings.change_voteburst", "ratings.view_ratingsummary"],
            ["articles.view_article", "articles.change_article", "ratings.delete_ratingsummary"],
        ),
    ],
)
def test_a_staff_member_may_do_what_the_role_needs_and_nothing_else(group, allowed, refused):
    user = make_user(group=group)
    assert all(user.has_perm(permission) for permission in allowed)
    assert not any(user.has_perm(permission) for permission in refused)
