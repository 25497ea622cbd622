package aedyn.study;

import aedyn.data.HadoopFiles;
import aedyn.report.Json;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.apache.hadoop.conf.Configuration;

import java.io.IOException;

/**
 * A finished run's _SUCCESS: the length and CRC32 of what --resume reads back of it (metrics.csv and run.json), so
 * that a damaged file is found even where it still parses. Written last, it marks the run's directory complete; an
 * empty one (written before the checks were recorded) checks nothing.
 */
record RunSeal(@JsonProperty("metrics.csv") Checkpoints.Check metrics, @JsonProperty("run.json") Checkpoints.Check runJson) {
    static final String FILE = "_SUCCESS";
    static final RunSeal NONE = new RunSeal(null, null);

    /** The seal of the files as written. */
    static RunSeal of(byte[] metrics, byte[] runJson) {
        return new RunSeal(Checkpoints.Check.of(metrics), Checkpoints.Check.of(runJson));
    }

    /** The seal of the files as they now are in {@code dir}. */
    static RunSeal of(String dir, Configuration hadoop) throws IOException {
        return of(HadoopFiles.readAll(dir + "/metrics.csv", hadoop), HadoopFiles.readAll(dir + "/run.json", hadoop));
    }

    void write(String dir, Configuration hadoop) throws IOException {
        HadoopFiles.writeText(dir + "/" + FILE, hadoop, Json.write(this));
    }

    /** The seal in {@code dir}; a damaged one is named as such. */
    static RunSeal read(String dir, Configuration hadoop) throws IOException {
        String text = HadoopFiles.readText(dir + "/" + FILE, hadoop);
        if (text.isBlank()) return NONE;
        try {
            return Json.read(text, RunSeal.class);
        } catch (RuntimeException e) {
            throw new Checkpoints.Damaged(dir + "/" + FILE + " is not parseable (" + e.getMessage() + ")");
        }
    }
}
