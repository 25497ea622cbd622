package aedyn.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The exported notebook's Python: its code cells, from the template aedyn/notebook/cells.py.in, and the module
 * they call, aedyn/notebook/aedyn_plots.py, both resources of the project (no Python lives in Java strings).
 */
final class NotebookCells {
  private NotebookCells() {}

  /** The module the plot cells call, shipped beside every exported notebook. */
  static final String MODULE = "aedyn_plots.py";

  private static final Map<String, String> CELLS = parse(resource("cells.py.in"));

  static String resource(String name) {
    try (InputStream in = NotebookCells.class.getResourceAsStream("/aedyn/notebook/" + name)) {
      if (in == null) throw new IllegalStateException("resource aedyn/notebook/" + name + " is missing");
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The template's cells by name: each "# %% NAME" line starts one, which runs to the next (blank ends trimmed). */
  static Map<String, String> parse(String template) {
    Map<String, String> cells = new LinkedHashMap<>();
    String name = null;
    StringBuilder body = new StringBuilder();
    for (String line : (template + "\n# %% end").split("\n", -1)) {
      if (line.startsWith("# %% ")) {
        if (name != null) cells.put(name, body.toString().strip());
        name = line.substring("# %% ".length()).strip();
        body.setLength(0);
      } else if (name != null) {
        body.append(line).append('\n');
      }
    }
    return cells;
  }

  /**
   * The cell {@code name} with each {@code @KEY@} replaced by its value as a JSON string or list of strings
   * (a Python literal too).
   */
  static String cell(String name, Map<String, Object> fill) {
    String text = CELLS.get(name);
    if (text == null) throw new IllegalArgumentException("no cell " + name + " in cells.py.in");
    for (Map.Entry<String, Object> e : fill.entrySet()) {
      String literal = e.getValue() instanceof List<?> l
          ? "[" + String.join(", ", l.stream().map(v -> Json.quote((String) v)).toList()) + "]"
          : Json.quote((String) e.getValue());
      text = text.replace("@" + e.getKey() + "@", literal);
    }
    return text;
  }

  static String cell(String name) {
    return cell(name, Map.of());
  }
}
