"""Asking a running IPython kernel what it holds, without leaving a trace in it.

Two requests on a private shell connection: an `execute_request` of empty code with `silent=True`,
`store_history=False` and user expressions (the user's names, and the versions of the notebook's
imported packages the kernel has loaded, read without importing anything: nothing runs, nothing is displayed,
the execution count does not move), and a `history_request` for this session's inputs. The replies
come to this connection only; the notebook's own connection sees nothing but a busy/idle blip.
"""

import asyncio
import queue
from typing import Any

from jupyter_core.utils import ensure_async

from .engine.notebook.kernel_state import NAMES_EXPRESSION, KernelFacts, parse_names_reply
from .engine.notebook.kernel_versions import parse_versions_reply

QUERY_TIMEOUT = 5.0


class KernelQueryError(Exception):
    """The kernel could not be asked (it is busy, gone, or answered something unexpected); one line."""


async def query_kernel(client: Any, timeout: float = QUERY_TIMEOUT, versions: str | None = None) -> KernelFacts:
    """The user's names and this session's inputs, from a started kernel client (async or blocking);
    with `versions` (kernel_versions.versions_expression), also the versions of the packages it asks
    about that the kernel has loaded (none when that answer is missing or unreadable: the names still count)."""
    expressions = {"names": NAMES_EXPRESSION, **({"versions": versions} if versions else {})}
    msg_id = client.execute("", silent=True, store_history=False, user_expressions=expressions)
    reply = await _reply(client, msg_id, timeout)
    packages = _packages(_field(reply, "content", "user_expressions", "versions"))
    answer = _field(reply, "content", "user_expressions", "names")
    if not isinstance(answer, dict):
        raise KernelQueryError("the kernel's reply has no answer to the question asked (not an IPython kernel?)")
    if answer.get("status") != "ok":
        raise KernelQueryError(f"the kernel could not list its names ({str(answer.get('ename', 'no answer'))[:80]})")
    try:
        names = parse_names_reply(_field(answer, "data", "text/plain"))
    except ValueError as error:
        raise KernelQueryError(f"the kernel's list of names cannot be read: {error}") from None
    msg_id = client.history(raw=True, output=False, hist_access_type="range", session=0, start=1, stop=None)
    entries = _field(await _reply(client, msg_id, timeout), "content", "history")
    history = tuple((entry[1], entry[2]) for entry in entries if _is_history_entry(entry)) if isinstance(entries, list) else ()
    return KernelFacts(names, history, packages)


def _packages(answer: object) -> tuple[tuple[str, str], ...]:
    if not isinstance(answer, dict) or answer.get("status") != "ok":
        return ()
    try:
        return tuple(sorted(parse_versions_reply(_field(answer, "data", "text/plain")).items()))
    except ValueError:
        return ()


def _field(message: object, *keys: str) -> object:
    """message[key][key]...; None where a level is missing or not a mapping (a kernel may answer anything)."""
    for key in keys:
        if not isinstance(message, dict):
            return None
        message = message.get(key)
    return message


def _is_history_entry(entry: object) -> bool:
    """(session, execution count, source), as IPython's history reply lists them."""
    return (isinstance(entry, (list, tuple)) and len(entry) == 3 and isinstance(entry[1], int)
            and not isinstance(entry[1], bool) and isinstance(entry[2], str))


async def _reply(client: Any, msg_id: str, timeout: float) -> dict[str, Any]:
    async def wait() -> dict[str, Any]:
        while True:
            message = await ensure_async(client.get_shell_msg(timeout=timeout))
            if _field(message, "parent_header", "msg_id") == msg_id:
                return message

    try:
        return await asyncio.wait_for(wait(), timeout)
    except (asyncio.TimeoutError, TimeoutError, queue.Empty):
        raise KernelQueryError(f"the kernel did not answer within {timeout:g} s (is it busy?)") from None
    except (ValueError, TypeError, KeyError) as error:
        # What jupyter_client raises for a message it cannot decode: not JSON, a bad signature, no header.
        raise KernelQueryError(f"the kernel's reply cannot be read ({type(error).__name__})") from None


async def running_kernel_facts(kernel_manager: Any, kernel_id: str, timeout: float = QUERY_TIMEOUT,
                               versions: str | None = None) -> KernelFacts:
    """Ask one of the server's running kernels (raises KeyError when there is no such kernel)."""
    manager = kernel_manager.get_kernel(kernel_id)
    if getattr(manager, "execution_state", "idle") == "busy":
        raise KernelQueryError("the kernel is busy running a cell; ask again when it is idle")
    client = private_client(manager)
    try:
        return await query_kernel(client, timeout, versions)
    finally:
        client.stop_channels()


def private_client(manager: Any) -> Any:
    """A shell-only client with its own session.

    `manager.client()` alone would share the manager's session, whose id is the shell socket's ZMQ
    identity: two sockets with one identity make the kernel's replies go astray.
    """
    from jupyter_client.session import Session

    session = Session(key=manager.session.key, signature_scheme=manager.session.signature_scheme)
    client = manager.client(session=session)
    client.start_channels(shell=True, iopub=False, stdin=False, hb=False, control=False)
    return client


def kernel_language(kernel_manager: Any, kernel_id: str) -> str | None:
    """The language of a running kernel's kernelspec ("python" for ipykernel), when it can be told."""
    try:
        spec = kernel_manager.get_kernel(kernel_id).kernel_spec
    except (KeyError, AttributeError, OSError, ValueError):
        return None
    language = getattr(spec, "language", None)
    return language.lower() if isinstance(language, str) else None
