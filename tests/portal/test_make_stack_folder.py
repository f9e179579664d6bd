"""`make stack` keeps every file of its servers in one folder, which it
removes when it stops (docs/deployment.md, "The whole stack on one
machine"): run with a temporary folder (TMPDIR) of its own, it makes nothing
there but that folder, and leaves it empty on Ctrl-C."""

import re
from pathlib import Path

import pytest

from tests.portal.test_backups import make_stack

pytestmark = pytest.mark.system
# A folder per server inside the stack's, besides the releases and their files.
SERVERS = {"redis", "pgbouncer", "varnish", "nginx", "seaweedfs"}


def test_make_stack_keeps_its_files_in_one_folder_it_removes_when_stopped(
    new_database_url, tmp_path
):
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    with make_stack(new_database_url, "", TMPDIR=str(temporary)) as printed:
        (folder,) = temporary.iterdir()
        assert folder.name.startswith("vpcp-stack-")
        said = re.search(r"Every server's files: (\S+)/ \(removed when it stops\)", printed)
        assert Path(said.group(1)) == folder
        assert SERVERS | {"release-a", "release-b", "servers.env"} <= {
            path.name for path in folder.iterdir()
        }
    assert list(temporary.iterdir()) == []
