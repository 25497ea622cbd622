package aedyn.report;

import static aedyn.report.Plots.MAX_COLUMNS;
import static aedyn.report.Plots.PANEL_HEIGHT;
import static aedyn.report.Plots.PANEL_WIDTH;
import aedyn.data.HadoopFiles;
import aedyn.report.Plots.Written;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.knowm.xchart.internal.chartpart.Chart;
import de.erichseifert.vectorgraphics2d.Document;
import de.erichseifert.vectorgraphics2d.svg.SVGProcessor;
import de.erichseifert.vectorgraphics2d.util.PageSize;

/** A study's plots encoded as PNG and SVG files under plots/. */
final class PlotFiles {
  private PlotFiles() {}

  // ---------------------------------------------------------------- encoding

  static int columns(int panels) {
    return Math.max(1, Math.min(MAX_COLUMNS, panels));
  }

  /** All panels side by side (at most three a row) in one PNG. */
  static byte[] png(List<Chart<?, ?>> charts) throws IOException {
    int cols = columns(charts.size());
    int rows = (charts.size() + cols - 1) / cols;
    BufferedImage img =
        new BufferedImage(cols * PANEL_WIDTH, rows * PANEL_HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, img.getWidth(), img.getHeight());
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    paintGrid(g, charts, cols);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "png", out);
    return out.toByteArray();
  }

  /** The same layout as an SVG document (VectorGraphics2D, which XChart's own SVG export uses). */
  static byte[] svg(List<Chart<?, ?>> charts) throws IOException {
    int cols = columns(charts.size());
    int rows = (charts.size() + cols - 1) / cols;
    // labels as <text>, not glyph outlines: a reader can search and copy them
    PlotText g = new PlotText(true);
    for (int i = 0; i < charts.size(); i++) {
      g.expect(charts.get(i));
      paintGrid(g, charts.subList(i, i + 1), 1, i, cols);
    }
    Document doc = new SVGProcessor().getDocument(g.getCommands(),
        new PageSize(0, 0, cols * PANEL_WIDTH, rows * PANEL_HEIGHT));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    doc.writeTo(out);
    // VectorGraphics2D leaves out the size of text in its default font (12): a browser would draw it at 16 px
    String svg = out.toString(java.nio.charset.StandardCharsets.UTF_8)
        .replaceAll("(<text style=\"(?:(?!font-size)[^\"])*?)\"", "$1font-size:12px;\"");
    return svg.getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  static void paintGrid(Graphics2D g, List<Chart<?, ?>> charts, int cols) {
    paintGrid(g, charts, charts.size(), 0, cols);
  }

  /** Paints count charts as the panels first, first + 1, ... of a grid of cols columns. */
  static void paintGrid(Graphics2D g, List<Chart<?, ?>> charts, int count, int first, int cols) {
    for (int k = 0; k < count; k++) {
      int i = first + k;
      Graphics2D sub = (Graphics2D) g.create();
      sub.translate((i % cols) * PANEL_WIDTH, (i / cols) * PANEL_HEIGHT);
      sub.setClip(0, 0, PANEL_WIDTH, PANEL_HEIGHT);
      charts.get(k).paint(sub, PANEL_WIDTH, PANEL_HEIGHT);
      sub.dispose();
    }
  }


  /** One plot's encoded files. */
  private record Rendered(PlotSpec spec, byte[] png, byte[] svg, int panels) {}

  /**
   * Renders every planned plot of the study into plotsDir as NAME.png and NAME.svg. Plots are independent, so
   * they are drawn on one thread per core (the SVG encoding dominates a study's report time), then written in order.
   */
  static List<Written> writeAll(StudyResults r, FileSystem fs, Path plotsDir)
      throws IOException {
    HadoopFiles.mkdirs(fs, plotsDir);
    List<PlotSpec> specs = PlotPlan.plan(r);
    int threads = Math.max(1, Math.min(specs.size(), Runtime.getRuntime().availableProcessors()));
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Rendered>> futures = new ArrayList<>();
      for (PlotSpec spec : specs) {
        futures.add(pool.submit(() -> {
          List<Chart<?, ?>> charts = PlotCharts.draw(spec, r);
          return charts.isEmpty() ? null : new Rendered(spec, png(charts), svg(charts), charts.size());
        }));
      }
      List<Written> written = new ArrayList<>();
      for (Future<Rendered> f : futures) {
        Rendered p = f.get();
        if (p == null) continue;
        write(fs, new Path(plotsDir, p.spec().name() + ".png"), p.png());
        write(fs, new Path(plotsDir, p.spec().name() + ".svg"), p.svg());
        written.add(new Written(p.spec(), p.spec().name() + ".png", p.spec().name() + ".svg", p.panels(), p.png()));
      }
      return written;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while drawing plots", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof IOException io ? io : new IOException("drawing a plot failed", e.getCause());
    } finally {
      pool.shutdown();
    }
  }

  static void write(FileSystem fs, Path p, byte[] bytes) throws IOException {
    HadoopFiles.writeAtomically(fs, p, out -> out.write(bytes));
  }
}
