"""Four statements pasted in the bodies of two functions (DU001, info)."""

from jupyterlab_promote.engine.rules import duplication as du
from jupyterlab_promote.engine.rules.function_body_copies import function_body_copies

from factories import notebook

WEIGHTER = '''class Weighter:
    def percentage_plot(self):
        for user in self.users:
            df = self.frames[user].sort_index()
            xvalues = list(range(len(df)))
            z = np.polyfit(xvalues, df["pct_change"], deg=6)
            p = np.poly1d(z)
            fit_data = p(xvalues)
            plt.plot(df.index, fit_data, "-", linewidth=5)

    def history_plot(self, user):
        df = self.weights[self.weights["Name"] == user]
        xvalues = list(range(len(df)))
        z = np.polyfit(xvalues, df["Entry"], deg=6)
        p = np.poly1d(z)
        fit_data = p(xvalues)
        plt.plot(df.index, df["Entry"], "ko")
'''


def test_a_block_pasted_in_two_methods_is_information_naming_both():
    found = list(function_body_copies(notebook(WEIGHTER), []))
    assert len(found) == 1 and found[0].severity == "info"
    assert (found[0].line, found[0].end_line) == (5, 8)
    assert found[0].message.startswith("Lines 5–8 of `percentage_plot` are pasted in `history_plot` (this cell "
                                       "lines 13–16)")


def test_duplicated_block_reports_it():
    assert any("are pasted in `history_plot`" in v.message for v in du.duplicated_block(notebook(WEIGHTER)))


def test_the_same_block_outside_functions_is_not_reported():
    top_level = WEIGHTER.replace("class Weighter:\n", "").replace("    def percentage_plot(self):\n", "if True:\n")
    top_level = top_level.replace("    def history_plot(self, user):\n", "if False:\n")
    assert list(function_body_copies(notebook(top_level), [])) == []


def test_constructors_and_method_chains_are_idioms():
    init = ('class {name}:\n    def __init__(self, dim, method):\n        self.dim = dim\n        self.method = method\n'
            '        self.fc_init = nn.Linear(dim, hidden)\n        self.fc_out = nn.Linear(hidden, out)\n')
    assert list(function_body_copies(notebook(init.format(name="Encoder"), init.format(name="Decoder")), [])) == []
    chain = ('def {name}(dataset, size, batch):\n    dataset = dataset.shuffle(size)\n'
             '    dataset = dataset.map(preprocess, num_parallel_calls=4)\n    dataset = dataset.batch(batch)\n'
             '    return dataset.prefetch(1)\n')
    assert list(function_body_copies(notebook(chain.format(name="train_set"), chain.format(name="valid_set")),
                                     [])) == []


def test_three_statements_in_two_functions_are_not_reported():
    three = WEIGHTER.replace("            fit_data = p(xvalues)\n", "").replace("        fit_data = p(xvalues)\n", "")
    assert list(function_body_copies(notebook(three), [])) == []
