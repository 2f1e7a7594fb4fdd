"""Server configuration for the real-time collaboration UI tests (playwright.rtc.config.js).

The same as jupyter_server_test_config.py, with jupyter-collaboration's shared documents on and its
own port (PROMOTE_UI_RTC_PORT, 8889 unless told otherwise), so that it runs beside the other tests'
server. The shared documents' store lives in a temporary folder, not in ui-tests/.
"""

import os
from pathlib import Path
from tempfile import mkdtemp

load_subconfig("jupyter_server_test_config.py")  # noqa: F821 (injected by traitlets)
c.ServerApp.port = int(os.environ.get("PROMOTE_UI_RTC_PORT", "8889"))  # noqa: F821
c.YDocExtension.disable_rtc = False  # noqa: F821
c.ServerApp.tornado_settings = {}  # noqa: F821 (the collaboration frontend stays on)
_store = Path(mkdtemp(prefix="promote-rtc-"))
c.SQLiteYStore.db_path = str(_store / "ystore.db")  # noqa: F821
c.YDocExtension.session_store_path = str(_store / "sessions.json")  # noqa: F821
