package aedyn.study;

import aedyn.boundary.Verdict;
import java.util.Optional;

import aedyn.report.RunStatus;
import aedyn.train.LearningCurveRow;

import java.util.List;

/**
 * How a run ended (finished, diverged with the reason, ...), its learning curve and, in a study with an outcome
 * (SPEC 9.1), its verdict.
 */
record RunOutcome(RunSpec spec, RunStatus status, String reason, List<LearningCurveRow> rows, MetricColumns columns,
                  double wallSeconds, Optional<Verdict> outcome) {

    boolean failed() {
        return !status.finished();
    }

    LearningCurveRow last() {
        return rows.isEmpty() ? null : rows.get(rows.size() - 1);
    }
}
