"""Runs an exported notebook's code cells as Jupyter would and prints every panel each figure drew, one JSON line
("panel {...}") each: its title, axis labels and scales, y limits, legend entries, the labels of its lines, and the
colours of its scattered points with the values they stand at. Usage: notebook_panels.py NOTEBOOK.ipynb (run in the
notebook's folder, which Jupyter puts on the path)."""

import json
import os
import sys

sys.path.insert(0, os.getcwd())
import matplotlib

matplotlib.use("Agg")
import matplotlib.colors as mcolors
import matplotlib.pyplot as plt

figures = []


def show(*args, **kwargs):
    panels = []
    plt.gcf().canvas.draw()  # a scatter's colours from its values are computed when it is drawn
    for ax in plt.gcf().axes:
        if not ax.get_visible():
            continue
        legend = ax.get_legend()
        points = []
        for collection in ax.collections:
            offsets = collection.get_offsets()
            colours = collection.get_facecolors()
            for k, (x, y) in enumerate(offsets):
                if len(colours):
                    colour = mcolors.to_hex(colours[k % len(colours)])
                    points.append([float(x), float(y), colour])
        panels.append({
            "title": ax.get_title(), "x": ax.get_xlabel(), "y": ax.get_ylabel(),
            "xscale": ax.get_xscale(), "yscale": ax.get_yscale(), "ylim": [float(v) for v in ax.get_ylim()],
            "legend": [t.get_text() for t in legend.get_texts()] if legend is not None else [],
            "lines": [line.get_label() for line in ax.get_lines()],
            "points": points,
        })
    figures.append(panels)
    plt.close("all")


plt.show = show
notebook = json.load(open(sys.argv[1], encoding="utf-8"))
env = {"display": lambda obj: None}
for cell in notebook["cells"]:
    if cell["cell_type"] == "code":
        exec(compile("".join(cell["source"]), cell["id"], "exec"), env)
print("figures", len(figures))
for number, panels in enumerate(figures):
    for panel in panels:
        panel["figure"] = number
        print("panel", json.dumps(panel, ensure_ascii=False))
