"""The notebooks of the duplication evaluation set, written for it: (name, kinds, note, code).

Cells are separated by `# %%`. `kinds` lists what a reviewer would report on the notebook: `near_copy`
(a block copied with lines inserted, removed or changed), `exact_copy` (copied with only other names
or values), `redefinition` (a function or class defined
again in a later cell with small edits) and `figure_copies` (figure code pasted three times or more).
Labels come from reading the code, never from what a rule reports.
"""

EVALUATE = """proba = clf.predict_proba(X_hold)[:, 1]
labels = (proba > 0.5).astype(int)
print("precision", precision_score(y_hold, labels))
print("recall", recall_score(y_hold, labels))
print("f1", f1_score(y_hold, labels))
print("auc", roc_auc_score(y_hold, proba))
cm = confusion_matrix(y_hold, labels)
print(cm)"""

TRAIN_LOOP = """for epoch in range(EPOCHS):
    net.train()
    running = 0.0
    for xb, yb in loader:
        opt.zero_grad()
        out = net(xb)
        loss = loss_fn(out, yb)
        loss.backward()
        opt.step()
        running += loss.item()
    print(epoch, running / len(loader))"""

CLEAN = """{0} = {0}.drop_duplicates()
{0} = {0}[{0}.price.between(1, 10_000)]
{0}['sqft'] = {0}['sqft'].fillna({0}['sqft'].median())
{0}['age'] = 2024 - {0}['year_built']
{0}['log_price'] = np.log1p({0}['price'])
{0} = {0}.reset_index(drop=True)"""

FIGURE = """fig, ax = plt.subplots(figsize=(7, 3))
ax.plot(curve_{0}.index, curve_{0}.values, color="tab:blue")
ax.set_xlim(0, 100)
ax.set_xlabel("step")
ax.set_ylabel("{0}")
ax.grid(alpha=0.3)
plt.show()"""

ITEMS = [
    # Near copies.
    ("near01_eval_pasted_after_each_model", ["near_copy"], "the evaluation cell pasted after three models, "
     "the threshold line changed in one, a log-loss line added in another",
     "clf = LogisticRegression().fit(X_fit, y_fit)\n# %%\n" + EVALUATE + "\n# %%\nclf = GradientBoostingClassifier()"
     ".fit(X_fit, y_fit)\n# %%\n" + EVALUATE.replace("> 0.5", "> 0.4") + "\n# %%\nclf = SVC(probability=True)"
     ".fit(X_fit, y_fit)\n# %%\n" + EVALUATE.replace('print(cm)', 'print(cm)\nprint("log loss", log_loss(y_hold, proba))')),
    ("near02_training_loop_with_scheduler", ["near_copy"], "the training loop pasted with a scheduler step and "
     "gradient clipping added",
     TRAIN_LOOP + "\n# %%\nsched = StepLR(opt, step_size=5)\n# %%\n" + TRAIN_LOOP.replace(
         "        loss.backward()\n", "        loss.backward()\n        clip_grad_norm_(net.parameters(), 1.0)\n")
     .replace("        running += loss.item()\n", "        running += loss.item()\n    sched.step()\n")),
    ("near03_config_with_one_more_key", ["near_copy"], "a hyper-parameter dict copied for the second run "
     "with one more key",
     "params = dict(\n    max_depth=6,\n    eta=0.1,\n    subsample=0.8,\n    colsample_bytree=0.7,\n"
     "    objective='binary:logistic',\n    eval_metric='auc',\n)\n# %%\nbst = xgb.train(params, dtrain)\n# %%\n"
     "params = dict(\n    max_depth=6,\n    eta=0.1,\n    subsample=0.8,\n    colsample_bytree=0.7,\n"
     "    objective='binary:logistic',\n    eval_metric='auc',\n    min_child_weight=3,\n)\n# %%\n"
     "bst2 = xgb.train(params, dtrain)"),
    ("near04_cleaning_for_train_and_test_in_one_cell", ["near_copy"], "cleaning pasted for the test frame "
     "in the same cell, one filter left out",
     CLEAN.format("train_df") + "\n" + CLEAN.format("test_df").replace(
         "test_df = test_df[test_df.price.between(1, 10_000)]\n", "")),
    ("near05_function_redefined_with_an_argument", ["near_copy", "redefinition"], "a feature function "
     "defined again with a window argument and one line changed",
     "def add_features(frame):\n    frame = frame.copy()\n    frame['ret'] = frame.close.pct_change()\n"
     "    frame['vol'] = frame.ret.rolling(20).std()\n    frame['ma'] = frame.close.rolling(20).mean()\n"
     "    frame['gap'] = frame.open / frame.close.shift() - 1\n    frame['range'] = frame.high - frame.low\n"
     "    return frame.dropna()\n# %%\nfeatures = add_features(prices)\n# %%\n"
     "def add_features(frame, window=20):\n    frame = frame.copy()\n    frame['ret'] = frame.close.pct_change()\n"
     "    frame['vol'] = frame.ret.rolling(window).std()\n    frame['ma'] = frame.close.ewm(span=window).mean()\n"
     "    frame['gap'] = frame.open / frame.close.shift() - 1\n    frame['range'] = frame.high - frame.low\n"
     "    return frame.dropna()"),
    ("near06_block_with_a_line_removed", ["near_copy"], "the aggregation block pasted for the second year "
     "without its outlier filter",
     "year = sales[sales.year == 2022]\nyear = year[year.amount < year.amount.quantile(0.99)]\n"
     "monthly = year.groupby('month').amount.sum()\nshare = monthly / monthly.sum()\n"
     "top = share.sort_values(ascending=False).head(3)\nprint(top)\nsummary[2022] = monthly\n# %%\n"
     "year = sales[sales.year == 2023]\nmonthly = year.groupby('month').amount.sum()\n"
     "share = monthly / monthly.sum()\ntop = share.sort_values(ascending=False).head(3)\nprint(top)\n"
     "summary[2023] = monthly"),
    # Clean look-alikes for near copies.
    ("clean01_exact_renamed_copy", ["exact_copy"], "an exact copy with other names: not a near copy",
     CLEAN.format("train_df") + "\n# %%\n" + CLEAN.format("test_df")),
    ("clean02_two_different_configs", [], "two dicts of settings with different keys",
     "net_cfg = {\n    'layers': 3,\n    'hidden': 256,\n    'dropout': 0.1,\n    'activation': 'gelu',\n"
     "    'norm': 'layer',\n    'residual': True,\n}\n# %%\nopt_cfg = {\n    'lr': 3e-4,\n    'betas': (0.9, 0.99),\n"
     "    'weight_decay': 0.01,\n    'warmup': 500,\n    'schedule': 'cosine',\n    'clip': 1.0,\n}"),
    ("clean03_different_models_same_boilerplate", [], "two training cells that share only their first "
     "and last lines",
     "model = Ridge(alpha=1.0)\nmodel.fit(X_fit, y_fit)\npred = model.predict(X_hold)\nprint(mean_absolute_error(y_hold, pred))\n"
     "# %%\ntree = DecisionTreeRegressor(max_depth=5)\ngrid = GridSearchCV(tree, {'max_depth': [3, 5, 8]}, cv=5)\n"
     "grid.fit(X_fit, y_fit)\nbest = grid.best_estimator_\nimportances = pd.Series(best.feature_importances_, "
     "index=X_fit.columns)\nprint(importances.nlargest(5))\npred = best.predict(X_hold)\n"
     "print(mean_absolute_error(y_hold, pred))"),
    ("clean04_short_blocks", [], "two four-line cells alike: below the block size",
     "a = load('x.csv')\nb = a.dropna()\nc = b.describe()\nprint(c)\n# %%\na = load('y.csv')\nb = a.dropna()\n"
     "c = b.describe(include='all')\nprint(c)"),
    # Redefinitions.
    ("redef01_helper_fixed_later", ["redefinition"], "a short helper redefined with its bug fixed, called "
     "in between",
     "def rmse(y, p):\n    return np.sqrt(((y - p) ** 2).sum())\n# %%\nprint(rmse(y_hold, pred))\n# %%\n"
     "def rmse(y, p):\n    return np.sqrt(((y - p) ** 2).mean())"),
    ("redef02_class_with_a_changed_method", ["redefinition"], "a dataset class redefined with a transform "
     "added to __getitem__",
     "class Frames(Dataset):\n    def __init__(self, paths):\n        self.paths = paths\n\n"
     "    def __len__(self):\n        return len(self.paths)\n\n    def __getitem__(self, i):\n"
     "        return read_image(self.paths[i])\n# %%\nds = Frames(paths)\n# %%\nclass Frames(Dataset):\n"
     "    def __init__(self, paths):\n        self.paths = paths\n\n    def __len__(self):\n"
     "        return len(self.paths)\n\n    def __getitem__(self, i):\n        return augment(read_image(self.paths[i]))"),
    ("redef03_decorator_added", ["redefinition"], "the same function compiled with a decorator in a later "
     "cell",
     "def step(x, w):\n    h = x @ w\n    return h.clip(0)\n# %%\nstep(x0, w0)\n# %%\n@jax.jit\ndef step(x, w):\n"
     "    h = x @ w\n    return h.clip(0)"),
    # Clean look-alikes for redefinitions.
    ("clean05_overloads", [], "typing.overload stubs then the implementation",
     "@overload\ndef scale(x: float) -> float: ...\n# %%\n@overload\ndef scale(x: list) -> list: ...\n"),
    ("clean06_exercise_stub", [], "an exercise stub, then the solution",
     "def softmax(z):\n    out = None  # YOUR CODE HERE\n    return out\n# %%\ndef softmax(z):\n"
     "    e = np.exp(z - z.max())\n    return e / e.sum()"),
    ("clean07_same_function_twice", [], "a helper pasted again unchanged",
     "def clip01(v):\n    return min(max(v, 0), 1)\n# %%\ndef clip01(v):\n    return min(max(v, 0), 1)"),
    ("clean08_name_reused_for_another_function", [], "`f` reused for another example function",
     "def f(x):\n    return x ** 2\n# %%\nplot_fn(f)\n# %%\ndef f(x):\n    return np.sin(3 * x) / (1 + x ** 2)"),
    ("clean09_docstring_edit", [], "a function defined again with only its docstring written",
     "def norm(v):\n    return v / np.linalg.norm(v)\n# %%\ndef norm(v):\n    \"\"\"Unit vector along v.\"\"\"\n"
     "    return v / np.linalg.norm(v)"),
    # Figure copies.
    ("fig01_curve_pasted_three_times", ["figure_copies"], "the same figure pasted for three curves",
     "\n# %%\n".join(FIGURE.format(name) for name in ("loss", "accuracy", "recall"))),
    ("fig02_panels_pasted_in_one_cell", ["figure_copies"], "three panels of one figure, pasted",
     "fig = plt.figure(figsize=(12, 3))\n" + "\n".join(
         f"ax = fig.add_subplot(1, 3, {i})\nax.hist(sample_{i}, bins=30, color='grey')\nax.set_title('sample {i}')\n"
         f"ax.set_xlim(-4, 4)\nax.axvline(0, ls='--', c='k')" for i in (1, 2, 3)) + "\nplt.tight_layout()"),
    ("fig03_three_near_copies", ["figure_copies"], "a seaborn figure pasted three times, a line added or "
     "dropped in two",
     "plt.figure(figsize=(6, 4))\nsns.boxplot(data=df, x='segment', y='spend')\nplt.title('spend by segment')\n"
     "plt.ylabel('spend')\nplt.xticks(rotation=30)\nplt.show()\n# %%\nplt.figure(figsize=(6, 4))\n"
     "sns.boxplot(data=df, x='segment', y='visits')\nplt.title('visits by segment')\nplt.ylabel('visits')\n"
     "plt.xticks(rotation=30)\nplt.yscale('log')\nplt.show()\n# %%\nplt.figure(figsize=(6, 4))\n"
     "sns.boxplot(data=df, x='segment', y='tenure')\nplt.title('tenure by segment')\nplt.xticks(rotation=30)\n"
     "plt.show()"),
    ("clean10_figure_twice", [], "a figure drawn twice",
     "\n# %%\n".join(FIGURE.format(name) for name in ("loss", "accuracy"))),
    # Shorter blocks pasted more often, and figure code after different plotting calls.
    ("short01_summary_shown_twice", ["exact_copy"], "five statements on five lines shown for two samples",
     "\n# %%\n".join(f"n_rows = {n}\nsample = frame.sample(n_rows, random_state=0)\n"
                      "print('mean', sample.amount.mean())\nprint('spread', sample.amount.std())\n"
                      "print('missing', sample.isna().sum().sum())" for n in (100, 1000))),
    ("short02_busy_line_per_column", ["exact_copy"], "one line that reads, transforms and writes a column, "
     "pasted for four columns",
     "\n".join(f"data['{c}'] = data['{c}'].where(data['{c}'] > 0, data['{c}'].mean())"
               for c in ("height", "weight", "income", "age"))),
    ("short03_download_per_ticker", ["exact_copy"], "three statements pasted for three tickers",
     "\n\n".join(f"{t.lower()} = yf.download('{t}', start=start, end=end, progress=False)\n"
                  f"{t.lower()}['ticker'] = '{t}'\nprices.append({t.lower()}[['Close', 'ticker']])"
                  for t in ("AAPL", "MSFT", "NVDA"))),
    ("fig04_labels_after_different_plots", ["figure_copies"], "the same title, labels, file and show after "
     "a histogram, a box plot and a strip plot",
     "\n# %%\n".join(f"sns.{kind}(data=df, x='{x}')\nplt.title('{x}')\nplt.xlabel('{x}')\nplt.ylabel('count')\n"
                      f"plt.savefig(out / '{x}.png', dpi=150)\nplt.show()"
                      for kind, x in (("histplot", "age"), ("boxplot", "fare"), ("stripplot", "pclass")))),
    ("clean12_layer_stack", [], "a layer stack: one call per line with other arguments",
     "model = keras.Sequential()\n" + "\n".join(
         f"model.add(keras.layers.Dense({units}, activation=keras.activations.relu))" for units in (256, 128, 64, 32))
     + "\nmodel.add(keras.layers.Dense(1))"),
    ("clean13_counts_per_cell", [], "one value count per cell, for three columns",
     "\n# %%\n".join(f"df['{c}'].value_counts(dropna=False)" for c in ("sex", "embarked", "pclass"))),
    ("clean14_labels_after_two_plots", [], "the same labels after two different plots: a figure twice",
     "\n# %%\n".join(f"sns.{kind}(data=df, x='age')\nplt.title('age')\nplt.xlabel('age')\nplt.ylabel('count')\n"
                      "plt.show()" for kind in ("histplot", "kdeplot"))),
    ("clean11_three_different_figures", [], "three figures of different kinds",
     "plt.scatter(x, y, s=4)\nplt.xlabel('x')\nplt.ylabel('y')\nplt.title('points')\nplt.show()\n# %%\n"
     "sns.heatmap(corr, annot=True, fmt='.2f', cmap='vlag')\nplt.title('correlations')\nplt.tight_layout()\n"
     "plt.show()\n# %%\nax = series.plot(kind='bar', rot=0)\nax.bar_label(ax.containers[0])\nax.set_ylim(0, 1)\n"
     "ax.set_ylabel('share')\nplt.show()"),
]
