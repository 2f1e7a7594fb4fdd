from jupyterlab_promote.engine.rules.leakage.multi_test import multi_test_leakage

from factories import live_equals_cold, notebook_json, violations

SPLIT = "X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)"
MODELS = "models = {'lr': LogisticRegression(), 'rf': RandomForestClassifier(), 'svc': SVC()}"


def where(found):
    return [(v.cell.index, v.line) for v in found]


class TestChoosingOnTheTestSet:
    def test_dict_of_test_scores_then_max_then_print(self):
        found = violations(multi_test_leakage, SPLIT, MODELS,
                           "scores = {}\nfor name, m in models.items():\n    m.fit(X_train, y_train)\n"
                           "    scores[name] = m.score(X_test, y_test)",
                           "best = max(scores, key=scores.get)\nprint(best, scores[best])")
        assert where(found) == [(3, 1)]
        message = found[0].message
        assert "`X_test`" in message and "cell #3" in message and "cell #4" in message
        assert "max(scores, key=scores.get)" in message

    def test_hyper_parameter_loop_argmax_then_final_test_score(self):
        found = violations(multi_test_leakage, SPLIT,
                           "acc = []\nfor depth in range(1, 20):\n"
                           "    tree = DecisionTreeClassifier(max_depth=depth).fit(X_train, y_train)\n"
                           "    acc.append(accuracy_score(y_test, tree.predict(X_test)))",
                           "best_depth = np.argmax(acc) + 1",
                           "final = DecisionTreeClassifier(max_depth=best_depth).fit(X_train, y_train)\n"
                           "final.score(X_test, y_test)")
        assert where(found) == [(2, 1)] and "cell #4" in found[0].message

    def test_running_best_with_if_score_greater(self):
        found = violations(multi_test_leakage, SPLIT,
                           "best_score, best_c = 0, None\nfor c in [0.01, 0.1, 1, 10]:\n"
                           "    s = SVC(C=c).fit(X_train, y_train).score(X_test, y_test)\n"
                           "    if s > best_score:\n        best_score, best_c = s, c",
                           "print('C =', best_c, 'test accuracy', best_score)")
        assert where(found) == [(1, 4)] and "s > best_score" in found[0].message

    def test_two_models_compared_without_a_loop(self):
        found = violations(multi_test_leakage, SPLIT,
                           "lr = LogisticRegression().fit(X_train, y_train)\nrf = RandomForestClassifier().fit(X_train, y_train)",
                           "lr_f1 = f1_score(y_test, lr.predict(X_test))\nrf_f1 = f1_score(y_test, rf.predict(X_test))",
                           "print('best F1 on test:', max(lr_f1, rf_f1))")
        assert where(found) == [(3, 1)]

    def test_leaderboard_sorted_and_displayed(self):
        found = violations(multi_test_leakage, SPLIT, MODELS,
                           "rows = []\nfor name, m in models.items():\n    m.fit(X_train, y_train)\n"
                           "    rows.append((name, m.score(X_test, y_test)))",
                           "pd.DataFrame(rows, columns=['model', 'acc']).sort_values('acc', ascending=False)")
        assert where(found) == [(3, 1)]

    def test_choice_inside_a_notebook_function_called_with_the_test_split(self):
        found = violations(multi_test_leakage, SPLIT,
                           "def tune(Xa, ya, Xb, yb):\n"
                           "    results = [(KNeighborsClassifier(k).fit(Xa, ya).score(Xb, yb), k) for k in range(1, 15)]\n"
                           "    return max(results)",
                           "top, k = tune(X_train, y_train, X_test, y_test)\nprint(k, top)")
        assert where(found) == [(1, 3)] and "cell #3" in found[0].message

    def test_hold_out_made_by_slicing(self):
        found = violations(multi_test_leakage,
                           "Xa, Xb = data[:800], data[800:]\nya, yb = labels[:800], labels[800:]",
                           "errs = [mean_squared_error(yb, Ridge(alpha=a).fit(Xa, ya).predict(Xb)) for a in alphas]",
                           "print('lowest test error', min(errs))")
        assert where(found) == [(2, 1)] and "`yb`" in found[0].message

    def test_hold_out_made_by_sample_and_drop(self):
        found = violations(multi_test_leakage,
                           "part = df.sample(frac=0.75, random_state=1)\nrest = df.drop(part.index)",
                           "res = pd.Series({n: r2_score(rest.y, m.fit(part[cols], part.y).predict(rest[cols]))\n"
                           "                 for n, m in regressors.items()})",
                           "res.idxmax(), res.max()")
        assert len(found) == 1 and "`rest`" in found[0].message

    def test_helper_that_scores_on_the_global_test_split(self):
        found = violations(multi_test_leakage, SPLIT,
                           "def holdout_auc(est):\n    est.fit(X_train, y_train)\n"
                           "    return roc_auc_score(y_test, est.predict_proba(X_test)[:, 1])",
                           "aucs = {name: holdout_auc(m) for name, m in models.items()}\nprint(max(aucs.values()))")
        assert where(found) == [(2, 2)]

    def test_test_data_known_only_by_its_name(self):
        found = violations(multi_test_leakage, "X_test = pd.read_csv('x_test.csv')\ny_test = pd.read_csv('y_test.csv')",
                           "accs = [m.score(X_test, y_test) for m in fitted_models]",
                           "print(max(accs))")
        assert where(found) == [(2, 1)]


class TestChoosingByEyeOrByEpoch:
    def test_hyper_parameter_sweep_on_the_test_set_plotted(self):
        found = violations(multi_test_leakage, SPLIT,
                           "test_r2 = []\nfor depth in range(1, 25):\n"
                           "    reg = DecisionTreeRegressor(max_depth=depth).fit(X_train, y_train)\n"
                           "    test_r2.append(reg.score(X_test, y_test))",
                           "plt.plot(range(1, 25), test_r2)")
        assert where(found) == [(2, 1)]
        assert "every value of a hyper-parameter" in found[0].message and "validation_curve" in found[0].message

    def test_sweep_over_the_training_size_is_not_a_hyper_parameter(self):
        assert violations(multi_test_leakage, SPLIT,
                          "acc = []\nfor n in [100, 1000, 5000]:\n"
                          "    acc.append(LogisticRegression().fit(X_train[:n], y_train[:n]).score(X_test, y_test))",
                          "plt.plot([100, 1000, 5000], acc)") == []

    def test_sweep_drawn_on_a_validation_split_is_fine(self):
        assert violations(multi_test_leakage, SPLIT,
                          "X_a, X_b, y_a, y_b = train_test_split(X_train, y_train)",
                          "curve = [Ridge(alpha=a).fit(X_a, y_a).score(X_b, y_b) for a in alphas]",
                          "plt.semilogx(alphas, curve)") == []

    def test_keras_early_stopping_on_the_test_set_then_evaluate(self):
        found = violations(multi_test_leakage, SPLIT,
                           "stop = EarlyStopping(patience=3, restore_best_weights=True)",
                           "model.fit(X_train, y_train, epochs=50, validation_data=(X_test, y_test), callbacks=[stop])",
                           "loss, acc = model.evaluate(X_test, y_test)\nprint(acc)")
        assert where(found) == [(2, 1)] and "keeps the epoch" in found[0].message and "cell #4" in found[0].message

    def test_keras_early_stopping_on_the_training_loss(self):
        assert violations(multi_test_leakage, SPLIT,
                          "model.fit(X_train, y_train, validation_data=(X_test, y_test),\n"
                          "          callbacks=[EarlyStopping(monitor='loss', restore_best_weights=True)])",
                          "print(model.evaluate(X_test, y_test))") == []

    def test_keras_early_stopping_on_a_validation_split(self):
        assert violations(multi_test_leakage, SPLIT,
                          "X_tr, X_va, y_tr, y_va = train_test_split(X_train, y_train)",
                          "model.fit(X_tr, y_tr, validation_data=(X_va, y_va), callbacks=[EarlyStopping()])",
                          "print(model.evaluate(X_test, y_test))") == []

    def test_hugging_face_trainer_keeping_the_best_checkpoint_on_the_test_split(self):
        found = violations(multi_test_leakage, "parts = dataset.train_test_split(test_size=0.2, seed=1)",
                           "args = TrainingArguments('out', load_best_model_at_end=True, metric_for_best_model='f1')\n"
                           "trainer = Trainer(model=model, args=args, train_dataset=parts['train'],\n"
                           "                  eval_dataset=parts['test'])",
                           "trainer.train()\nprint(trainer.evaluate())")
        assert where(found) == [(2, 1)] and "`parts['test']`" in found[0].message

    def test_booster_stopped_early_on_the_test_set(self):
        found = violations(multi_test_leakage, SPLIT,
                           "gbm = XGBRegressor(n_estimators=3000, early_stopping_rounds=50)\n"
                           "gbm.fit(X_train, y_train, eval_set=[(X_test, y_test)])",
                           "print(mean_absolute_error(y_test, gbm.predict(X_test)))")
        assert where(found) == [(1, 2)] and "keeps the epoch" in found[0].message

    def test_booster_stopped_early_on_a_validation_split(self):
        assert violations(multi_test_leakage, SPLIT,
                          "X_fit, X_stop, y_fit, y_stop = train_test_split(X_train, y_train)",
                          "gbm = LGBMRegressor().fit(X_fit, y_fit, eval_set=[(X_stop, y_stop)],\n"
                          "                          callbacks=[lightgbm.early_stopping(50)])",
                          "print(mean_absolute_error(y_test, gbm.predict(X_test)))") == []

    def test_best_model_by_a_key_function_scoring_on_the_test_set(self):
        found = violations(multi_test_leakage, SPLIT, "fitted = [m.fit(X_train, y_train) for m in models.values()]",
                           "winner = max(fitted, key=lambda m: m.score(X_test, y_test))\n"
                           "print(winner.score(X_test, y_test))")
        assert where(found) == [(2, 1)]

    def test_keras_tuner_searching_on_the_test_set(self):
        found = violations(multi_test_leakage, SPLIT,
                           "tuner.search(X_train, y_train, epochs=20, validation_data=(X_test, y_test))",
                           "best = tuner.get_best_models(1)[0]\nprint(best.evaluate(X_test, y_test))")
        assert where(found) == [(1, 1)]

    def test_optuna_objective_returning_a_test_score(self):
        found = violations(multi_test_leakage, SPLIT,
                           "def objective(trial):\n"
                           "    model = RandomForestClassifier(max_depth=trial.suggest_int('depth', 2, 20))\n"
                           "    model.fit(X_train, y_train)\n"
                           "    return accuracy_score(y_test, model.predict(X_test))",
                           "study = optuna.create_study(direction='maximize')\nstudy.optimize(objective, n_trials=50)",
                           "print(study.best_params, study.best_value)")
        assert where(found) == [(2, 2)] and "cell #4" in found[0].message

    def test_optuna_objective_returning_a_cross_validated_score(self):
        assert violations(multi_test_leakage, SPLIT,
                          "def objective(trial):\n"
                          "    model = RandomForestClassifier(max_depth=trial.suggest_int('depth', 2, 20))\n"
                          "    return cross_val_score(model, X_train, y_train, cv=5).mean()",
                          "study = optuna.create_study(direction='maximize')\nstudy.optimize(objective, n_trials=50)",
                          "print(study.best_params, study.best_value)") == []

    def test_cross_validation_folds_named_test_are_validation(self):
        assert violations(multi_test_leakage,
                          "best = 0\nfor train_idx, test_idx in KFold(5).split(X):\n"
                          "    s = SVC(C=c).fit(X[train_idx], y[train_idx]).score(X[test_idx], y[test_idx])\n"
                          "    if s > best:\n        best = s",
                          "print(best)") == []


class TestCleanEvaluation:
    def test_choice_on_a_validation_split_then_one_test_score(self):
        assert violations(multi_test_leakage, SPLIT,
                          "X_fit, X_check, y_fit, y_check = train_test_split(X_train, y_train, random_state=0)",
                          "scores = {}\nfor name, m in models.items():\n    m.fit(X_fit, y_fit)\n"
                          "    scores[name] = m.score(X_check, y_check)",
                          "best = max(scores, key=scores.get)\nprint(models[best].fit(X_train, y_train).score(X_test, y_test))"
                          ) == []

    def test_a_split_of_the_training_part_is_validation_whatever_its_name(self):
        assert violations(multi_test_leakage, SPLIT,
                          "X_tr, X_test2, y_tr, y_test2 = train_test_split(X_train, y_train)",
                          "accs = [KNeighborsClassifier(k).fit(X_tr, y_tr).score(X_test2, y_test2) for k in ks]",
                          "k = ks[int(np.argmax(accs))]\nprint(KNeighborsClassifier(k).fit(X_train, y_train).score(X_test, y_test))"
                          ) == []

    def test_cross_validated_search_then_one_test_score(self):
        assert violations(multi_test_leakage, SPLIT,
                          "search = GridSearchCV(SVC(), {'C': [0.1, 1, 10]}, cv=5).fit(X_train, y_train)",
                          "print(search.best_params_, search.score(X_test, y_test))") == []

    def test_cross_val_score_per_candidate_then_one_test_score(self):
        assert violations(multi_test_leakage, SPLIT,
                          "cv = {n: cross_val_score(m, X_train, y_train, cv=5).mean() for n, m in models.items()}",
                          "best = max(cv, key=cv.get)\nm = models[best].fit(X_train, y_train)\nprint(m.score(X_test, y_test))"
                          ) == []

    def test_several_metrics_of_one_model(self):
        assert violations(multi_test_leakage, SPLIT, "clf = SVC().fit(X_train, y_train)\npred = clf.predict(X_test)",
                          "metrics = {'acc': accuracy_score(y_test, pred), 'f1': f1_score(y_test, pred),\n"
                          "           'recall': recall_score(y_test, pred)}",
                          "print(max(metrics.values()))\npd.Series(metrics).sort_values()") == []

    def test_models_compared_on_the_test_set_without_a_choice(self):
        assert violations(multi_test_leakage, SPLIT,
                          "for name, m in models.items():\n    m.fit(X_train, y_train)\n"
                          "    print(name, m.score(X_test, y_test))") == []

    def test_mean_over_seeds_of_one_model(self):
        assert violations(multi_test_leakage, SPLIT,
                          "accs = [RandomForestClassifier(random_state=s).fit(X_train, y_train).score(X_test, y_test)\n"
                          "        for s in range(10)]",
                          "print(np.mean(accs), np.std(accs))") == []

    def test_choice_on_test_scores_that_is_never_reported(self):
        assert violations(multi_test_leakage, SPLIT,
                          "accs = [m.fit(X_train, y_train).score(X_test, y_test) for m in models.values()]",
                          "ranking = sorted(accs)") == []

    def test_best_training_score_is_not_a_test_score(self):
        assert violations(multi_test_leakage, SPLIT,
                          "accs = [m.fit(X_train, y_train).score(X_train, y_train) for m in models.values()]",
                          "print(max(accs))") == []

    def test_cell_that_does_not_parse_is_skipped(self):
        assert violations(multi_test_leakage, SPLIT, "for m in models:\n    print(m.score(X_test, y_test)",
                          "print(max(accs))") == []


class TestLiveEqualsCold:
    def test_edits_that_move_the_choice_between_test_and_validation(self):
        loop = ("scores = dict()\nfor name, m in models.items():\n    m.fit(X_fit, y_fit)\n"
                "    scores[name] = m.score({0}, {1})")
        data = notebook_json(SPLIT, "X_fit, X_val, y_fit, y_val = train_test_split(X_train, y_train)", MODELS,
                             loop.format("X_test", "y_test"), "best = max(scores, key=scores.get)\nprint(scores[best])")
        sources = (loop.format("X_test", "y_test"), loop.format("X_val", "y_val"), loop.format("X_test", "y_test"))
        assert live_equals_cold(data, 3, sources, "LK006") == [1, 0, 1]
