package app.polychat.finetune.cli;

import static app.polychat.finetune.cli.JobCommand.LOCAL_MINUTE;

import app.polychat.finetune.job.CustomizationBackend;
import app.polychat.finetune.job.JobQuery;
import app.polychat.finetune.job.JobState;
import app.polychat.finetune.job.JobSummary;
import app.polychat.finetune.support.Json;
import app.polychat.finetune.track.JobRecord;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code finetune job list} command. */
@Command(
    name = "list",
    description = "List jobs from Bedrock, or from the local history with --local.")
final class JobListCommand implements Callable<Integer> {
  private final Context context;

  @Option(names = "--local", description = "List jobs recorded in the local history.")
  boolean local;

  @Option(
      names = "--limit",
      description = "At most this many (default: ${DEFAULT-VALUE}).",
      defaultValue = "50")
  int limit;

  @picocli.CommandLine.Mixin JsonOption format = new JsonOption();

  JobListCommand(Context context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    Terminal t = context.terminal();
    try (Components components = new Components(context)) {
      List<Map<String, Object>> rows = new ArrayList<>();
      if (local) {
        for (JobRecord job : components.tracker().jobs(limit)) {
          rows.add(row(job.jobId(), job.jobName(), job.state(), job.baseModel(), job.createdAt()));
        }
      } else {
        CustomizationBackend backend = components.bedrock(null, null);
        JobQuery query = new JobQuery(null, null, null, Math.min(limit, 1000), null);
        while (rows.size() < limit) {
          var page = backend.list(query);
          for (JobSummary job : page.items()) {
            if (rows.size() < limit) {
              rows.add(
                  row(job.jobId(), job.jobName(), job.state(), job.baseModel(), job.createdAt()));
            }
          }
          if (page.next().isEmpty()) {
            break;
          }
          query = query.withPageToken(page.nextToken());
        }
      }
      if (format.json) {
        t.println(Json.writePretty(rows));
      } else if (rows.isEmpty()) {
        t.println(local ? "No jobs in the local history." : "No jobs.");
      } else {
        Table table =
            new Table("STATUS", "CREATED (" + zoneName() + ")", "NAME", "BASE MODEL", "ARN");
        for (Map<String, Object> row : rows) {
          table.row(
              row.get("status"),
              local((String) row.get("createdAt")),
              row.get("jobName"),
              row.get("baseModel"),
              row.get("jobArn"));
        }
        table.lines().forEach(t::println);
      }
      return 0;
    }
  }

  private static Map<String, Object> row(
      String id, String name, JobState state, String base, Instant created) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("jobArn", id);
    row.put("jobName", name);
    row.put("status", state.displayName());
    row.put("baseModel", base);
    row.put("createdAt", created == null ? "" : created.toString());
    return row;
  }

  /** An ISO instant as local time, to the minute (the zone is in the column's header). */
  private static String local(String instant) {
    return instant == null || instant.isEmpty() ? "" : LOCAL_MINUTE.format(Instant.parse(instant));
  }

  private static String zoneName() {
    return ZoneId.systemDefault()
        .getDisplayName(java.time.format.TextStyle.SHORT, java.util.Locale.ROOT);
  }
}
