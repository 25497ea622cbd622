package aedyn.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A parsed CSV file: a header and rows of cells, all as text (an empty cell stays ""). RFC 4180
 * quoting is understood; this is all the study outputs need, so no CSV library is pulled in.
 */
public record Csv(List<String> header, List<List<String>> rows) {

  public Csv {
    header = List.copyOf(header);
    List<List<String>> copy = new ArrayList<>(rows.size());
    for (List<String> r : rows) copy.add(Collections.unmodifiableList(new ArrayList<>(r)));
    rows = Collections.unmodifiableList(copy);
  }

  /** Parses CSV text whose first record is the header; blank lines are skipped. */
  public static Csv parse(String text) {
    Objects.requireNonNull(text, "text");
    List<List<String>> records = new ArrayList<>();
    List<String> record = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    boolean cellStarted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"') {
          if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
            cell.append('"');
            i++;
          } else {
            quoted = false;
          }
        } else {
          cell.append(c);
        }
      } else if (c == '"') {
        quoted = true;
        cellStarted = true;
      } else if (c == ',') {
        record.add(cell.toString());
        cell.setLength(0);
        cellStarted = true;
      } else if (c == '\n' || c == '\r') {
        if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') i++;
        if (cellStarted || cell.length() > 0 || !record.isEmpty()) {
          record.add(cell.toString());
          records.add(record);
        }
        record = new ArrayList<>();
        cell.setLength(0);
        cellStarted = false;
      } else {
        cell.append(c);
        cellStarted = true;
      }
    }
    if (cellStarted || cell.length() > 0 || !record.isEmpty()) {
      record.add(cell.toString());
      records.add(record);
    }
    if (records.isEmpty()) throw new IllegalArgumentException("CSV text has no header line");
    List<String> header = records.get(0);
    List<List<String>> rows = new ArrayList<>();
    for (int r = 1; r < records.size(); r++) {
      List<String> row = new ArrayList<>(records.get(r));
      while (row.size() < header.size()) row.add("");
      rows.add(row);
    }
    return new Csv(header, rows);
  }

  public boolean has(String column) {
    return header.contains(column);
  }

  public int index(String column) {
    int i = header.indexOf(column);
    if (i < 0) throw new IllegalArgumentException("no column '" + column + "' in " + header);
    return i;
  }

  public int size() {
    return rows.size();
  }

  public String cell(int row, String column) {
    return rows.get(row).get(index(column));
  }

  /** The column as numbers; an empty or unparsable cell becomes NaN (the contract's "undefined"). */
  public double[] doubles(String column) {
    int c = index(column);
    double[] out = new double[rows.size()];
    for (int r = 0; r < out.length; r++) out[r] = toDouble(rows.get(r).get(c));
    return out;
  }

  public List<String> strings(String column) {
    int c = index(column);
    List<String> out = new ArrayList<>(rows.size());
    for (List<String> row : rows) out.add(row.get(c));
    return out;
  }

  /** Row r as column → cell, in header order. */
  public Map<String, String> row(int r) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int c = 0; c < header.size(); c++) m.put(header.get(c), rows.get(r).get(c));
    return m;
  }

  public static double toDouble(String s) {
    if (s == null || s.isBlank()) return Double.NaN;
    try {
      return Double.parseDouble(s.trim());
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  public static boolean isNumber(String s) {
    if (s == null || s.isBlank()) return false;
    try {
      Double.parseDouble(s.trim());
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
