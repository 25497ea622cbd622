package aedyn.train;

import java.util.List;

/** The name the loop gives each pass's Spark job, so the Spark UI shows which runs at which iteration it carries. */
public final class JobDescription {
    private JobDescription() {
    }

    /**
     * The description of a pass's Spark job (shown in the Spark UI): the runs it carries, each at its iteration s of
     * T. "aedyn fig2/r1: iteration 3/50" for one run; "aedyn iteration 3/50 of 2 runs: fig2/r1, fig2/r2" for a cohort
     * in step; "aedyn 2 runs: fig2/r1 3/50, fig2/r2 7/100" otherwise.
     */
    public static String of(List<String> runNames, int[] iterations, int[] totals) {
        if (runNames.size() == 1) return "aedyn " + runNames.get(0) + ": iteration " + iterations[0] + "/" + totals[0];
        boolean inStep = true;
        for (int i = 1; i < iterations.length; i++) {
            inStep &= iterations[i] == iterations[0] && totals[i] == totals[0];
        }
        if (inStep) {
            return "aedyn iteration " + iterations[0] + "/" + totals[0] + " of " + runNames.size() + " runs: "
                    + String.join(", ", runNames);
        }
        StringBuilder b = new StringBuilder("aedyn ").append(runNames.size()).append(" runs: ");
        for (int i = 0; i < runNames.size(); i++) {
            if (i > 0) b.append(", ");
            b.append(runNames.get(i)).append(' ').append(iterations[i]).append('/').append(totals[i]);
        }
        return b.toString();
    }
}
