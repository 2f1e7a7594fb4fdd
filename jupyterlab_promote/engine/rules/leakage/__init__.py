"""leakage: information from the test set leaking into training, and train/test skew."""

from ..base import Rule
from .before_split import preprocessing_before_split, resampling_before_split
from .environment_drift import environment_drift
from .evaluation import evaluated_on_training_data, split_without_random_state
from .multi_test import multi_test_leakage
from .test_side import fit_on_test_data, inconsistent_test_transform

RULES: tuple[Rule, ...] = (
    Rule("LK001", "preprocessing-before-split", "leakage", "warning", preprocessing_before_split, points=4,
         other_severities=("info",), fixable=True),
    Rule("LK002", "fit-on-test-data", "leakage", "error", fit_on_test_data),
    Rule("LK003", "evaluated-on-training-data", "leakage", "warning", evaluated_on_training_data),
    Rule("LK004", "split-without-random-state", "leakage", "info", split_without_random_state, fixable=True,
         scope="cell"),
    Rule("LK005", "inconsistent-test-transform", "leakage", "warning", inconsistent_test_transform),
    Rule("LK006", "multi-test-leakage", "leakage", "warning", multi_test_leakage),
    Rule("LK007", "resampling-before-split", "leakage", "warning", resampling_before_split, points=4),
    Rule("LK008", "environment-drift", "leakage", "warning", environment_drift, fixable=True),
)

__all__ = [
    "RULES", "environment_drift", "evaluated_on_training_data", "fit_on_test_data", "inconsistent_test_transform",
    "preprocessing_before_split", "resampling_before_split", "split_without_random_state",
]
