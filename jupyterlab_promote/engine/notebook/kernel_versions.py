"""The package versions a live kernel has loaded, read without importing anything in it.

The server (kernel_query.py) sends VERSIONS_EXPRESSION as a silent user expression, with the
notebook's third-party top-level imports and the distributions that may provide each. In the kernel it
only looks things up:

- `sys` (always loaded: `__import__` hands back the module already there, no file is read);
- `sys.modules` for each top-level import: a package the kernel has not imported is not reported, and
  nothing is imported to find out (a project file named like a package never runs);
- `importlib.metadata` only when the kernel already loaded it, for the distribution's version (it reads
  metadata files, runs no package code); otherwise the module's own `__version__` string.

The answer is the repr of a dict of at most MAX_PACKAGES short strings, plus the Python version under
"python", the key the verification stamp uses.
"""

import ast
import re
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any, TypeVar

MAX_PACKAGES = 60
MAX_VERSION_CHARS = 64
PACKAGES_KEY = "kernel_packages"
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
# The versions a request brought from the notebook's kernel, for the analysis it runs (in a worker
# process, which builds the notebook itself): see with_kernel_packages.
_REQUEST_PACKAGES: ContextVar[dict[str, str]] = ContextVar("request_kernel_packages", default={})
T = TypeVar("T")


def versions_expression(candidates: dict[str, tuple[str, ...]]) -> str:
    """The user expression for {top-level module: distributions that may provide it, likeliest first}.

    Every name is checked against the package-name pattern before it is written into the expression,
    and the builtins come from a generator frame, as in NAMES_EXPRESSION: a user's `dict = None` or
    `sorted = ...` changes nothing.
    """
    asked = [(module, [d for d in dists if _NAME.match(d)][:3]) for module, dists in list(candidates.items())
             if module.isidentifier()][:MAX_PACKAGES]
    return (
        "(lambda b: (lambda sys: (lambda md, mods: b['repr'](b['dict']("
        "[('python', '%d.%d.%d' % b['tuple'](sys.version_info[:3]))] + ["
        "(found[0], b['str'](found[1])[:" + str(MAX_VERSION_CHARS) + "]) for found in ("
        "(lambda module, dists: b['next'](b['iter']((("
        "(d, v.version) for d in dists for v in b['list'](md.distributions(name=d))[:1]) if md is not None "
        "else ((dists[0], b['getattr'](module, '__version__', None)),))), None))"
        "(mods[m], ds) for m, ds in " + repr(asked) + " if m in mods and ds) "
        "if found is not None and b['isinstance'](found[1], b['str'])]))"
        ")(sys.modules.get('importlib.metadata'), sys.modules))"
        "(b['__import__']('sys')))((_ for _ in ()).gi_frame.f_builtins)"
    )


def parse_versions_reply(text: object) -> dict[str, str]:
    """{distribution: version} (and "python") from the `text/plain` repr of the expression's value;
    ValueError for anything else or anything too long."""
    if not isinstance(text, str) or len(text) > (MAX_PACKAGES + 1) * (MAX_VERSION_CHARS + 120):
        raise ValueError("the kernel's answer is not a short text")
    try:
        value = ast.literal_eval(text)
    except (SyntaxError, ValueError, TypeError, MemoryError, RecursionError) as error:
        raise ValueError(f"the kernel's answer is not a Python literal ({type(error).__name__})") from None
    if isinstance(value, str):  # IPython shows the repr string's own repr
        return parse_versions_reply(value)
    if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        raise ValueError("the kernel's answer is not a mapping of names to versions")
    return {name: version for name, version in value.items() if _NAME.match(name) and version.strip()}


def checked_packages(value: object) -> dict[str, str] | None:
    """A request's `kernel_packages` ({distribution: version}, as the kernel-state route answered them),
    or None when it is not that shape or too big."""
    if not isinstance(value, dict) or len(value) > MAX_PACKAGES + 1:
        return None
    if not all(isinstance(k, str) and _NAME.match(k) and isinstance(v, str) and 0 < len(v) <= MAX_VERSION_CHARS
               for k, v in value.items()):
        return None
    return dict(value)


def with_kernel_packages(packages: dict[str, str], analyse: Callable[..., T], *args: Any) -> T:
    """analyse(*args), every notebook it builds seeing these kernel versions (a picklable call for the
    server's worker processes)."""
    token = _REQUEST_PACKAGES.set(dict(packages))
    try:
        return analyse(*args)
    finally:
        _REQUEST_PACKAGES.reset(token)


def attach_kernel_packages(nb, packages: dict[str, str]) -> None:
    """Give the analysed notebook the versions its running kernel has loaded (before the analysis)."""
    nb.shared(PACKAGES_KEY, lambda _: dict(packages))


def kernel_packages_of(nb) -> dict[str, str]:
    return nb.shared(PACKAGES_KEY, lambda _: dict(_REQUEST_PACKAGES.get()))


def versions_that_ran(nb) -> tuple[dict[str, str], str]:
    """{distribution: version} the notebook ran with, and where that was seen: its running kernel's, when
    the request brought them, else its verification stamp's; ({}, "") with neither."""
    from .stamp_versions import ran_versions

    live = kernel_packages_of(nb)
    if live:
        return live, "the running kernel"
    ran, when = ran_versions(nb.metadata)
    if not ran:
        return {}, ""
    return ran, f"the verification run of {when}" if when else "the verification run"
