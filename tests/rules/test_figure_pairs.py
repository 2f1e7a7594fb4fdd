"""A long figure pasted twice (DU004, info); a short one drawn twice stays quiet."""

from jupyterlab_promote.engine.rules import near_duplicates as nd
from jupyterlab_promote.engine.rules.figure_pairs import long_figure_pairs

from factories import notebook

CHART = """fig = plt.figure(figsize=(10, 5))
plt.plot(dates, {name}, label="observed", color="tab:blue")
plt.fill_between(dates, low_{name}, high_{name}, alpha=0.2)
plt.xlabel("date")
plt.ylabel("{name}")
plt.title("{name} over time")
plt.legend(loc="upper left")
plt.grid(alpha=0.3)
plt.savefig("{name}.png")
plt.close(fig)"""
SHORT = """fig, ax = plt.subplots(figsize=(7, 3))
ax.plot(curve_{name}.index, curve_{name}.values, color="tab:blue")
ax.set_xlim(0, 100)
ax.set_xlabel("step")
ax.set_ylabel("{name}")
ax.grid(alpha=0.3)
plt.show()"""
AGGREGATED = """grouped{suffix} = frame.groupby(["channel", "campaign"])["{column}"].median().reset_index()
fig{suffix} = px.bar(
    grouped{suffix},
    x="channel",
    y="{column}",
    color="device",
    hover_data=["campaign"],
    title="Median {column}",
    labels={{"{column}": "Median {column}"}},
    barmode="group",
)
fig{suffix}.update_layout(xaxis_tickangle=-45)
fig{suffix}.show()"""


def test_a_long_figure_pasted_twice_is_information():
    nb = notebook(CHART.format(name="history"), "forecast = model.predict(future)", CHART.format(name="forecast"))
    found = list(nd.repeated_figure_code(nb))
    assert len(found) == 1 and found[0].severity == "info"
    assert (found[0].cell.index, found[0].line, found[0].end_line) == (0, 1, 10)
    assert found[0].message.startswith("The figure code of lines 1–10 is pasted again in cell #3 lines 1–10")


def test_a_plotly_figure_with_other_columns_pasted_twice_is_a_near_copy():
    nb = notebook(AGGREGATED.format(suffix="", column="days"), AGGREGATED.format(suffix="_tp", column="touchpoint"))
    found = list(long_figure_pairs(nb, []))
    assert len(found) == 1 and "cell #2" in found[0].message


def test_a_short_figure_drawn_twice_stays_quiet():
    nb = notebook(SHORT.format(name="loss"), SHORT.format(name="accuracy"))
    assert list(nd.repeated_figure_code(nb)) == []


def test_a_figure_pasted_three_times_is_one_finding_of_the_three_copies():
    nb = notebook(*(CHART.format(name=name) for name in ("history", "forecast", "residual")))
    found = list(nd.repeated_figure_code(nb))
    assert len(found) == 1 and found[0].severity is None and "cell #3" in found[0].message
