"""Draws an exported study's plots with matplotlib, from its CSV files.

The notebook loads the study's CSV files with pandas and hands them to Study; Study.draw(name) draws the
plot of that name. What each plot shows -- its metric and keys, title, axis labels, scales, limits and
legend place -- is read from plots.json beside the data, which the exporter writes from the same plot
specifications (aedyn.report.PlotSpec and PlotAxes) that draw the job's own PNGs; this module decides
none of it, it only groups the rows and draws them.
"""

import json
import pathlib

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

# matplotlib's legend arguments for plots.json's legend places
LEGEND = {
    "UPPER_RIGHT": {"loc": "upper right"},
    "LOWER_RIGHT": {"loc": "lower right"},
    "BELOW": {"loc": "upper center", "bbox_to_anchor": (0.5, -0.18), "ncol": 2},
}


class Study:
    """A study's tables (pandas frames) and its plot plan (plots.json in the data folder)."""

    def __init__(self, data, summary, aggregate, analysis, curves):
        self.data = pathlib.Path(data)
        plan = json.loads((self.data / "plots.json").read_text(encoding="utf-8"))
        self.grid = plan["grid"]
        self.symbols = plan["symbols"]
        self.value_names = plan.get("valueNames", {})
        self.plots = {plot["spec"]["name"]: plot for plot in plan["plots"]}
        self.summary = summary
        self.aggregate = aggregate
        self.analysis = analysis
        self.curves = curves

    def draw(self, name):
        """Draws the plot named in plots.json."""
        plot = self.plots[name]
        DRAW[plot["kind"]](self, plot["spec"], plot["axes"])

    def symbol(self, key):
        return self.symbols.get(key, key)

    def value_name(self, key, value):
        """A value's own name where it has one (model.linearize: network, linearized twin), as the report's."""
        names = self.value_names.get(key, {})
        text = str(value).lower() if isinstance(value, bool) else str(value)
        return names.get(text, str(value))

    def key_value(self, key, value):
        name = self.value_name(key, value)
        return name if name != str(value) else f"{self.symbol(key)} = {value}"

    def groups(self, frame, keys):
        """(title, rows) per combination of the keys' values, in first-seen order."""
        if not keys:
            return [("", frame)]
        out = []
        by = keys[0] if len(keys) == 1 else keys  # one key: scalar values on every pandas
        for values, rows in frame.groupby(by, sort=False):
            values = values if isinstance(values, tuple) else (values,)
            out.append((", ".join(self.key_value(k, v) for k, v in zip(keys, values)), rows))
        return out

    def final_table(self, metric):
        """Per grid point: mean and 95 % interval (aggregate.csv), else the runs' mean."""
        aggregate = self.aggregate
        if aggregate is not None and f"{metric}_mean" in aggregate.columns:
            table = aggregate[self.grid].copy()
            table["mean"] = aggregate[f"{metric}_mean"]
            table["low"] = aggregate[f"{metric}_ci95_low"]
            table["high"] = aggregate[f"{metric}_ci95_high"]
            return table
        # a final metric of summary.csv, or a per-run result of analysis.csv (such as the convergence rate)
        summary = self.summary
        source = summary if metric in summary.columns else \
            summary[["run"] + self.grid].merge(self.analysis[["run", metric]], on="run")
        table = source.groupby(self.grid, sort=False, as_index=False)[metric].mean()
        table = table.rename(columns={metric: "mean"})
        table["low"] = float("nan")
        table["high"] = float("nan")
        return table

    def energy_blocks(self, run):
        """run.json's energy_blocks: dims, rest_dim, pca_levels (SPEC 7)."""
        return json.loads((self.data / "runs" / run / "run.json").read_text())["energy_blocks"]


def panel_grid(count):
    cols = max(1, min(3, count))
    rows = -(-count // cols)
    fig, axes = plt.subplots(rows, cols, figsize=(5.2 * cols, 4 * rows), squeeze=False)
    for ax in axes.flat[count:]:
        ax.set_visible(False)
    return fig, axes.flat


def set_axes(ax, axes, title, grid="both"):
    """Title, labels, scales and limits as plots.json gives them."""
    ax.set_title(title)
    ax.set_xlabel(axes["xLabel"])
    ax.set_ylabel(axes["yLabel"])
    if axes["logX"]:
        ax.set_xscale("log")
    if axes["logY"]:
        ax.set_yscale("log")
    if axes.get("yMin") is not None:
        ax.set_ylim(bottom=axes["yMin"])
    if axes.get("yMax") is not None:
        ax.set_ylim(top=axes["yMax"])
    ax.grid(alpha=0.3, axis=grid)


def panel_title(panels, name, spec):
    """One panel carries the plot's title, several their own."""
    return spec["title"] if len(panels) == 1 else name


def draw_curves(study, spec, axes):
    """A metric against iteration: a panel per panelKeys value, a line per lineKey value."""
    metric = spec["metric"]
    panels = study.groups(study.curves, spec["panelKeys"])
    fig, axs = panel_grid(len(panels))
    for ax, (name, frame) in zip(axs, panels):
        for value, rows in frame.groupby(spec["lineKey"] or "run", sort=False):
            mean = rows.groupby("iteration")[metric].mean().dropna()
            label = study.value_name(spec["lineKey"], value) if spec["lineKey"] else str(value)
            ax.plot(mean.index, mean.values, lw=2, label=label)
        predicted = [study.data / "runs" / run / "ntk_prediction.csv" for run in frame["run"].unique()]
        predicted = [pd.read_csv(f) for f in predicted if metric == "loss" and f.exists()]
        if predicted:  # SPEC 8.3's loss of kernel gradient descent with K_inf, from each run's own residual
            mean = pd.concat(predicted).groupby("iteration")["predicted_loss"].mean()
            ax.plot(mean.index, mean.values, "k--", lw=1.5, label="K∞ prediction")
        set_axes(ax, axes, panel_title(panels, name, spec))
        ax.legend(**LEGEND[axes["legend"]])
    fig.tight_layout()
    plt.show()


def draw_final_by_category(study, spec, axes):
    """Final metric per category (e.g. init), one bar per series; 95 % CI error bars."""
    metric, category = spec["metric"], spec["categoryKey"]
    table = study.final_table(metric)
    categories = list(dict.fromkeys(study.summary[category]))
    series = study.groups(table, spec["seriesKeys"])
    width = 0.8 / len(series)
    fig, ax = plt.subplots(figsize=(5.2, 4))
    for k, (name, rows) in enumerate(series):
        rows = rows.set_index(category).reindex(categories)
        err = ((rows["high"] - rows["low"]) / 2).fillna(0).values
        x = [c + (k - (len(series) - 1) / 2) * width for c in range(len(categories))]
        ax.bar(x, rows["mean"].values, width, yerr=err if err.any() else None, capsize=4,
               label=name or metric)
    ax.set_xticks(range(len(categories)))
    ax.set_xticklabels(categories)
    set_axes(ax, axes, spec["title"], grid="y")
    if len(series) > 1:
        ax.legend(**LEGEND[axes["legend"]])
    fig.tight_layout()
    plt.show()


def draw_sweep(study, spec, axes):
    """Final metric against a swept value, a line per lineKeys value, 95 % CI band."""
    metric, x_key = spec["metric"], spec["xKey"]
    table = study.final_table(metric)
    fig, ax = plt.subplots(figsize=(5.2, 4))
    for name, rows in study.groups(table, spec["lineKeys"]):
        rows = rows.sort_values(x_key)
        label = name or metric
        if axes["logX"] and axes["logY"] and len(rows) >= 3:  # the power the line follows, as the report's legend
            label += " (slope %.2f)" % np.polyfit(np.log(rows[x_key]), np.log(rows["mean"]), 1)[0]
        (line,) = ax.plot(rows[x_key], rows["mean"], marker="o", lw=2, label=label)
        if spec["band"] and rows["low"].notna().any():
            ax.fill_between(rows[x_key], rows["low"], rows["high"], color=line.get_color(), alpha=0.25, lw=0)
    if spec.get("reference"):  # the infinite-width level, dashed, one line per key other than model.linearize
        table = study.final_table(spec["reference"])
        keys = [k for k in spec["lineKeys"] if k != "model.linearize"]
        for name, rows in study.groups(table, keys):
            rows = rows.drop_duplicates(subset=[x_key]).sort_values(x_key)
            ax.plot(rows[x_key], rows["mean"], ls="--", lw=1.5, label="K∞ level" + (", " + name if name else ""))
    set_axes(ax, axes, spec["title"])
    ax.legend(**LEGEND[axes["legend"]])
    fig.tight_layout()
    plt.show()


def block_dim(blocks, column):
    if column == "energy_rest":
        return blocks["rest_dim"]
    return blocks["dims"][int(column.split("_")[1]) - 1]


def draw_subspace_curves(study, spec, axes):
    """Curves against iteration with the PCA levels dashed, or the energy per direction of each block."""
    metrics, line_key = spec["metrics"], spec["lineKey"]
    panels = study.groups(study.curves, spec["panelKeys"])
    fig, axs = panel_grid(len(panels))
    for ax, (name, frame) in zip(axs, panels):
        blocks = study.energy_blocks(frame["run"].iloc[0])
        if spec["perDimension"]:
            for column in metrics:
                mean = frame.groupby("iteration")[column].mean().dropna()
                d = block_dim(blocks, column)
                block = column.split("_")[1]
                label = ("rest" if block == "rest" else f"block {block}") + f" (d = {d})"
                ax.plot(mean.index, mean.values / d, lw=2, label=label)
        else:
            for value, rows in frame.groupby(line_key or "run", sort=False):
                mean = rows.groupby("iteration")[metrics[0]].mean().dropna()
                label = f"{study.symbol(line_key)} = {value}" if line_key else str(value)
                ax.plot(mean.index, mean.values, lw=2, label=label)
        if spec["pcaLevels"]:
            for j, level in enumerate(blocks["pca_levels"]):
                ax.axhline(level, color="gray", ls="--", lw=1.2, label="PCA: levels" if j == 0 else None)
        set_axes(ax, axes, panel_title(panels, name, spec))
        ax.legend(fontsize="small", **LEGEND[axes["legend"]])
    fig.tight_layout()
    plt.show()


def draw_phase_diagram(study, spec, axes):
    """A boundary study's phase diagram (SPEC 9): every probe coloured by its success fraction p, the boundary x*
    with its interval bars (censored ones as open triangles at the edge of the values tried), the scaling law
    x* = e^c z^alpha of analysis.csv as a line; a panel per combination of the other outer keys."""
    from matplotlib.colors import LinearSegmentedColormap

    z_key, x_sym, z_sym = spec["scalingKey"], study.symbol(spec["searchedKey"]), study.symbol(spec["scalingKey"])
    probes = pd.read_csv(study.data / "probes.csv", keep_default_na=False, na_values=[""])
    bounds = pd.read_csv(study.data / "boundary.csv", keep_default_na=False, na_values=[""])
    laws = study.analysis if study.analysis is not None and "scaling_key" in study.analysis.columns else None
    cmap = LinearSegmentedColormap.from_list("p", spec["colors"])
    keys = spec["panelKeys"]
    panels = study.groups(probes, keys)
    fig, axs = panel_grid(len(panels))
    for ax, (name, rows) in zip(axs, panels):
        dots = ax.scatter(rows[z_key], rows["value"], c=rows["p"], cmap=cmap, vmin=0, vmax=1, s=40, zorder=2)
        flagged = rows[rows["flag"].fillna("").astype(str).str.len() > 0]
        if len(flagged):
            ax.scatter(flagged[z_key], flagged["value"], s=110, facecolors="none", edgecolors="#d62728",
                       label="non-monotone probe", zorder=3)
        mine = dict(study.groups(bounds, keys)).get(name, bounds.iloc[0:0])
        found = mine[mine["censored"] == "none"].dropna(subset=["boundary"])
        for _, b in found.iterrows():  # an open end runs to the last value tried
            tried = rows[rows[z_key] == b[z_key]]["value"]
            low = b["boundary_low"] if pd.notna(b["boundary_low"]) else tried.min()
            high = b["boundary_high"] if pd.notna(b["boundary_high"]) else tried.max()
            ax.errorbar([b[z_key]], [b["boundary"]], yerr=[[b["boundary"] - low], [high - b["boundary"]]],
                        fmt="none", ecolor="black", elinewidth=1.5, capsize=4, zorder=3)
        if len(found):
            ax.scatter(found[z_key], found["boundary"], marker="D", facecolors="none", edgecolors="black", s=90,
                       linewidths=1.8, zorder=4,
                       label=f"boundary {x_sym}* (95 % interval)")  # open: a probe at x* shows through
        for side, marker in (("below", "v"), ("above", "^")):
            cens = mine[mine["censored"] == side]
            if len(cens):
                tried = rows.groupby(z_key)["value"]
                edge = (tried.min() if side == "below" else tried.max()).reindex(cens[z_key]).values
                ax.scatter(cens[z_key], edge, marker=marker, facecolors="none", edgecolors="black", s=70,
                           zorder=4, label=f"censored {side} the values tried")
        law = dict(study.groups(laws, keys)).get(name) if laws is not None else None
        if law is not None and len(law) and pd.notna(law["alpha"].iloc[0]) and len(mine):
            row = law.iloc[0]
            z = np.geomspace(mine[z_key].min(), mine[z_key].max(), 40)
            label = f"{x_sym}* = e^c {z_sym}^α, α = {row['alpha']:.2f}"
            if pd.notna(row["alpha_low"]) and pd.notna(row["alpha_high"]):
                label += f" [{row['alpha_low']:.2f}, {row['alpha_high']:.2f}]"
            ax.plot(z, np.exp(row["intercept"]) * z ** row["alpha"], color="#d62728", lw=2, label=label, zorder=1)
        set_axes(ax, axes, panel_title(panels, name, spec))
        fig.colorbar(dots, ax=ax, label="success fraction p̂")
        ax.legend(fontsize="small", **LEGEND[axes["legend"]])
    fig.tight_layout()
    plt.show()


DRAW = {
    "curves": draw_curves,
    "final-by-category": draw_final_by_category,
    "sweep": draw_sweep,
    "subspace-curves": draw_subspace_curves,
    "phase-diagram": draw_phase_diagram,
}
