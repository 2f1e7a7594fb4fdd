"""parameters_dependencies: hard-coded paths and parameters, undeclared and unpinned dependencies."""

from ..base import Rule
from .declared import undeclared_dependency, unpinned_requirement
from .literals import hardcoded_parameter
from .notebook_installs import pip_install_in_notebook
from .paths import absolute_path
from .runtime import no_reproducible_environment

RULES = (
    Rule("PD001", "absolute-path", "parameters_dependencies", "warning", absolute_path, fixable=True),
    Rule("PD002", "hardcoded-parameter", "parameters_dependencies", "info", hardcoded_parameter, fixable=True),
    Rule("PD003", "undeclared-dependency", "parameters_dependencies", "warning", undeclared_dependency,
         fixable=True),
    Rule("PD004", "pip-install-in-notebook", "parameters_dependencies", "warning", pip_install_in_notebook,
         fixable=True),
    Rule("PD005", "unpinned-requirement", "parameters_dependencies", "info", unpinned_requirement, fixable=True),
    Rule("PD006", "no-reproducible-environment", "parameters_dependencies", "info", no_reproducible_environment,
         points=1, fixable=True),
)
