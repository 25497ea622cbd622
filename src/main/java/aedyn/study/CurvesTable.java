package aedyn.study;

import aedyn.data.HadoopFiles;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;

/**
 * One tidy table of a study beside summary.csv: every run's learning curve, one row per run and
 * iteration, with the run's name, status, trial and grid values as columns before its metrics.csv
 * columns (empty where a run has no such metric). Written twice: curves.csv, and curves.parquet as
 * one Parquet file, so that pandas.read_parquet or spark.read.parquet reads a
 * whole study at once. The rows are copied from each run's metrics.csv as written, so both tables
 * hold its values exactly.
 */
final class CurvesTable {
  private CurvesTable() {}

  /** A run's learning curve as its metrics.csv holds it: the header and the rows' cells. */
  record Curve(RunOutcome run, List<String> header, List<String[]> rows) {}

  /** Writes out/curves.csv and out/curves.parquet from the runs' metrics.csv files. */
  static void write(String out, List<String> gridKeys, List<RunOutcome> outcomes, Configuration hadoop)
      throws IOException {
    List<Curve> curves = new ArrayList<>();
    for (RunOutcome o : outcomes) {
      String path = out + "/runs/" + o.spec().name() + "/metrics.csv";
      curves.add(read(o, HadoopFiles.exists(path, hadoop) ? HadoopFiles.readText(path, hadoop) : ""));
    }
    List<String> metrics = metricColumns(curves);
    HadoopFiles.writeText(out + "/curves.csv", hadoop, csv(gridKeys, metrics, curves));
    writeParquet(out + "/curves.parquet", gridKeys, metrics, curves, hadoop);
  }

  static Curve read(RunOutcome run, String metricsCsv) {
    List<String> header = List.of();
    List<String[]> rows = new ArrayList<>();
    for (String line : metricsCsv.split("\n")) {
      if (line.isEmpty()) continue;
      if (header.isEmpty()) header = List.of(line.split(",", -1));
      else rows.add(line.split(",", -1));
    }
    return new Curve(run, header, rows);
  }

  /** iteration, then every metric column of any run in first-seen order. */
  static List<String> metricColumns(List<Curve> curves) {
    Set<String> names = new LinkedHashSet<>(List.of("iteration"));
    for (Curve c : curves) names.addAll(c.header());
    return List.copyOf(names);
  }

  /** The run's cell of a column, "" when the run has no such column. */
  static String cell(Curve c, String[] row, String column) {
    int i = c.header().indexOf(column);
    return i >= 0 && i < row.length ? row[i] : "";
  }

  static String csv(List<String> gridKeys, List<String> metrics, List<Curve> curves) {
    List<String> header = new ArrayList<>(List.of("run", "status", "trial"));
    header.addAll(gridKeys);
    header.addAll(metrics);
    StringBuilder sb = new StringBuilder(String.join(",", header)).append('\n');
    for (Curve c : curves) {
      StringBuilder prefix = new StringBuilder(Summary.csvText(c.run().spec().name())).append(',')
          .append(c.run().status().label()).append(',').append(c.run().spec().trial());
      for (String key : gridKeys) {
        prefix.append(',').append(Summary.csvText(String.valueOf(c.run().spec().gridPoint().get(key))));
      }
      for (String[] row : c.rows()) {
        sb.append(prefix);
        for (String m : metrics) sb.append(',').append(cell(c, row, m));
        sb.append('\n');
      }
    }
    return sb.toString();
  }

  /**
   * The same table as Parquet, written by parquet-hadoop (the writer under Spark's own) as out/curves.parquet/part-00000.parquet
   * beside a _SUCCESS, the layout Spark's DataFrame writer gives: iteration as int32, metrics as doubles (null where
   * undefined), grid keys as int64, doubles or strings as all their values allow. Not through a DataFrame: Spark SQL's
   * first query in a JVM cost 6.9 s of a 57 s study (ntk-width), for a table of a few thousand rows.
   */
  static void writeParquet(String path, List<String> gridKeys, List<String> metrics, List<Curve> curves,
      Configuration hadoop) throws IOException {
    Types.MessageTypeBuilder schema = Types.buildMessage();
    schema.required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("run");
    schema.required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("status");
    schema.required(PrimitiveTypeName.INT32).named("trial");
    List<PrimitiveTypeName> gridTypes = new ArrayList<>();
    for (String key : gridKeys) {
      PrimitiveTypeName t = gridType(curves.stream().map(c -> c.run().spec().gridPoint().get(key)).toList());
      gridTypes.add(t);
      if (t == PrimitiveTypeName.BINARY) schema.optional(t).as(LogicalTypeAnnotation.stringType()).named(key);
      else schema.optional(t).named(key);
    }
    for (String m : metrics) {
      schema.optional(m.equals("iteration") ? PrimitiveTypeName.INT32 : PrimitiveTypeName.DOUBLE).named(m);
    }
    MessageType type = schema.named("spark_schema");
    HadoopFiles.delete(path, hadoop, true);
    SimpleGroupFactory groups = new SimpleGroupFactory(type);
    try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(new Path(path, "part-00000.parquet"))
        .withConf(hadoop).withType(type).withCompressionCodec(CompressionCodecName.SNAPPY).build()) {
      for (Curve c : curves) {
        for (String[] row : c.rows()) {
          Group g = groups.newGroup().append("run", c.run().spec().name()).append("status", c.run().status().label())
              .append("trial", c.run().spec().trial());
          for (int k = 0; k < gridKeys.size(); k++) {
            Object v = c.run().spec().gridPoint().get(gridKeys.get(k));
            switch (gridTypes.get(k)) {
              case INT64 -> g.append(gridKeys.get(k), ((Number) v).longValue());
              case DOUBLE -> g.append(gridKeys.get(k), ((Number) v).doubleValue());
              default -> g.append(gridKeys.get(k), String.valueOf(v));
            }
          }
          for (String m : metrics) {
            String v = cell(c, row, m);
            if (v.isEmpty()) continue; // null
            if (m.equals("iteration")) g.append(m, Integer.parseInt(v));
            else g.append(m, Double.parseDouble(v));
          }
          writer.write(g);
        }
      }
    }
    HadoopFiles.writeText(path + "/_SUCCESS", hadoop, "");
  }

  /** Long when every value is an integer, double when every value is a number, else string (HOCON's types). */
  static PrimitiveTypeName gridType(List<Object> values) {
    boolean integers = true;
    for (Object v : values) {
      if (!(v instanceof Number)) return PrimitiveTypeName.BINARY;
      integers &= v instanceof Integer || v instanceof Long;
    }
    return integers ? PrimitiveTypeName.INT64 : PrimitiveTypeName.DOUBLE;
  }
}
