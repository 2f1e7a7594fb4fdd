"""Server configuration for the Galata UI tests.

Galata's helper sets a fixed port (8888), no token and a temporary root
directory. The CI machines run as root, which jupyter_server refuses unless
told otherwise.
"""

import os

from jupyterlab.galata import configure_jupyter_server

configure_jupyter_server(c)  # noqa: F821 (`c` is injected by traitlets)
c.ServerApp.allow_root = True  # noqa: F821
# The same port as playwright.config.js: 8888 unless PROMOTE_UI_PORT says otherwise.
c.ServerApp.port = int(os.environ.get("PROMOTE_UI_PORT", "8888"))  # noqa: F821
