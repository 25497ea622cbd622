package aedyn.study;

import aedyn.choice.Choice;

import java.util.List;

/** The words study.analysis takes: what a study computes over its runs when they are done (README, "Analyses"). */
public enum Analysis implements Choice {
    NONE, SAMPLE_SIZE, CONTRACTION, POPULATION, CONVERGENCE, PAPER_CLAIMS, PHASES, NTK;

    public static Analysis named(String label) {
        return Choice.named(Analysis.class, label);
    }

    public static List<String> names() {
        return Choice.names(Analysis.class);
    }
}
