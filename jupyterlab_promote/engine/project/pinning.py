"""Pin what ran: the text of a dependency file with exact versions written in, nothing reordered or dropped.

Given {distribution: version} (the versions the notebook's kernel or its verification run loaded), each
function returns the file's new text: a declaration of a listed package gets `==version` in place of
whatever version it had (its extras, marker and comment kept), a package the file does not declare is
added at the end of its list. Every other line stays byte for byte. A requirement locked with `--hash`
is left alone: changing its version would need new hashes. The fix that offers this previews the new
text as a diff against the old.
"""

import re

from .declared_versions import list_item
from .requirement_files import normalize

_NAME = re.compile(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?")


def _split_requirement(text: str) -> tuple[str, str, str, str] | None:
    """(name and extras as written, the name, the version part, the rest: marker, comment or pip options);
    split by hand, as one pattern with a lazy version part before optional blanks backtracks on long blanks."""
    match = _NAME.match(text)
    if match is None:
        return None
    rest = text[match.end():]
    option = re.search(r"\s-", rest)
    cut = min([len(rest)] + [i for i in (rest.find(";"), rest.find("#"), option.start() if option else -1) if i >= 0])
    version = rest[:cut].rstrip()
    return match.group(0), match.group(1), version, rest[len(version):]


def _pinned(text: str, pins: dict[str, str], seen: set[str]) -> str:
    """One requirement's text with its version replaced by the pin (unchanged when not pinned or a URL)."""
    parts = _split_requirement(text)
    if parts is None or parts[2].strip().startswith("@"):
        return text
    head, name, _, rest = parts
    key = normalize(name)
    if key not in pins:
        return text
    seen.add(key)
    return f"{head.rstrip()}=={pins[key]}{rest}"


def _normalised(pins: dict[str, str]) -> dict[str, str]:
    return {normalize(name): version for name, version in pins.items()}


def _with_added(text: str, lines: list[str]) -> str:
    if not lines:
        return text
    separator = "" if not text or text.endswith("\n") else "\n"
    return text + separator + "".join(f"{line}\n" for line in lines)


def pin_requirements_txt(text: str, pins: dict[str, str]) -> str:
    """requirements.txt with the pins: in place where declared, appended where not."""
    keys, seen, out = _normalised(pins), set(), []
    lines = text.splitlines(keepends=True)
    index = 0
    while index < len(lines):
        first = index
        while lines[index].rstrip("\r\n").endswith("\\") and index + 1 < len(lines):
            index += 1
        logical = "".join(lines[first:index + 1])
        head = lines[first]
        body = head.rstrip("\r\n")
        stripped = body.strip()
        if "--hash" in logical or not stripped or stripped.startswith(("-", "#")) or "://" in body:
            parts = _split_requirement(body)
            if parts is not None and "--hash" in logical:
                seen.add(normalize(parts[1]))  # declared, locked: not ours to change, nor to add again
            out.append(logical)
        else:
            continuation = body.endswith("\\")
            core = body[:-1].rstrip() if continuation else body
            new = _pinned(core, keys, seen)
            out.append(new + (" \\" if continuation else "") + head[len(body):] + "".join(lines[first + 1:index + 1]))
        index += 1
    added = [f"{name}=={version}" for name, version in pins.items() if normalize(name) not in seen]
    return _with_added("".join(out), added)


def _array_end(text: str, start: int) -> int | None:
    """The index of the `]` closing the TOML array opened just before `start` (strings skipped)."""
    index, quote = start, None
    while index < len(text):
        char = text[index]
        if quote:
            if char == "\\" and quote == '"':
                index += 1
            elif char == quote:
                quote = None
        elif char in "\"'":
            quote = char
        elif char == "#":
            newline = text.find("\n", index)
            index = len(text) if newline < 0 else newline
            continue
        elif char == "]":
            return index
        index += 1
    return None


_STRING_ITEM = re.compile(r"(\"((?:[^\"\\]|\\.)*)\"|'([^']*)')")


def pin_pyproject(text: str, pins: dict[str, str]) -> str:
    """pyproject.toml with the pins in `[project] dependencies`; the text unchanged when it has no such list."""
    table = re.search(r"^\[project\]\s*$", text, re.MULTILINE)
    if table is None:
        return text
    following = re.search(r"^\[", text[table.end():], re.MULTILINE)
    limit = table.end() + following.start() if following else len(text)
    opening = re.compile(r"^dependencies\s*=\s*\[", re.MULTILINE).search(text, table.end(), limit)
    if opening is None:
        return text
    end = _array_end(text, opening.end())
    if end is None:
        return text
    keys, seen = _normalised(pins), set()
    inside = text[opening.end():end]

    def pin_item(match: re.Match) -> str:
        quote = match.group(1)[0]
        value = match.group(2) if match.group(2) is not None else match.group(3)
        return quote + _pinned(value, keys, seen) + quote

    inside = _STRING_ITEM.sub(pin_item, inside)
    added = [f'"{name}=={version}"' for name, version in pins.items() if normalize(name) not in seen]
    if added:
        items = _STRING_ITEM.findall(inside)
        multiline = "\n" in inside
        body = inside.rstrip()
        comma = "" if not items or body.endswith(",") else ","
        if multiline:
            indent = re.search(r"\n([ \t]*)[\"']", inside)
            pad = indent.group(1) if indent else "    "
            tail = inside[len(body):]
            inside = body + comma + "".join(f"\n{pad}{item}," for item in added) + (tail if "\n" in tail else "\n")
        else:
            inside = body + (comma + " " if items else "") + ", ".join(added)
    return text[:opening.end()] + inside + text[end:]


def pin_environment_yml(text: str, pins: dict[str, str]) -> str:
    """environment.yml with the pins: conda and pip items in place (`name==version`, which both read as
    exact), packages it does not declare added to its `pip:` list (one is created at the end of the file's
    dependencies when there is none)."""
    keys, seen, out = _normalised(pins), set(), []
    pip_indent, pip_last, last_item, in_dependencies = None, None, None, False
    for raw in text.splitlines(keepends=True):
        body = raw.rstrip("\r\n")
        found = list_item(body)
        if found is not None and in_dependencies:
            indent, item, tail = found
            pad = body[:indent]
            if item == "pip:":
                pip_indent = indent
            elif pip_indent is not None and indent > pip_indent:
                body = pad + "- " + _pinned(item, keys, seen) + tail
                pip_last = len(out)
            else:
                pip_indent = None
                conda = re.match(r"((?:[\w.-]+::)?([A-Za-z0-9][A-Za-z0-9._-]*))\s*(?:[=<>!]|$)", item)
                if conda and normalize(conda.group(2)) in keys:
                    seen.add(normalize(conda.group(2)))
                    item = f"{conda.group(1)}=={keys[normalize(conda.group(2))]}"
                body = pad + "- " + item + tail
            last_item = (len(out), pad)
        elif body.strip() and not body.startswith((" ", "\t", "-", "#")):
            pip_indent, in_dependencies = None, body.split("#")[0].strip() == "dependencies:"
        out.append(body + raw[len(raw.rstrip("\r\n")):])
    added = [f"{name}=={version}" for name, version in pins.items() if normalize(name) not in seen]
    if added and pip_last is not None:
        pad = re.match(r"^(\s*)", out[pip_last]).group(1)
        ending = "" if out[pip_last].endswith("\n") else "\n"
        out[pip_last] += ending + "".join(f"{pad}- {line}\n" for line in added)
    elif added and last_item is not None:
        index, pad = last_item
        ending = "" if out[index].endswith("\n") else "\n"
        out[index] += ending + f"{pad}- pip:\n" + "".join(f"{pad}  - {line}\n" for line in added)
    elif added:
        return _with_added("".join(out), ["dependencies:", "  - pip:", *(f"    - {line}" for line in added)])
    return "".join(out)


def pinned_file_text(name: str, text: str, pins: dict[str, str]) -> str | None:
    """The pinned text of a dependency file, by its name; None for a kind this cannot edit (setup.py,
    setup.cfg, Pipfile: the fix then says what to pin by hand)."""
    if name == "pyproject.toml":
        return pin_pyproject(text, pins)
    if name in ("environment.yml", "environment.yaml"):
        return pin_environment_yml(text, pins)
    if name.endswith((".txt", ".in")):
        return pin_requirements_txt(text, pins)
    return None
