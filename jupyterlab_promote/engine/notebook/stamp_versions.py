"""The versions a notebook last ran with, as its verification stamp recorded them (stamp.py)."""

from typing import Any

from .stamp import read_stamp


def ran_versions(metadata: Any) -> tuple[dict[str, str], str]:
    """{distribution: version} the verification run loaded (the Python version under "python"), and the
    day it ran ("" when the stamp does not say); ({}, "") without a stamp."""
    stamp = read_stamp(metadata)
    if stamp is None:
        return {}, ""
    packages = stamp.get("packages")
    ran = {name: version for name, version in packages.items()
           if isinstance(name, str) and isinstance(version, str)} if isinstance(packages, dict) else {}
    if isinstance(stamp.get("python"), str):
        ran["python"] = stamp["python"]
    when = stamp.get("verified_at")
    return ran, when[:10] if isinstance(when, str) else ""
