import os
import subprocess
import sys

import pytest

from tests.servers import ROOT

pytestmark = pytest.mark.system


def test_check_deploy_is_clean_under_the_documented_production_environment():
    env = {
        "PATH": os.environ["PATH"],
        "DJANGO_SECRET_KEY": "production-secret-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGH",
        "DJANGO_ALLOWED_HOSTS": "vpcp.gov.vn",
        "SITE_URL": "https://vpcp.gov.vn",
        # A developer's .env (make run) may say DJANGO_DEBUG=1; production does not.
        "DJANGO_DEBUG": "0",
        "DATABASE_URL": os.environ.get("DATABASE_URL", ""),
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "DJANGO_BEHIND_TLS_PROXY": "1",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
