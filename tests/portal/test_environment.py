"""Settings come from the environment through one reader, every variable is
documented (docs/configuration.md), and the README's commands work in a fresh
shell after `make run`."""

import ast
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.servers import ROOT

CODE_FOLDERS = [
    *("vpcp_portal", "core", "pagecache", "images", "staff", "articles"),
    *("readcounts", "ratings"),
    "bench",
]
READER = ROOT / "vpcp_portal" / "env.py"
ENV_METHODS = {"str", "bool", "int", "float", "list", "db_url", "path", "json", "url"}


def python_files():
    for folder in CODE_FOLDERS:
        yield from (
            path for path in (ROOT / folder).rglob("*.py") if "migrations" not in path.parts
        )


def first_string(call):
    if call.args and isinstance(call.args[0], ast.Constant) and isinstance(call.args[0].value, str):
        return call.args[0].value
    return None


def is_os_environ(node):
    return (
        isinstance(node, ast.Attribute)
        and node.attr == "environ"
        and isinstance(node.value, ast.Name)
        and node.value.id == "os"
    )


def read_by_call(call):
    """The variable name a call such as env.int("X"), env_parsed("X", ...) or
    os.environ.get("X") reads."""
    func = call.func
    through_reader = (
        isinstance(func, ast.Name) and func.id in {"env", "env_list", "env_parsed"}
    ) or (
        isinstance(func, ast.Attribute)
        and isinstance(func.value, ast.Name)
        and func.value.id == "env"
        and func.attr in ENV_METHODS
    )
    getenv = isinstance(func, ast.Attribute) and func.attr == "getenv"
    environ_get = (
        isinstance(func, ast.Attribute) and func.attr == "get" and is_os_environ(func.value)
    )
    return first_string(call) if through_reader or getenv or environ_get else None


def environment_reads():
    """{variable name: files} for every literal name the code reads, through
    `env` or straight from `os.environ` / `os.getenv`."""
    found = {}
    for path in python_files():
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            name = None
            if isinstance(node, ast.Call):
                name = read_by_call(node)
            elif (
                isinstance(node, ast.Subscript)
                and isinstance(node.ctx, ast.Load)
                and is_os_environ(node.value)
                and isinstance(node.slice, ast.Constant)
            ):
                name = node.slice.value
            if name:
                found.setdefault(name, set()).add(path.relative_to(ROOT).as_posix())
    return found


def readme_table_names(heading="Environment variables"):
    """The variables the table under docs/configuration.md's `heading` names."""
    section = (ROOT / "docs" / "configuration.md").read_text().split(f"## {heading}")[1]
    section = section.split("\n## ")[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    return {name for row in rows for name in re.findall(r"`([A-Z][A-Z0-9_]+)`", row.split("|")[1])}


def env_example_names():
    text = (ROOT / ".env.example").read_text()
    return set(re.findall(r"^#? ?([A-Z][A-Z0-9_]+)=", text, flags=re.MULTILINE))


def test_every_environment_variable_the_code_reads_is_in_the_readme_table():
    reads = environment_reads()
    assert {"DJANGO_SECRET_KEY", "STAFF_REAUTH_MINUTES", "GUNICORN_THREADS"} <= reads.keys()
    missing = {name: files for name, files in reads.items() if name not in readme_table_names()}
    assert not missing, f"add to docs/configuration.md's table: {missing}"


def test_every_environment_variable_the_code_reads_is_in_env_example():
    missing = sorted(set(environment_reads()) - env_example_names())
    assert not missing, f"add to .env.example: {missing}"


def test_the_readme_table_names_no_variable_the_code_does_not_read():
    stale = readme_table_names() - set(environment_reads())
    assert not stale, f"the code no longer reads {sorted(stale)}"


def make_variables():
    """The variables the Makefile lets its user set: those it gives a default
    (`?=`) and those it reads without setting them (`$(STACK_ARGS)`)."""
    text = (ROOT / "Makefile").read_text()
    defaults = set(re.findall(r"^(?:export )?([A-Z][A-Z0-9_]*) \?=", text, flags=re.MULTILINE))
    assigned = set(re.findall(r"^(?:export )?([A-Z][A-Z0-9_]*) [:?]?=", text, flags=re.MULTILINE))
    read = set(re.findall(r"\$\(([A-Z][A-Z0-9_]*)\)", text))
    return defaults | (read - assigned)


def test_every_make_variable_is_in_the_make_variables_table():
    assert {"STACK_DATABASE_URL", "STACK_ARGS", "PORT"} <= make_variables()
    assert make_variables() == readme_table_names("Make variables")


def test_the_portal_reads_the_environment_only_through_its_one_reader():
    direct = set()
    for folder in ["vpcp_portal", "core", "pagecache", "articles", "ratings"]:
        for path in (ROOT / folder).rglob("*.py"):
            if path == READER:
                continue
            for node in ast.walk(ast.parse(path.read_text())):
                reads_environ = is_os_environ(node) and not isinstance(
                    getattr(node, "parent", None), ast.Attribute
                )
                getenv = isinstance(node, ast.Attribute) and node.attr == "getenv"
                if reads_environ or getenv:
                    direct.add(path.relative_to(ROOT).as_posix())
    # wsgi.py and asgi.py only choose the settings module, as Django's template
    # does; create_staff takes its password as createsuperuser does (an input
    # of the command, which env.py has loaded from .env too; no app imports
    # the project's reader).
    allowed = {
        "vpcp_portal/wsgi.py",
        "vpcp_portal/asgi.py",
        "core/management/commands/create_staff.py",
    }
    assert direct <= allowed, direct


def readme_noninteractive_create_admin_command():
    """The README's non-interactive createsuperuser command, as a shell string."""
    readme = (ROOT / "README.md").read_text()
    block = readme.split("Create an admin account")[1].split("```sh\n")[1].split("```")[0]
    command = block.replace("\\\n", " ")
    lines = [line for line in command.splitlines() if "--noinput" in line]
    assert len(lines) == 1, block
    return lines[0]


@pytest.mark.system
def test_the_readme_create_admin_command_works_in_a_fresh_shell_after_make_run(tmp_path):
    """A fresh clone (the tracked files and this .venv), `make run`'s set-up
    steps, then the README's command in an environment holding only PATH and
    HOME: no DJANGO_DEBUG, no secret key, no database URL."""
    clone = tmp_path / "clone"
    tracked = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode()
    for name in filter(None, tracked.split("\0")):
        source = ROOT / name
        if source.is_file():
            (clone / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, clone / name)
    (clone / ".venv").symlink_to(Path(sys.prefix))
    fresh_shell = {"PATH": os.environ["PATH"], "HOME": str(tmp_path)}

    def shell(command):
        return subprocess.run(
            ["bash", "-c", command],
            cwd=clone,
            env=fresh_shell,
            capture_output=True,
            text=True,
            check=False,
        )

    for step in ["make --no-print-directory .env", ".venv/bin/python manage.py migrate -v0"]:
        result = shell(step)
        assert result.returncode == 0, result.stdout + result.stderr

    command = readme_noninteractive_create_admin_command()
    password = "Mat-khau-rat-dai-2026"
    result = shell(command.replace("'...'", shlex.quote(password)))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ImproperlyConfigured" not in result.stderr

    check = shell(
        ".venv/bin/python manage.py shell -c "
        + shlex.quote(
            "from django.contrib.auth.models import User;"
            "user = User.objects.get(username='admin');"
            f"print(user.check_password('{password}'), user.is_superuser, user.email)"
        )
    )
    assert check.returncode == 0, check.stdout + check.stderr
    assert check.stdout.strip().splitlines()[-1] == "True True admin@example.gov.vn"
