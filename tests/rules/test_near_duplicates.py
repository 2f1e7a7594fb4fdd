from jupyterlab_promote.engine.rules import near_duplicates as nd

from factories import notebook, violations

TRAIN = """scaler = StandardScaler()
X = scaler.fit_transform(train[features])
model = LogisticRegression(C=1.0, max_iter=200)
model.fit(X, train["label"])
pred = model.predict(scaler.transform(valid[features]))
score = accuracy_score(valid["label"], pred)
print("accuracy", score)
results.append(score)"""
# The same cell with one line inserted, and one with one line changed.
INSERTED = TRAIN.replace('model.fit(X, train["label"])', 'model.fit(X, train["label"])\nmodel.calibrate(X_cal, y_cal)')
CHANGED = TRAIN.replace("model = LogisticRegression(C=1.0, max_iter=200)", "model = RandomForestClassifier()")
CONFIG = """config = {
    "learning_rate": 0.01,
    "batch_size": 32,
    "epochs": 10,
    "dropout": 0.2,
    "hidden": 128,
    "optimizer": "adam",
}"""
MORE = CONFIG.replace('    "optimizer": "adam",', '    "optimizer": "adam",\n    "weight_decay": 1e-4,')
OTHER_CONFIG = """params = {
    "n_estimators": 100,
    "max_depth": 8,
    "min_samples_leaf": 3,
    "max_features": "sqrt",
    "bootstrap": True,
    "criterion": "gini",
}"""
FIGURE = """plt.figure(figsize=(8, 4))
plt.plot(history["loss"], label="train")
plt.xlabel("epoch")
plt.ylabel("loss")
plt.legend()
plt.show()"""


class TestNearDuplicateBlock:
    def test_a_copy_with_a_line_inserted_is_reported_with_its_similarity(self):
        found = violations(nd.near_duplicate_block, TRAIN, "# notes", INSERTED)
        assert len(found) == 1
        v = found[0]
        assert (v.cell.index, v.line, v.end_line) == (0, 1, 8)
        assert "cell #3 lines 1–9 (94 % similar)" in v.message
        assert v.fixes[0].applicability == "manual"

    def test_copies_after_each_experiment_are_one_finding(self):
        found = violations(nd.near_duplicate_block, TRAIN, "x = 1", INSERTED, "y = 2", CHANGED)
        assert len(found) == 1
        assert "cell #3" in found[0].message and "cell #5" in found[0].message

    def test_a_config_dict_copied_with_one_more_key(self):
        found = violations(nd.near_duplicate_block, CONFIG, MORE)
        assert len(found) == 1 and "cell #2 lines 1–9" in found[0].message

    def test_dicts_with_other_keys_are_not_copies(self):
        assert violations(nd.near_duplicate_block, CONFIG, OTHER_CONFIG) == []

    def test_exact_copies_are_left_to_duplicated_block(self):
        assert violations(nd.near_duplicate_block, TRAIN, TRAIN.replace("train", "train2")) == []

    def test_different_code_is_not_reported(self):
        other = "\n".join(f"value_{i} = compute(step={i})" for i in range(8))
        assert violations(nd.near_duplicate_block, TRAIN, other) == []

    def test_a_figure_copied_with_a_change_is_not_a_code_copy(self):
        assert violations(nd.near_duplicate_block, FIGURE, FIGURE.replace("plt.legend()", "plt.grid(True)")) == []

    def test_threshold_is_shared_with_duplicated_block(self):
        nb = notebook(TRAIN, INSERTED)
        nb.config.thresholds["duplicate_block_lines"] = 10
        assert list(nd.near_duplicate_block(nb)) == []


class TestRepeatedFigureCode:
    def test_three_copies_of_a_figure_are_reported_at_the_first(self):
        found = violations(nd.repeated_figure_code, FIGURE, FIGURE.replace("loss", "accuracy"),
                           FIGURE.replace("loss", "auc"))
        assert len(found) == 1
        assert found[0].severity is None and found[0].cell.index == 0
        assert "cell #2 lines 1–6" in found[0].message and "cell #3 lines 1–6" in found[0].message
        assert "make it a function" in found[0].message

    def test_near_copies_count_too(self):
        found = violations(nd.repeated_figure_code, FIGURE, FIGURE.replace("plt.legend()\n", ""),
                           FIGURE.replace('plt.ylabel("loss")', 'plt.ylabel("loss")\nplt.ylim(0, 1)'))
        assert len(found) == 1

    def test_a_figure_drawn_twice_stays_silent(self):
        assert violations(nd.repeated_figure_code, FIGURE, FIGURE.replace("loss", "accuracy")) == []

    def test_figures_inside_one_cell(self):
        panels = "\n".join(
            f'ax{i} = fig.add_subplot(1, 3, {i})\nax{i}.imshow(images[{i}], cmap="gray")\n'
            f'ax{i}.set_title("layer {i}", fontsize=12)\nax{i}.axis("off")' for i in range(1, 4))
        found = violations(nd.repeated_figure_code, "fig = plt.figure()\n" + panels)
        assert len(found) == 1 and "this cell lines" in found[0].message

    def test_code_copies_are_not_figures(self):
        assert violations(nd.repeated_figure_code, TRAIN, TRAIN, TRAIN) == []


def test_rules_are_registered_with_their_severities():
    from jupyterlab_promote.engine.rules import RULES_BY_CODE

    assert RULES_BY_CODE["DU003"].severity == "warning" and RULES_BY_CODE["DU004"].severity == "info"


def test_a_block_pasted_twice_in_one_cell_with_a_change():
    cleaning = ("{0} = {0}.dropna(subset=['price'])\n{0}['price'] = {0}['price'].astype(float)\n"
                "{0} = {0}[{0}['price'] > 0]\n{0}['log_price'] = np.log({0}['price'])\n"
                "{0} = {0}.sort_values('date').reset_index(drop=True)\nsummary_{0} = {0}.groupby('region').mean()\n")
    cell = cleaning.format("train") + cleaning.format("test").replace(
        "test = test[test['price'] > 0]\n", "test = test[test['price'] > 0]\ntest = test[test['region'] != 'x']\n")
    found = violations(nd.near_duplicate_block, cell)
    assert len(found) == 1 and "this cell lines 7–13" in found[0].message


_FIGURE_AFTER = """{plot}
plt.title("Distribution")
plt.xlabel("Contract")
plt.ylabel("Count")
plt.savefig(path + "figure.png", dpi=300)
plt.show()"""


def test_figure_code_pasted_after_different_plotting_calls_is_reported():
    cells = [_FIGURE_AFTER.format(plot=plot) for plot in (
        'sns.countplot(x="Contract", hue="Churn", data=df)',
        "sns.kdeplot(data=df, x='tenure', hue='Churn', fill=True, alpha=0.5)",
        'sns.violinplot(x="Churn", y="tenure", data=df)')]
    found = violations(nd.repeated_figure_code, *cells)
    assert len(found) == 1 and "cell #2" in found[0].message and "cell #3" in found[0].message


def test_labels_and_legend_pasted_after_a_plotting_function_three_times_are_reported():
    tail = "\nplt.xlabel('PC 1')\nplt.ylabel('PC 2')\nplt.legend(loc='lower left')\nplt.show()"
    cells = ["plot_decision_regions(X_train, y_train, classifier=lr)" + tail,
             "plot_decision_regions(X_test, y_test, classifier=lr)" + tail,
             "for l in labels:\n    plt.scatter(X[y == l, 0], X[y == l, 1], label=l)" + tail]
    assert len(violations(nd.repeated_figure_code, *cells)) == 1


def test_figure_code_after_different_plotting_calls_twice_is_not_reported():
    cells = [_FIGURE_AFTER.format(plot=plot) for plot in ('sns.countplot(x="Contract", data=df)',
                                                          'sns.violinplot(x="Churn", y="tenure", data=df)')]
    assert violations(nd.repeated_figure_code, *cells) == []


def test_different_figures_around_the_same_plotting_call_are_not_reported():
    cells = ["sns.countplot(x='a', data=df)\nplt.title('A')\nplt.show()",
             "sns.countplot(x='b', data=df)\nplt.xlim(0, 1)\nplt.savefig('b.png')",
             "sns.countplot(x='c', data=df)\nplt.legend()\nplt.grid(True)"]
    assert violations(nd.repeated_figure_code, *cells) == []
