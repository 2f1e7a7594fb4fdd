"""Calls that open a door: TLS checks turned off, code or objects built from data, shell lines built from
variables. Call names are resolved through the notebook's imports (`import pickle as pkl`)."""

import ast
import re
from collections.abc import Iterator

from ...notebook.cell_memo import canonical, per_text
from ...notebook.model import Cell, Notebook
from ...notebook.source import magic_calls
from ...python.syntax import parse_code
from ..base import Violation, at_node
from .risky_words import (
    DESERIALIZATION_WORDS,
    EVAL_WORDS,
    INSECURE_SHELL_WORDS,
    SHELL_CALL_WORDS,
    SHELL_MAGIC_CALLS,
    TLS_WORDS,
    UNVERIFIED_CONTEXT_WORDS,
    cells_mentioning,
    mentions,
)

# Conventional aliases, for notebooks whose import cell does not parse.
_CONVENTIONAL = {"pd": "pandas", "np": "numpy"}


def import_aliases(nb: Notebook) -> dict[str, str]:
    """Local name -> what it names, from every import in the notebook: pkl -> pickle, load -> pickle.load."""
    aliases = dict(_CONVENTIONAL)
    for cell in nb.python_cells:
        aliases.update(_cell_aliases(cell))
    return aliases


@per_text
def _cell_aliases(cell: Cell) -> tuple[tuple[str, str], ...]:
    """The (local name, what it names) pairs a cell's imports bind, in order."""
    found: list[tuple[str, str]] = []
    if "import" not in cell.parsed.python:
        return ()
    for node in cell.parsed.nodes(ast.Import, ast.ImportFrom):
        if isinstance(node, ast.Import):
            found.extend((alias.asname, alias.name) for alias in node.names if alias.asname)
        elif node.module and not node.level:
            found.extend((alias.asname or alias.name, f"{node.module}.{alias.name}") for alias in node.names)
    return tuple(found)


def qualified(node: ast.AST, aliases: dict[str, str]) -> str | None:
    """`pkl.load` -> 'pickle.load' when `import pickle as pkl`; None for calls on call results etc."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(aliases.get(node.id, node.id))
    return ".".join(reversed(parts))


def _keyword(call: ast.Call, name: str) -> ast.AST | None:
    return next((k.value for k in call.keywords if k.arg == name), None)


def _is_const(node: ast.AST | None, value: object) -> bool:
    return isinstance(node, ast.Constant) and node.value is value


def _calls(nb: Notebook, hints: tuple[str, ...]) -> Iterator[tuple[Cell, ast.Call, str, dict[str, str]]]:
    """Calls in cells whose text mentions one of the hints, with their qualified names."""
    aliases: dict[str, str] | None = None
    alias_key: frozenset | None = None
    for cell in cells_mentioning(nb.python_cells, hints):
        if aliases is None:
            aliases = nb.shared("import-aliases", import_aliases)
            alias_key = canonical(frozenset(aliases.items()))
        for call, name in _qualified_calls(cell, alias_key):
            yield cell, call, name, aliases


@per_text
def _qualified_calls(cell: Cell, alias_key: frozenset) -> list[tuple[ast.Call, str]]:
    """The cell's calls with a name, as (call, qualified name under these import aliases)."""
    aliases = dict(alias_key)
    found = []
    for call in cell.parsed.nodes(ast.Call):
        # A method on a call's result (`requests.Session().get`) is known by its own name only.
        name = qualified(call.func, aliases) or (call.func.attr if isinstance(call.func, ast.Attribute) else None)
        if name is not None:
            found.append((call, name))
    return found


_HTTP_LIBRARIES = ("requests", "httpx", "aiohttp", "urllib3", "boto3", "botocore")
_HTTP_METHODS = frozenset({"get", "post", "put", "patch", "delete", "head", "options", "request", "send", "stream",
                           "Session", "Client", "AsyncClient", "client", "resource", "urlopen", "PoolManager"})


def tls_verification_disabled(nb: Notebook) -> Iterator[Violation]:
    """TLS certificate checks are turned off: `verify=False`, `ssl._create_unverified_context`, `!wget
    --no-check-certificate`, `!curl -k`...

    Why: anyone on the network path can impersonate the server and read or change the data, including
    the credentials sent with it; in production that is a silent man-in-the-middle.
    Example: `requests.get(url, verify=False)`, `urllib3.disable_warnings()`.
    Instead: keep verification on; point `verify=` at your company's CA bundle if a proxy needs it.
    """
    for cell, call, name, _ in _calls(nb, TLS_WORDS):
        method = name.rsplit(".", 1)[-1]
        if _is_const(_keyword(call, "verify"), False) and (name.startswith(_HTTP_LIBRARIES) or method in _HTTP_METHODS):
            yield at_node(f"`{name}(..., verify=False)` turns off TLS certificate checks", cell, call)
        elif name.endswith("urllib3.disable_warnings"):
            yield at_node("`urllib3.disable_warnings()` hides the warning that TLS checks are off", cell, call)
    for cell in cells_mentioning(nb.python_cells, UNVERIFIED_CONTEXT_WORDS):
        for node in cell.parsed.nodes(ast.Attribute):
            if node.attr in ("_create_unverified_context", "CERT_NONE"):
                yield at_node(f"`{ast.unparse(node)}` turns off TLS certificate checks", cell, node)
    # The cells that kept their answer are not searched again on a live re-analysis (cell_memo).
    for cell in cells_mentioning(nb.python_cells, INSECURE_SHELL_WORDS):
        if cell.parsed.uses_magics:
            for kind, command, node in magic_calls(cell.parsed.tree):
                shown = insecure_shell_option(command) if kind in ("!", "sx", "system") else None
                if shown is not None:
                    yield at_node(f"`{shown}` in a shell command turns off TLS certificate checks", cell, node)


def insecure_shell_option(command: str) -> str | None:
    """The first option of a shell command that downloads without checking certificates (`curl -k` shown
    with its `curl`), or None.

    curl's options are looked for after the first `curl` of each line only: one pattern scanning on
    from every `curl` would read a line of thousands of them quadratically.
    """
    found = []
    other = _INSECURE_SHELL.search(command)
    if other is not None:
        found.append((other.start(), other.group(0)))
    start = 0
    for line in command.split("\n"):
        curl = _CURL.search(line)
        option = _CURL_INSECURE.search(line, curl.end()) if curl is not None else None
        if option is not None:
            found.append((start + option.start(), f"curl {option.group(0)}"))
            break
        start += len(line) + 1
    return min(found)[1] if found else None


# Shell commands that download without checking certificates: wget, curl -k, pip's trusted hosts, git.
_INSECURE_SHELL = re.compile(r"--no-check-certificate\b|--trusted-host\b|http\.sslVerify=false|GIT_SSL_NO_VERIFY=(?:1|true)",
                             re.IGNORECASE)
_CURL = re.compile(r"\bcurl\b", re.IGNORECASE)
# `--insecure`, or a cluster of short options holding `k` (`-sSLk`); the letters before the first k
# exclude it, so a long cluster is read once.
_CURL_INSECURE = re.compile(r"(?<=\s)(?:--insecure\b|-[a-jl-zA-JL-Z]*k[a-zA-Z]*(?=\s|$))", re.IGNORECASE)


def eval_exec(nb: Notebook) -> Iterator[Violation]:
    """`eval` or `exec` runs code built at run time (not a literal).

    Why: whoever controls that text (a file, an input, a data value) runs any code they like with the
    notebook's credentials; and nobody can review code that only exists at run time.
    Example: `exec(open("setup.py").read())`, `eval(row["formula"])`.
    Instead: `ast.literal_eval` for data, `json.loads` for structures, a real import for code.
    """
    for cell in nb.python_cells:
        if not mentions(cell, EVAL_WORDS):
            continue
        for call in cell.parsed.nodes(ast.Call):
            func = call.func
            if not (isinstance(func, ast.Name) and func.id in ("eval", "exec") and call.args):
                continue
            argument = call.args[0]
            if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                continue
            yield at_node(f"`{func.id}` runs code built at run time (`{_short(argument)}`)", cell, call)


def _short(node: ast.AST, width: int = 40) -> str:
    text = ast.unparse(node)
    return text if len(text) <= width else text[: width - 1] + "…"


_PICKLE_LIKE = frozenset({
    f"{module}.{function}"
    for module in ("pickle", "cPickle", "_pickle", "dill", "cloudpickle")
    for function in ("load", "loads", "Unpickler")
} | {"joblib.load", "sklearn.externals.joblib.load", "pandas.read_pickle", "jsonpickle.decode", "shelve.open"})
_SAFE_YAML_LOADERS = ("SafeLoader", "CSafeLoader", "BaseLoader", "CBaseLoader", "FullLoader", "CFullLoader")


def _deserialization_problem(call: ast.Call, name: str) -> str | None:
    # `from six.moves import cPickle as pickle` qualifies as six.moves.cPickle.load: the last two parts decide.
    if name in _PICKLE_LIKE or ".".join(name.split(".")[-2:]) in _PICKLE_LIKE:
        return f"`{name}` runs any code hidden in the data it reads"
    if name == "torch.load" and not _is_const(_keyword(call, "weights_only"), True):
        return "`torch.load` without `weights_only=True` runs any code hidden in the file"
    if name == "numpy.load" and _is_const(_keyword(call, "allow_pickle"), True):
        return "`numpy.load(..., allow_pickle=True)` runs any code hidden in the file"
    if name in ("yaml.unsafe_load", "yaml.unsafe_load_all"):
        return f"`{name}` builds any Python object the YAML asks for"
    if name in ("yaml.load", "yaml.load_all"):
        loader = _keyword(call, "Loader") or (call.args[1] if len(call.args) > 1 else None)
        if loader is None or not ast.unparse(loader).endswith(_SAFE_YAML_LOADERS):
            return f"`{name}` without `Loader=yaml.SafeLoader` builds any Python object the YAML asks for"
    return None


def unsafe_deserialization(nb: Notebook) -> Iterator[Violation]:
    """Data is loaded with a deserialiser that can run code: pickle, joblib, dill, torch.load, yaml.load.

    Why: a pickle (or unsafe YAML) file is a program; a model or dataset downloaded or shared by someone
    else runs whatever it contains, with the notebook's access to data and credentials.
    Example: `model = pickle.load(open("model.pkl", "rb"))`, `yaml.load(f)`.
    Instead: load only files you produced; prefer Parquet/JSON/safetensors, `yaml.safe_load`,
    `torch.load(..., weights_only=True)`.
    """
    found = [(cell, call, name) for cell, call, name, _ in _calls(nb, DESERIALIZATION_WORDS)]
    # A notebook that saves with the same library (`pickle.dump` ... `pickle.load`) reads what it wrote.
    writers = {_library(name) for _, _, name in found if name.rsplit(".", 1)[-1] in ("dump", "dumps", "save")}
    for cell, call, name in found:
        problem = _deserialization_problem(call, name)
        if problem is not None and _library(name) not in writers:
            yield at_node(f"{problem}: load only files you produced yourself", cell, call)


def _library(name: str) -> str:
    """`pickle` for `pickle.load`, `cPickle` for `six.moves.cPickle.load`."""
    parts = name.split(".")
    return parts[-2] if len(parts) > 1 else name


_SHELL_FUNCTIONS = frozenset({"os.system", "os.popen", "subprocess.getoutput", "subprocess.getstatusoutput",
                              "commands.getoutput"})
_SUBPROCESS = frozenset({f"subprocess.{f}" for f in ("run", "call", "check_call", "check_output", "Popen")})


def _built(node: ast.AST | None) -> bool:
    """A string assembled from values: f-string with fields, +, % or .format()/.join() on a string."""
    if isinstance(node, ast.JoinedStr):
        return any(isinstance(v, ast.FormattedValue) for v in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Mod)):
        return any(isinstance(side, (ast.Constant, ast.JoinedStr, ast.BinOp)) for side in (node.left, node.right)) \
            and not (isinstance(node.left, ast.Constant) and isinstance(node.right, ast.Constant))
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in ("format", "join"):
        return isinstance(node.func.value, (ast.Constant, ast.JoinedStr))
    return False


# IPython expands {expression} and $name in shell lines from the Python namespace ($$ and {{ escape).
_DOLLAR_NAME = re.compile(r"(?<!\$)\$([A-Za-z_]\w*)")
_BRACED = re.compile(r"(?<!\{)\{([^{}]+)\}(?!\})")


def _interpolated_names(command: str, defined: set[str]) -> list[str]:
    names = [name for name in _DOLLAR_NAME.findall(command) if name in defined]
    for expression in _BRACED.findall(command):
        try:
            tree = parse_code(expression.strip(), "eval")
        except SyntaxError:
            continue  # shell braces: {a,b} expansions, awk programs
        names.extend(n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and n.id in defined)
    return list(dict.fromkeys(names))




def shell_injection(nb: Notebook) -> Iterator[Violation]:
    """A shell command is built from Python values: `shell=True`/`os.system` with an f-string, `!cmd {var}`.

    Why: a value with a space, `;` or `$(...)` (a file name, a user's input, a data field) turns into
    other commands, run with the notebook's permissions.
    Example: `os.system(f"rm -r {folder}")`, `!wget {url} -O {path}`.
    Instead: `subprocess.run(["wget", url, "-O", path], check=True)` with a list and no shell, or quote
    each value with `shlex.quote`.
    """
    for cell, call, name, _ in _calls(nb, SHELL_CALL_WORDS):
        command = call.args[0] if call.args else _keyword(call, "args") or _keyword(call, "cmd")
        if name in _SUBPROCESS and not _is_const(_keyword(call, "shell"), True):
            continue
        if (name in _SUBPROCESS or name in _SHELL_FUNCTIONS) and _built(command):
            yield at_node(f"`{name}` runs a shell command built from values (`{_short(command)}`)", cell, call)
    defined = {ref.name for cell in nb.python_cells for ref in cell.parsed.names.defined}
    for cell in nb.python_cells:
        if not cell.parsed.uses_magics or not mentions(cell, SHELL_MAGIC_CALLS):
            continue
        for kind, command, node in magic_calls(cell.parsed.tree):
            names = _interpolated_names(command, defined) if kind in ("!", "sx", "system") else []
            if names:
                line = cell.source.split("\n")[node.lineno - 1] if node.lineno <= cell.source.count("\n") + 1 else ""
                start = len(line) - len(line.lstrip())
                listed = ", ".join(f"'{n}'" for n in names)
                yield Violation(f"Shell command puts Python variable {listed} into the command line unquoted",
                                cell, node.lineno, start, node.lineno, len(line.rstrip()))
