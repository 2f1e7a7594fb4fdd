"""Server configuration for the Galata UI tests.

Galata's helper sets a fixed port (8888), no token and a temporary root
directory. The CI machines run as root, which jupyter_server refuses unless
told otherwise. Real-time collaboration (jupyter-collaboration, installed for
the tests in playwright.rtc.config.js) stays off here: its frontend then keeps
JupyterLab's own document provider, as without the package.
"""

import os

from jupyterlab.galata import configure_jupyter_server

configure_jupyter_server(c)  # noqa: F821 (`c` is injected by traitlets)
c.ServerApp.allow_root = True  # noqa: F821
# The same port as playwright.config.js: 8888 unless PROMOTE_UI_PORT says otherwise.
c.ServerApp.port = int(os.environ.get("PROMOTE_UI_PORT", "8888"))  # noqa: F821
# Read by jupyter-collaboration's server extension and passed to its frontend as `disableRTC`; only
# jupyter_server_rtc_config.py turns it on.
c.YDocExtension.disable_rtc = True  # noqa: F821
