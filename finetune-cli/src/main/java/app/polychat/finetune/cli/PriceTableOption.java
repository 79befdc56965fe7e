package app.polychat.finetune.cli;

import app.polychat.finetune.cost.PriceTable;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --prices FILE}: the user's price table, merged over the bundled one. */
final class PriceTableOption {
  @Option(
      names = "--prices",
      paramLabel = "FILE",
      description = "Your own price table (JSON), merged over the bundled one.")
  Path file;

  /**
   * The bundled price table, or the user's file (relative to the working folder) merged over it.
   */
  PriceTable load(Context context) {
    return file == null ? PriceTable.load() : PriceTable.load(context.path(file));
  }
}
