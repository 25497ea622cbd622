package aedyn.cli;

import aedyn.config.ConfigProblem;
import aedyn.config.DataSettings;
import aedyn.config.RunSettings;
import aedyn.config.SettingsReader;
import aedyn.data.GroundTruth;
import aedyn.data.Npy;
import aedyn.data.SampleBlock;
import aedyn.data.SampleGenerator;
import aedyn.data.SampleSource;
import aedyn.data.Seeds;
import aedyn.report.Json;
import aedyn.report.RunManifest;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code ExportSamples RUN_DIR OUT_DIR}: the samples of a finished run of generated data, redrawn from its data seed
 * (the data set is a function of seed, N and the model parameters alone, SPEC section 1), as OUT_DIR/Y.npy of shape
 * (n, N) (one sample a column, as in SPEC), the ground truth OUT_DIR/A.npy (n, m), and OUT_DIR/settings.json (the
 * run's init.kind and data sizes). A local run directory only.
 */
public final class ExportSamples {
    private ExportSamples() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2 || args[0].equals("-h") || args[0].equals("--help")) {
            System.err.println("usage: aedyn.cli.ExportSamples RUN_DIR OUT_DIR\n"
                    + "  writes OUT_DIR/Y.npy (n, N) and OUT_DIR/A.npy (n, m) of a run of generated data");
            System.exit(args.length == 2 ? 0 : 2);
        }
        Path run = Path.of(args[0]);
        Path out = Path.of(args[1]);
        Config conf = ConfigFactory.parseFile(run.resolve("run.conf").toFile()).resolve();
        List<ConfigProblem> problems = new ArrayList<>();
        RunSettings s = SettingsReader.read(conf, problems);
        if (s == null) {
            System.err.println("aedyn: " + run.resolve("run.conf") + ": " + problems.get(0));
            System.exit(2);
        }
        DataSettings d = s.data();
        if (d.fromFile()) {
            System.err.println("aedyn: data.model = file: the samples are already in " + d.path());
            System.exit(2);
        }
        if (d.fresh()) {
            System.err.println("aedyn: data.fresh = true: the run drew new samples every iteration, there is no one data set to export");
            System.exit(2);
        }
        RunManifest manifest = RunManifest.read(Files.readString(run.resolve("run.json")));
        long dataSeed = manifest.origin().dataSeed();
        // As the study runner draws them: A from the data seed's stream 1, the samples from its stream 2.
        GroundTruth truth = GroundTruth.draw(d.n(), d.m(), Seeds.derive(dataSeed, 1));
        SampleGenerator g = new SampleGenerator(d.codes(), truth.a(), d.n(), d.noiseSigma(), Seeds.derive(dataSeed, 2));
        SampleSource source = SampleSource.generated(g, d.samples());
        if (source.size() * d.n() > Integer.MAX_VALUE - 16) {
            System.err.println("aedyn: " + source.size() + " samples of dimension " + d.n() + " do not fit one array");
            System.exit(2);
        }
        double[] y = new double[(int) (source.size() * d.n())];
        int at = 0;
        for (int b = 0; b < source.blockCount(); b++) {
            SampleBlock block = source.block(b, 0);
            System.arraycopy(block.y(), 0, y, at, block.count() * d.n());
            at += block.count() * d.n();
        }
        Files.createDirectories(out);
        try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(out.resolve("Y.npy")))) {
            Npy.writeMatrix(o, d.n(), (int) source.size(), y);
        }
        try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(out.resolve("A.npy")))) {
            Npy.writeMatrix(o, d.n(), d.m(), truth.a());
        }
        Map<String, Object> settings = new java.util.LinkedHashMap<>();
        settings.put("init", conf.getString("init.kind"));
        settings.put("model", d.model().label());
        settings.put("n", d.n());
        settings.put("m", d.m());
        settings.put("k", d.k());
        settings.put("samples", source.size());
        settings.put("noise_sigma", d.noiseSigma());
        Files.writeString(out.resolve("settings.json"), Json.write(settings));
        System.out.println("samples " + out.resolve("Y.npy") + " (" + d.n() + ", " + source.size() + "), dictionary "
                + out.resolve("A.npy") + " (" + d.n() + ", " + d.m() + ")");
    }
}
