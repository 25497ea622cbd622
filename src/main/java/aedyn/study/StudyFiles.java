package aedyn.study;

import aedyn.config.ConfigException;
import aedyn.config.ConfigProblem;
import aedyn.data.HadoopFiles;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValueFactory;
import org.apache.hadoop.conf.Configuration;

import java.io.IOException;
import java.util.List;

/** A study's configuration merged from its file, the command line's --set and --out, and reference.conf. */
final class StudyFiles {
    private StudyFiles() {
    }

    /** The defaults every study starts from. */
    static Config reference() {
        return ConfigFactory.parseResources(StudyPlan.class.getClassLoader(), "reference.conf");
    }

    /**
     * The study file {@code confPath} (any Hadoop path) with {@code overrides} ("key=value", HOCON values) and
     * {@code outOverride} (the study directory, or null) over it and {@code reference} under it, resolved. A bad
     * --set is added to {@code problems}; an unreadable file or unresolvable substitutions throw at once.
     */
    static Config merge(String confPath, List<String> overrides, String outOverride, Configuration hadoop,
                        Config reference, List<ConfigProblem> problems) {
        Config user;
        try {
            user = parseStudyFile(confPath, hadoop);
        } catch (IOException e) {
            throw new ConfigException(confPath, List.of(new ConfigProblem("study file", confPath,
                    "a readable HOCON file (" + e.getMessage() + ")")));
        } catch (com.typesafe.config.ConfigException e) {
            throw new ConfigException(confPath, List.of(new ConfigProblem("study file", confPath,
                    "valid HOCON: " + e.getMessage())));
        }
        Config cli = ConfigFactory.empty();
        for (String o : overrides) {
            int eq = o.indexOf('=');
            if (eq <= 0) {
                problems.add(new ConfigProblem("--set", o, "key=value, for example data.samples=100000"));
                continue;
            }
            try {
                cli = ConfigFactory.parseString(o, ConfigParseOptions.defaults().setOriginDescription("--set " + o)).withFallback(cli);
            } catch (com.typesafe.config.ConfigException e) {
                problems.add(new ConfigProblem("--set", o, "key=value with a HOCON value: " + e.getMessage()));
                continue;
            }
            // A grid given on the command line is the study's grid: HOCON would merge it with the file's.
            if (setsWholeGrid(o.substring(0, eq))) user = user.withoutPath("study.grid");
        }
        if (outOverride != null) {
            cli = cli.withValue("study.output", ConfigValueFactory.fromAnyRef(outOverride, "--out"));
        }
        Config given = cli.withFallback(user);
        try {
            return given.withFallback(reference).resolve();
        } catch (com.typesafe.config.ConfigException e) {
            problems.add(new ConfigProblem("study file", confPath, "resolvable substitutions: " + e.getMessage()));
            throw new ConfigException(confPath, problems);
        }
    }

    /** True when the key of a --set is study.grid itself (not one of its entries). */
    static boolean setsWholeGrid(String key) {
        try {
            return ConfigUtil.splitPath(key.trim()).equals(List.of("study", "grid"));
        } catch (com.typesafe.config.ConfigException e) {
            return false;
        }
    }

    /**
     * A local study file is parsed as a file, so that {@code include "other.conf"} resolves next to it; a file on
     * a remote Hadoop file system is read whole and parsed as text (its includes are not followed).
     */
    private static Config parseStudyFile(String confPath, Configuration hadoop) throws IOException {
        java.net.URI uri = new org.apache.hadoop.fs.Path(confPath).toUri();
        ConfigParseOptions options = ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF).setAllowMissing(false);
        if (uri.getScheme() == null || "file".equals(uri.getScheme())) {
            java.io.File file = new java.io.File(uri.getPath());
            if (file.isDirectory()) throw new java.io.FileNotFoundException(confPath + " is a directory");
            if (!file.isFile()) throw new java.io.FileNotFoundException(confPath + " does not exist");
            if (!file.canRead()) throw new java.io.FileNotFoundException(confPath + " is not readable (permission denied)");
            return ConfigFactory.parseFile(file, options);
        }
        return ConfigFactory.parseString(HadoopFiles.readText(confPath, hadoop), options.setOriginDescription(confPath));
    }
}
