package aedyn.cli;

import aedyn.study.Asymptotics;
import aedyn.study.Analysis;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.apache.hadoop.conf.Configuration;

/**
 * {@code submit/analyze STUDY_DIR [KIND]}: recomputes a finished study's analysis.csv (KIND defaults to the
 * study's study.analysis) and prints it. Exit codes as Main: 0 done, 2 bad arguments or directory, 4 internal error.
 */
public final class Analyze {
    private Analyze() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        if (args.length < 1 || args.length > 2 || args[0].startsWith("-")) {
            System.err.println("usage: submit/analyze STUDY_DIR [" + String.join("|", Analysis.names().subList(1, Analysis.names().size())) + "]");
            return args.length == 1 && (args[0].equals("-h") || args[0].equals("--help")) ? Main.OK : Main.BAD_INPUT;
        }
        Configuration hadoop = new Configuration();
        try {
            String kind = args.length == 2 ? args[1] : null;
            if (kind == null) {
                Config saved = ConfigFactory.parseString(aedyn.data.HadoopFiles.readText(args[0] + "/study.conf", hadoop));
                kind = saved.hasPath("study.analysis") ? saved.getString("study.analysis") : Analysis.NONE.label();
            }
            if (!Analysis.names().contains(kind) || Analysis.named(kind) == Analysis.NONE) {
                System.err.println("aedyn: analysis = " + kind + ": one of "
                        + String.join(", ", Analysis.names().subList(1, Analysis.names().size()))
                        + " (give it after STUDY_DIR when the study's study.analysis is none)");
                return Main.BAD_INPUT;
            }
            System.out.print(Asymptotics.analyze(args[0], Analysis.named(kind), hadoop).text());
            System.err.println("aedyn: wrote " + args[0] + "/" + Asymptotics.FILE);
            return Main.OK;
        } catch (java.io.IOException | IllegalArgumentException e) {
            System.err.println("aedyn: " + e.getMessage());
            return Main.BAD_INPUT;
        } catch (RuntimeException e) {
            e.printStackTrace(System.err);
            return Main.INTERNAL;
        }
    }
}
