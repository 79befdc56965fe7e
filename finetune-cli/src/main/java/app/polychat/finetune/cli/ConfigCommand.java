package app.polychat.finetune.cli;

import app.polychat.finetune.bedrock.aws.AwsSettings;
import app.polychat.finetune.polychat.PolychatExampleSource;
import app.polychat.finetune.sqlite.SqliteRunTracker;
import app.polychat.finetune.support.Json;
import app.polychat.finetune.support.Secrets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;

/**
 * {@code finetune config show}: the effective settings, secrets masked; the AWS access key id as
 * {@code aws configure list} shows it (its last 4 characters).
 */
@Command(
    name = "config",
    description = "Show the effective settings.",
    subcommands = ConfigCommand.Show.class)
final class ConfigCommand implements Runnable {
  private final Context context;

  ConfigCommand(Context context) {
    this.context = context;
  }

  @Override
  public void run() {
    new Show(context).run();
  }

  @Command(
      name = "show",
      description = {
        "Print every effective setting with secrets masked and where each came from: the"
            + " environment, the .env file, a default, or derived from another setting (the"
            + " endpoints from the region)."
      })
  static final class Show implements Runnable {
    private final Context context;

    @picocli.CommandLine.Mixin JsonOption format = new JsonOption();

    Show(Context context) {
      this.context = context;
    }

    /** One effective setting. */
    record Entry(String name, String value, String source) {}

    @Override
    public void run() {
      List<Entry> entries = effective(context);
      if (format.json) {
        List<Map<String, String>> rows = new ArrayList<>();
        for (Entry e : entries) {
          Map<String, String> row = new LinkedHashMap<>();
          row.put("name", e.name());
          row.put("value", e.value());
          row.put("source", e.source());
          rows.add(row);
        }
        context.terminal().println(Json.writePretty(rows));
        return;
      }
      Table table = new Table("SETTING", "VALUE", "FROM");
      for (Entry e : entries) {
        table.row(e.name(), e.value() == null ? "(unset)" : e.value(), e.source());
      }
      table.lines().forEach(context.terminal()::println);
    }

    static List<Entry> effective(Context context) {
      Settings settings = context.settings();
      List<Entry> entries = new ArrayList<>();
      for (String name : Settings.KNOWN) {
        Optional<String> value = settings.get(name);
        entries.add(
            new Entry(
                name,
                value.map(v -> shown(name, v)).orElse(null),
                value.isPresent() ? settings.origin(name) : "unset"));
      }
      Map<String, String> env = settings.asEnvironment();
      String region = AwsSettings.regionFrom(env).id();
      boolean regionSet = settings.get("AWS_REGION").isPresent();
      replace(
          entries,
          "AWS_REGION",
          region,
          regionSet
              ? settings.origin("AWS_REGION")
              : "default (AWS_DEFAULT_REGION, the AWS profile, else us-east-1)");
      replace(
          entries,
          "FINETUNE_DB",
          settings.get("FINETUNE_DB").orElse(SqliteRunTracker.DEFAULT_PATH.toString()),
          settings.get("FINETUNE_DB").isPresent() ? settings.origin("FINETUNE_DB") : "default");
      entries.add(
          endpoint(settings, "Bedrock endpoint", "AWS_ENDPOINT_URL_BEDROCK", "bedrock", region));
      entries.add(
          endpoint(
              settings,
              "Bedrock runtime endpoint",
              "AWS_ENDPOINT_URL_BEDROCK_RUNTIME",
              "bedrock-runtime",
              region));
      entries.add(endpoint(settings, "S3 endpoint", "AWS_ENDPOINT_URL_S3", "s3", region));
      entries.add(
          new Entry(
              "Polychat teacher model",
              PolychatExampleSource.DEFAULT_MODEL,
              "default (--teacher)"));
      entries.add(
          new Entry(
              "Bedrock teacher model",
              Teachers.DEFAULT_BEDROCK_TEACHER,
              "default (--source bedrock --teacher)"));
      boolean localPrompts =
          Files.isRegularFile(context.workDir().resolve(Components.DEFAULT_PROMPTS));
      entries.add(
          new Entry(
              "Prompt config",
              Components.DEFAULT_PROMPTS,
              localPrompts
                  ? "file in the working folder (--prompts)"
                  : "bundled default (--prompts)"));
      return entries;
    }

    /** A value as shown: secrets masked, the access key id as {@code aws configure list} does. */
    private static String shown(String name, String value) {
      if (name.equals("AWS_ACCESS_KEY_ID")) {
        return Secrets.maskKeyId(value);
      }
      return Secrets.isSecretName(name) ? Secrets.mask(value) : value;
    }

    private static void replace(List<Entry> entries, String name, String value, String source) {
      entries.replaceAll(e -> e.name().equals(name) ? new Entry(name, value, source) : e);
    }

    private static Entry endpoint(
        Settings settings, String label, String variable, String service, String region) {
      for (String name : new String[] {variable, "AWS_ENDPOINT_URL"}) {
        Optional<String> value = settings.get(name);
        if (value.isPresent()) {
          return new Entry(label, value.get(), name + " (" + settings.origin(name) + ")");
        }
      }
      return new Entry(
          label,
          "https://" + service + "." + region + ".amazonaws.com",
          "AWS default for the region");
    }
  }
}
