package aedyn.study;

/** Who holds a study directory's lease (StudyLease), as its file says; fields are null while a holder is still writing it. */
public record LeaseHolder(String host, Long pid, String started, String token, Double renewSeconds) {
    static LeaseHolder parse(String text) {
        try {
            java.util.Map<String, Object> m = aedyn.report.Json.parseObject(text);
            return new LeaseHolder((String) m.get("host"), m.get("pid") instanceof Number p ? p.longValue() : null,
                    (String) m.get("started"), (String) m.get("token"),
                    m.get("renew_seconds") instanceof Number r ? r.doubleValue() : null);
        } catch (RuntimeException unreadable) {
            return new LeaseHolder(null, null, null, null, null);
        }
    }

    String json() {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("host", host);
        m.put("pid", pid);
        m.put("started", started);
        m.put("token", token);
        m.put("renew_seconds", renewSeconds);
        return aedyn.report.Json.write(m);
    }

    /** "host H, pid P, started T", as a refusal names the holder. */
    public String describe() {
        return token == null ? "no study it names (the lease is empty or not parseable: being written, or damaged)"
                : "host " + host + ", pid " + pid + ", started " + started;
    }
}
