package aedyn.study;

import aedyn.train.LearningCurveRow;

import java.util.List;

/** How a run ended: "finished" or "diverged" (with the reason), and its learning curve. */
record RunOutcome(RunSpec spec, String status, String reason, List<LearningCurveRow> rows, MetricColumns columns,
                  double wallSeconds) {

    boolean failed() {
        return !"finished".equals(status);
    }

    LearningCurveRow last() {
        return rows.isEmpty() ? null : rows.get(rows.size() - 1);
    }
}
