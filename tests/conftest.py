import sys
from pathlib import Path

# Lets test modules in subfolders share `factories` without making tests a package.
sys.path.insert(0, str(Path(__file__).parent))

import pytest


@pytest.fixture
def jp_server_config():
    return {"ServerApp": {"jpserver_extensions": {"jupyterlab_promote": True}, "allow_unauthenticated_access": False}}


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden/*.json from the engine")
