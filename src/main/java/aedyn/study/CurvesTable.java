package aedyn.study;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * One tidy table of a study beside summary.csv: every run's learning curve, one row per run and
 * iteration, with the run's name, status, trial and grid values as columns before its metrics.csv
 * columns (empty where a run has no such metric). Written twice: curves.csv, and curves.parquet by
 * Spark's own DataFrame writer as one file, so that pandas.read_parquet or spark.read.parquet reads a
 * whole study at once. The rows are copied from each run's metrics.csv as written, so both tables
 * hold its values exactly.
 */
final class CurvesTable {
  private CurvesTable() {}

  /** A run's learning curve as its metrics.csv holds it: the header and the rows' cells. */
  record Curve(RunOutcome run, List<String> header, List<String[]> rows) {}

  /** Writes out/curves.csv and out/curves.parquet from the runs' metrics.csv files. */
  static void write(String out, List<String> gridKeys, List<RunOutcome> outcomes, JavaSparkContext sc)
      throws IOException {
    Configuration hadoop = sc.hadoopConfiguration();
    List<Curve> curves = new ArrayList<>();
    for (RunOutcome o : outcomes) {
      String path = out + "/runs/" + o.spec().name() + "/metrics.csv";
      curves.add(read(o, HadoopFiles.exists(path, hadoop) ? HadoopFiles.readText(path, hadoop) : ""));
    }
    List<String> metrics = metricColumns(curves);
    HadoopFiles.writeText(out + "/curves.csv", hadoop, csv(gridKeys, metrics, curves));
    writeParquet(out + "/curves.parquet", gridKeys, metrics, curves, sc);
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
          .append(c.run().status()).append(',').append(c.run().spec().trial());
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
   * The same table as Parquet: iteration as an integer, metrics as doubles (null where undefined),
   * grid keys as integers, doubles or strings as all their values allow.
   */
  static void writeParquet(String path, List<String> gridKeys, List<String> metrics, List<Curve> curves,
      JavaSparkContext sc) {
    List<StructField> fields = new ArrayList<>(List.of(DataTypes.createStructField("run", DataTypes.StringType, false),
        DataTypes.createStructField("status", DataTypes.StringType, false),
        DataTypes.createStructField("trial", DataTypes.IntegerType, false)));
    List<DataType> gridTypes = new ArrayList<>();
    for (String key : gridKeys) {
      DataType t = gridType(curves.stream().map(c -> c.run().spec().gridPoint().get(key)).toList());
      gridTypes.add(t);
      fields.add(DataTypes.createStructField(key, t, true));
    }
    for (String m : metrics) {
      fields.add(DataTypes.createStructField(m, m.equals("iteration") ? DataTypes.IntegerType : DataTypes.DoubleType,
          true));
    }
    List<Row> rows = new ArrayList<>();
    for (Curve c : curves) {
      for (String[] row : c.rows()) {
        List<Object> values = new ArrayList<>(List.of(c.run().spec().name(), c.run().status(), c.run().spec().trial()));
        for (int k = 0; k < gridKeys.size(); k++) {
          values.add(gridValue(c.run().spec().gridPoint().get(gridKeys.get(k)), gridTypes.get(k)));
        }
        for (String m : metrics) {
          String v = cell(c, row, m);
          values.add(v.isEmpty() ? null : m.equals("iteration") ? (Object) Integer.valueOf(v) : Double.valueOf(v));
        }
        rows.add(RowFactory.create(values.toArray()));
      }
    }
    // the study's own SparkContext: getOrCreate finds it running and shares it
    SparkSession spark = SparkSession.builder().config(sc.getConf()).getOrCreate();
    sc.setJobDescription("aedyn: " + path); // named in the Spark UI like the study's other jobs
    try {
      spark.createDataFrame(rows, new StructType(fields.toArray(StructField[]::new)))
          .coalesce(1).write().mode(SaveMode.Overwrite).parquet(path);
    } finally {
      sc.setJobDescription(null);
    }
  }

  /** Long when every value is an integer, double when every value is a number, else string (HOCON's types). */
  static DataType gridType(List<Object> values) {
    boolean integers = true;
    for (Object v : values) {
      if (!(v instanceof Number)) return DataTypes.StringType;
      integers &= v instanceof Integer || v instanceof Long;
    }
    return integers ? DataTypes.LongType : DataTypes.DoubleType;
  }

  static Object gridValue(Object v, DataType t) {
    if (t == DataTypes.LongType) return ((Number) v).longValue();
    if (t == DataTypes.DoubleType) return ((Number) v).doubleValue();
    return String.valueOf(v);
  }
}
