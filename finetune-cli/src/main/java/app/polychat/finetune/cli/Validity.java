package app.polychat.finetune.cli;

import app.polychat.finetune.check.ValiditySummary;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/** Validity summaries as JSON, per file. */
final class Validity {
  private Validity() {}

  static ObjectNode toJson(ObjectMapper mapper, Map<String, ValiditySummary> byFile) {
    ObjectNode root = mapper.createObjectNode();
    byFile.forEach((file, s) -> root.set(file, toJson(mapper, s)));
    return root;
  }

  static ObjectNode toJson(ObjectMapper mapper, ValiditySummary s) {
    ObjectNode node = mapper.createObjectNode();
    node.put("checked", s.checked());
    node.put("valid", s.valid());
    node.put("rate", Math.round(s.rate() * 10_000) / 10_000.0);
    ObjectNode reasons = node.putObject("failuresByReason");
    s.failuresByReason().forEach(reasons::put);
    s.examples().forEach(node.putArray("failures")::add);
    ObjectNode timings = node.putObject("timings");
    s.timings()
        .forEach(
            (check, t) -> {
              ObjectNode n = timings.putObject(check);
              n.put("count", t.count());
              n.put("meanMs", t.mean().toNanos() / 1e6);
              n.put("maxMs", t.max().toNanos() / 1e6);
            });
    return node;
  }
}
