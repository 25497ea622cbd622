package aedyn.study;

import aedyn.report.Json;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * Who holds a study directory's lease (StudyLease), as its file says, written and read back by Jackson; fields are null
 * while a holder is still writing it.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record LeaseHolder(String host, Long pid, String started, String token, Double renewSeconds) {
    static LeaseHolder parse(String text) {
        try {
            return Json.read(text, LeaseHolder.class);
        } catch (RuntimeException unreadable) {
            return new LeaseHolder(null, null, null, null, null);
        }
    }

    String json() {
        return Json.write(this);
    }

    /** "host H, pid P, started T", as a refusal names the holder. */
    public String describe() {
        return token == null ? "no study it names (the lease is empty or not parseable: being written, or damaged)"
                : "host " + host + ", pid " + pid + ", started " + started;
    }
}
