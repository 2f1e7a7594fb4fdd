"""parameters_dependencies: hard-coded paths and parameters, undeclared dependencies."""

from .base import Rule

RULES: tuple[Rule, ...] = ()
