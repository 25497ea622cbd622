package aedyn.config;

import aedyn.data.GaussianSpectrum;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The data options' keys read one by one: the gaussian and idx models' and metrics.energy-blocks. */
final class DataOptionsReader {
    private DataOptionsReader() {
    }

    /** The keys of the gaussian and idx models and metrics.energy-blocks (SPEC sections 6 and 7). */
    static DataOptions read(KeyReader r) {
        List<GaussianSpectrum.Block> spectrum = spectrum(r);
        double bulk = r.number("data.bulk", 0, Double.MAX_VALUE, "a finite number >= 0 (the eigenvalue of the rest of n)");
        boolean rotate = r.bool("data.rotate");
        String scaleText = r.string("data.scale");
        double scale = 1.0 / 255;
        try {
            scale = Expression.parse(scaleText).evaluate(Map.of());
            if (!(scale > 0) || !Double.isFinite(scale)) {
                r.problem("data.scale", KeyReader.quote(scaleText) + " (= " + scale + ")", "a number > 0 or an expression such as \"1/255\"");
            }
        } catch (IllegalArgumentException e) {
            r.problem("data.scale", KeyReader.quote(scaleText), "a number > 0 or an expression such as \"1/255\"; " + e.getMessage());
        }
        boolean center = r.bool("data.center");
        long limit = r.longIn("data.limit", 0, Integer.MAX_VALUE);
        String key = "metrics.energy-blocks";
        List<Integer> ranks = r.record(key, List.of());
        try {
            ranks = r.record(key, r.config().getIntList(key));
            for (int rank : ranks) {
                if (rank < 1) r.problem(key, ranks, "a list of ranks >= 1 (for example [1, 4, 15]: directions 1, 2-5, 6-20)");
            }
        } catch (ConfigException e) {
            r.problem(key, r.render(key), "a list of ranks >= 1 (for example [1, 4, 15]), empty for none");
        }
        return new DataOptions(spectrum, bulk, rotate, scale, center, limit, ranks);
    }

    /** data.spectrum: a list of {dim, eigenvalue}, largest eigenvalue first (its span is a cross-key rule). */
    private static List<GaussianSpectrum.Block> spectrum(KeyReader r) {
        String key = "data.spectrum";
        List<? extends Config> items;
        try {
            items = r.config().getConfigList(key);
        } catch (ConfigException e) {
            r.problem(key, r.render(key), CrossKeyRules.SPECTRUM_SHAPE);
            return r.record(key, List.of());
        }
        List<GaussianSpectrum.Block> blocks = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            Config item = items.get(i);
            String at = key + "[" + i + "]";
            for (String k : item.root().keySet()) {
                if (!k.equals("dim") && !k.equals("eigenvalue")) r.problem(at + "." + k, KeyReader.render(item, k), "not a key of a block: dim, eigenvalue");
            }
            int dim = 0;
            double eigenvalue = -1;
            try {
                dim = item.getInt("dim");
                if (dim < 1) r.problem(at + ".dim", dim, "an integer >= 1");
            } catch (ConfigException e) {
                r.problem(at + ".dim", KeyReader.render(item, "dim"), "an integer >= 1");
            }
            try {
                eigenvalue = item.getDouble("eigenvalue");
                if (!(eigenvalue >= 0) || !Double.isFinite(eigenvalue)) r.problem(at + ".eigenvalue", eigenvalue, "a finite number >= 0");
            } catch (ConfigException e) {
                r.problem(at + ".eigenvalue", KeyReader.render(item, "eigenvalue"), "a finite number >= 0");
            }
            if (dim < 1 || !(eigenvalue >= 0) || !Double.isFinite(eigenvalue)) continue;
            if (!blocks.isEmpty() && eigenvalue > blocks.get(blocks.size() - 1).eigenvalue()) {
                r.problem(at + ".eigenvalue", eigenvalue, "at most the previous block's " + blocks.get(blocks.size() - 1).eigenvalue()
                        + " (blocks come largest eigenvalue first, so that energy_1 is the top block's)");
                continue;
            }
            blocks.add(new GaussianSpectrum.Block(dim, eigenvalue));
        }
        return r.record(key, blocks);
    }
}
