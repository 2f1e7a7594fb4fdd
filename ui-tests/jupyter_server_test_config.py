"""Server configuration for the Galata UI tests.

Galata's helper sets a fixed port (8888), no token and a temporary root
directory. The CI machines run as root, which jupyter_server refuses unless
told otherwise. Real-time collaboration (jupyter-collaboration, installed for
the tests in playwright.rtc.config.js) stays off here and its frontend extensions
are disabled: the page is the one JupyterLab shows without the package.
"""

import os

from jupyterlab.galata import configure_jupyter_server
from jupyterlab_server.config import get_federated_extensions

configure_jupyter_server(c)  # noqa: F821 (`c` is injected by traitlets)
c.ServerApp.allow_root = True  # noqa: F821
# The same port as playwright.config.js: 8888 unless PROMOTE_UI_PORT says otherwise.
c.ServerApp.port = int(os.environ.get("PROMOTE_UI_PORT", "8888"))  # noqa: F821
# Read by jupyter-collaboration's server extension and passed to its frontend as `disableRTC`; only
# jupyter_server_rtc_config.py turns it on.
c.YDocExtension.disable_rtc = True  # noqa: F821
COLLABORATION_FRONTEND = ("@jupyter/collaboration-extension", "@jupyter/docprovider-extension")


def without_collaboration_frontend(handler, page_config):
    """The page as without jupyter-collaboration: no Collaboration sidebar, share link or user menu, and
    JupyterLab's own plugins back in place of those its extensions replace (default file browser, cell
    executor)."""
    app = handler.extensionapp
    extensions = get_federated_extensions(app.extra_labextensions_path + app.labextensions_path)
    replaced = {
        name
        for extension in COLLABORATION_FRONTEND
        for name in extensions.get(extension, {}).get("jupyterlab", {}).get("disabledExtensions", [])
    }
    disabled = [name for name in page_config.get("disabledExtensions", []) if name not in replaced]
    page_config["disabledExtensions"] = disabled + [name for name in COLLABORATION_FRONTEND if name not in disabled]
    return page_config


c.ServerApp.tornado_settings = {"page_config_hook": without_collaboration_frontend}  # noqa: F821
