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


@pytest.fixture
def isolated_home(tmp_path_factory, monkeypatch):
    """A home folder of its own, so the developer's global git config (a global nbstripout install)
    stays out of the answers of the git and version-control tests that ask for it."""
    from jupyterlab_promote.engine.project import git

    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setattr(git, "_global_config_files", lambda: [home / ".gitconfig"])
    return home
