package app.polychat.finetune.sqlite;

import app.polychat.finetune.example.Conversation;
import app.polychat.finetune.example.ExampleMetadata;
import app.polychat.finetune.example.TrainingExample;
import app.polychat.finetune.track.JournalEntry;
import app.polychat.finetune.track.JournalStatus;
import app.polychat.finetune.track.RunSettings;
import app.polychat.finetune.track.RunSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Journal entries of a chosen size, for the multi-process tests and the benchmark. */
final class TestJournal {
  private static final String PATTERN =
      "stack(s(\"bd*4\").bank(\"RolandTR909\"), s(\"~ hh\").fast(2), note(\"c2 eb2 g2\").s(\"sawtooth\")"
          + ".lpf(sine.range(400, 2000).slow(8)))\n";

  private TestJournal() {}

  static RunSpec spec(String planHash, int plannedCount) {
    return new RunSpec(
        planHash,
        "cfg-" + planHash,
        "polychat:claude-4-5-sonnet",
        "claude-4-5-sonnet",
        plannedCount,
        new RunSettings(List.of("techno"), List.of("simple"), 0.8, 42L, null));
  }

  /** A done entry whose example's JSON is about {@code approxBytes} long. */
  static JournalEntry done(String requestId, int planIndex, int approxBytes) {
    StringBuilder answer = new StringBuilder();
    while (answer.length() < approxBytes - 300) {
      answer.append(PATTERN);
    }
    ExampleMetadata metadata =
        new ExampleMetadata(
            requestId,
            "techno",
            "medium",
            "claude-4-5-sonnet",
            150,
            answer.length() / 4,
            Duration.ofMillis(1800),
            Instant.now(),
            Map.of());
    TrainingExample example =
        new TrainingExample(
            Conversation.of(
                "You are an expert Strudel live-coding assistant.",
                "Create a driving techno loop with an acid bassline (" + requestId + ")",
                answer.toString()),
            metadata);
    return new JournalEntry(
        requestId,
        planIndex,
        JournalStatus.DONE,
        example,
        null,
        1,
        Duration.ofMillis(1800),
        150,
        answer.length() / 4,
        Instant.now());
  }
}
