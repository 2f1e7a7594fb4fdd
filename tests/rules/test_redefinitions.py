from jupyterlab_promote.engine.rules import redefinitions as rd

from factories import violations

TRAIN = """def train(model, data):
    model.fit(data.X, data.y)
    score = model.score(data.X_valid, data.y_valid)
    print("validation", score)
    return score"""
EDITED = TRAIN.replace("def train(model, data):", "def train(model, data, epochs):").replace(
    "model.fit(data.X, data.y)", "model.fit(data.X, data.y, epochs=epochs)")


class TestFunctionRedefined:
    def test_a_function_redefined_with_small_edits_is_reported_at_the_new_definition(self):
        found = violations(rd.function_redefined, TRAIN, "score = train(model, data)", EDITED)
        assert len(found) == 1
        v = found[0]
        assert (v.cell.index, v.line, v.column) == (2, 1, 0)
        assert "`train`" in v.message and "similar to cell #1" in v.message
        assert "cell #2 ran the earlier one" in v.message

    def test_an_identical_redefinition_is_duplications_business(self):
        assert violations(rd.function_redefined, TRAIN, TRAIN) == []

    def test_a_rewrite_under_the_same_name_is_not_an_edit(self):
        other = "def train(x):\n    return sorted(set(x))[::-1]"
        assert violations(rd.function_redefined, TRAIN, other) == []

    def test_an_exercise_stub_filled_in_later_is_not_reported(self):
        for body in ("pass", "...", "raise NotImplementedError", '"""Your code here."""\n    pass',
                     "score = None  # YOUR CODE HERE\n    return score"):
            stub = f"def train(model, data):\n    {body}"
            assert violations(rd.function_redefined, stub, EDITED) == []

    def test_overloads_and_property_accessors_are_by_design(self):
        overload = "@overload\ndef parse(x: int) -> int: ...\n"
        assert violations(rd.function_redefined, overload, overload.replace("int", "str")) == []
        setter = "@value.setter\ndef value(self, v):\n    self._value = v\n    self.changed = True"
        assert violations(rd.function_redefined, setter, setter.replace("True", "False")) == []
        registered = "@process.register\ndef _(arg: int):\n    return arg + 1\n"
        assert violations(rd.function_redefined, registered, registered.replace("1", "2")) == []

    def test_a_second_definition_in_the_same_cell_counts_once(self):
        assert violations(rd.function_redefined, TRAIN + "\n\n" + EDITED) == []

    def test_a_changed_decorator_is_an_edit(self):
        found = violations(rd.function_redefined, TRAIN, "@tf.function\n" + TRAIN)
        assert len(found) == 1 and found[0].line == 2

    def test_a_docstring_or_comment_edit_changes_nothing(self):
        documented = TRAIN.replace("def train(model, data):", 'def train(model, data):\n    """Fit and score."""')
        assert violations(rd.function_redefined, TRAIN, documented + "  # checked") == []

    def test_a_class_redefined_with_a_method_changed(self):
        model = "class Model:\n    def __init__(self, size):\n        self.size = size\n        self.weights = None\n" \
                "    def forward(self, x):\n        return x @ self.weights"
        found = violations(rd.function_redefined, model, model.replace("return x @ self.weights",
                                                                       "return relu(x @ self.weights)"))
        assert len(found) == 1 and "`Model`" in found[0].message

    def test_a_short_helper_with_its_one_line_fixed(self):
        first = "def rmse(y, p):\n    return np.sqrt(((y - p) ** 2).sum())"
        found = violations(rd.function_redefined, first, "print(rmse(y, p))", first.replace("sum", "mean"))
        assert len(found) == 1 and "cell #2 ran the earlier one" in found[0].message

    def test_a_short_example_function_replaced_by_another(self):
        assert violations(rd.function_redefined, "def f(x):\n    return x ** 2",
                          "def f(x):\n    return np.sin(3 * x) / (1 + x ** 2)") == []


class TestRedefinitionThatBreaksACallAbove:
    RECOMMEND = "def recommend(df, model, user_id):\n    seen = df[df.user == user_id].title\n    return model.rank(seen)"
    BY_MOVIE = "def recommend(movie_id, n=5):\n    idx = final.index[final.movieId == movie_id][0]\n" \
               "    return final.iloc[np.argsort(sims[idx])[::-1][1:n + 1]]"

    def test_a_rewrite_with_other_parameters_is_reported_when_a_cell_between_calls_the_first(self):
        found = violations(rd.function_redefined, self.RECOMMEND, "recommend(merged, model, 674)", self.BY_MOVIE)
        assert len(found) == 1
        v = found[0]
        assert v.cell.index == 2 and v.line == 1
        assert "`recommend` is defined again here with other parameters" in v.message
        assert "cell #2 above calls the definition of cell #1" in v.message

    def test_calls_the_new_signature_accepts_keep_a_rewrite_quiet(self):
        for call in ("recommend(1)", "recommend(1, 10)", "recommend(movie_id=3, n=2)", "recommend(*args)"):
            assert violations(rd.function_redefined, self.RECOMMEND, call, self.BY_MOVIE) == [], call

    def test_keywords_the_new_definition_lacks_break_the_call(self):
        found = violations(rd.function_redefined, self.RECOMMEND, "recommend(df=d, model=m, user_id=1)", self.BY_MOVIE)
        assert len(found) == 1

    def test_a_rewrite_nobody_called_before_stays_quiet(self):
        assert violations(rd.function_redefined, self.RECOMMEND, self.BY_MOVIE, "recommend(1)") == []


class TestExampleCellsThatDefineAndUseAtOnce:
    def test_each_example_defining_its_own_derivative_and_plotting_it_is_quiet(self):
        first = "def fp(x):\n    return 2*x\nanimate(f, fp)"
        later = "def fp(x):\n    return x**3 - 2*x\nanimate(f, fp, x_0=0.25)"
        assert violations(rd.function_redefined, first, "plot(g)", later) == []

    def test_a_cell_that_reads_the_function_from_another_cell_keeps_the_finding(self):
        first = "def fp(x):\n    return 2*x\nanimate(f, fp)"
        later = "def fp(x):\n    return x**3 - 2*x\nanimate(f, fp, x_0=0.25)"
        assert len(violations(rd.function_redefined, first, later, "animate(f, fp)")) == 1

    def test_a_definition_that_its_cell_does_not_use_keeps_the_finding(self):
        first = "def fp(x):\n    return 2*x\nanimate(f, fp)"
        assert len(violations(rd.function_redefined, first, "def fp(x):\n    return 3*x")) == 1
