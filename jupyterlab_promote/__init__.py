"""jupyterlab_promote: how ready is this notebook for production, and how to get it there.

The analysis engine lives in :mod:`jupyterlab_promote.engine` and imports nothing from
jupyter_server; this module only wires it into JupyterLab and jupyter_server.
"""

try:
    from ._version import __version__
except ImportError:  # running from a source tree that was never built
    __version__ = "0.1.0"


def _jupyter_labextension_paths():
    return [{"src": "labextension", "dest": "jupyterlab_promote"}]


def _jupyter_server_extension_points():
    return [{"module": "jupyterlab_promote"}]


def _load_jupyter_server_extension(server_app):
    """Register the REST routes (imported here so the CLI never pays for tornado)."""
    from .routes import setup_route_handlers

    setup_route_handlers(server_app.web_app)
    server_app.log.info("jupyterlab_promote: routes registered under /jupyterlab-promote/")


def _unload_jupyter_server_extension(server_app):
    """Stop the analysis processes and waiting clean re-runs with the server."""
    settings = server_app.web_app.settings
    for key in ("jupyterlab_promote_pool", "jupyterlab_promote_verify_queue"):
        if settings.get(key) is not None:
            settings.pop(key).close()
