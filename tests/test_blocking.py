"""Blocking findings hold the grade at needs_work; the score and its impacts stay as they were."""

from pathlib import Path

import pytest

from jupyterlab_promote.engine.notebook.model import notebook_from_dict
from jupyterlab_promote.engine.project.config import BLOCKING, Config, ConfigError, load_config
from jupyterlab_promote.engine.report.analysis import analyze
from jupyterlab_promote.engine.report.score import grade

from factories import cell, notebook_json

# A short, tidy notebook whose only problem is one hard-coded absolute path (a blocking finding).
TIDY = [
    "import json\n\n\ndef load(path):\n    with open(path) as f:\n        return json.load(f)\n",
    "settings = load('/home/alice/settings.json')\n",
]


def analysed(cells, config: Config | None = None, tmp_path: Path | None = None):
    path = tmp_path / "nb.ipynb" if tmp_path else None
    nb = notebook_from_dict(notebook_json(*cells), path, config)
    return analyze(nb, "nb.ipynb")


def test_a_blocking_finding_holds_a_high_score_at_needs_work():
    entry = analysed([cell(source, execution_count=i + 1) for i, source in enumerate(TIDY)])
    blocking = [f for f in entry["findings"] if f["blocking"]]
    assert [f["name"] for f in blocking] == ["absolute-path"]
    assert entry["score"] >= 75
    assert entry["grade"] == "needs_work"


def test_without_blocking_findings_the_grade_follows_the_score():
    config = Config(blocking=("SC",))
    entry = analysed([cell(source, execution_count=i + 1) for i, source in enumerate(TIDY)], config)
    assert not any(f["blocking"] for f in entry["findings"])
    assert entry["grade"] == grade(entry["score"])
    assert entry["grade"] in ("ready", "almost")


def test_blocking_changes_the_grade_only_never_the_score_or_impacts():
    cells = [cell(source, execution_count=i + 1) for i, source in enumerate(TIDY)]
    held = analysed(cells)
    free = analysed(cells, Config(blocking=()))
    assert held["score"] == free["score"]
    assert [(f["code"], f["impact"]) for f in held["findings"]] == [(f["code"], f["impact"]) for f in free["findings"]]
    assert held["grade"] != free["grade"]


@pytest.mark.parametrize("score, expected", [(100, "needs_work"), (90, "needs_work"), (75, "needs_work"),
                                             (60, "needs_work"), (49, "not_ready"), (0, "not_ready")])
def test_a_blocked_grade_is_at_most_needs_work_and_never_raised(score, expected):
    assert grade(score, blocked=True) == expected


def test_the_default_list_names_secrets_leakage_clean_runs_undefined_names_and_paths():
    config = Config()
    assert config.blocking == BLOCKING
    assert config.blocks("SC001", "hardcoded-secret", "security")
    assert config.blocks("LK001", "preprocessing-before-split", "leakage")
    assert config.blocks("LK007", "resampling-before-split", "leakage")
    assert config.blocks("HS008", "failed-clean-run", "hidden_state")
    assert config.blocks("HS005", "undefined-name", "hidden_state")
    assert not config.blocks("LK004", "split-without-random-state", "leakage")
    assert not config.blocks("VC001", "stored-outputs", "version_control")


def test_pyproject_replaces_the_list_with_codes_prefixes_names_or_categories(tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        '[tool.jupyterlab_promote]\nblocking = ["SC", "unseeded-randomness", "performance"]\n', encoding="utf-8")
    config = load_config(tmp_path / "nb.ipynb")
    assert config.blocks("SC003", "tls-verification-disabled", "security")
    assert config.blocks("HS007", "unseeded-randomness", "hidden_state")
    assert config.blocks("PF001", "dataframe-row-loop", "performance")
    assert not config.blocks("PD001", "absolute-path", "parameters_dependencies")


def test_an_empty_list_blocks_nothing(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[tool.jupyterlab_promote]\nblocking = []\n", encoding="utf-8")
    entry = analysed([cell(source, execution_count=i + 1) for i, source in enumerate(TIDY)],
                     load_config(tmp_path / "nb.ipynb"), tmp_path)
    assert not any(f["blocking"] for f in entry["findings"])


def test_a_blocking_list_that_is_not_a_list_of_codes_is_refused(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.jupyterlab_promote]\nblocking = "SC"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="'blocking' must be a list"):
        load_config(tmp_path / "nb.ipynb")


def test_an_info_occurrence_of_a_blocking_rule_does_not_hold_the_grade():
    # The scaler learns from the training part only; the leak reaches a validation split, not the test set.
    cells = [
        "from sklearn.model_selection import train_test_split\nfrom sklearn.preprocessing import StandardScaler\n"
        "import pandas as pd\n\n\ndef load(path):\n    return pd.read_csv(path)\n",
        "df = load('data.csv')\nX, y = df.drop(columns='y'), df['y']\n"
        "X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)\n",
        "X_train = StandardScaler().fit_transform(X_train)\n"
        "X_fit, X_val, y_fit, y_val = train_test_split(X_train, y_train, random_state=0)\n",
    ]
    entry = analysed([cell(source, execution_count=i + 1) for i, source in enumerate(cells)])
    leaks = [f for f in entry["findings"] if f["code"] == "LK001"]
    assert [f["severity"] for f in leaks] == ["info"]
    assert not any(f["blocking"] for f in leaks)
