package app.polychat.finetune.cli;

import picocli.CommandLine.Command;

/** {@code finetune dataset ...}: generate, import, validate, upload and inspect datasets. */
@Command(
    name = "dataset",
    description = "Generate, import, validate and upload datasets.",
    subcommands = {
      DatasetGenerateCommand.class,
      DatasetValidateCommand.class,
      DatasetUploadCommand.class,
      DatasetStatsCommand.class,
      DatasetImportCommand.class,
      DatasetConvertCommand.class,
      DatasetCheckCommand.class
    })
final class DatasetCommand {}
