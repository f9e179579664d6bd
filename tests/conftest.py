import pytest

from tests.factories import make_user


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Uploaded files go to a temporary folder, never into the repository."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def editor(db):
    return make_user("bientap", group="Biên tập viên")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client
