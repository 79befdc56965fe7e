package app.polychat.finetune.format;

import app.polychat.finetune.example.TrainingExample;

/**
 * Converts between one training example and one JSONL line of a dataset format. Metadata never
 * reaches the line; decoding yields an example with empty metadata unless the format carries some.
 *
 * <p>Implementations are stateless and thread-safe. Look them up with {@link DatasetFormats#byId}.
 */
public interface DatasetFormatter {

  /**
   * {@return the format's id: {@code bedrock-conversation-2024}, {@code bedrock-prompt-only}, ..}
   */
  String formatId();

  /**
   * Encodes an example as one line (no line break).
   *
   * @param example the example to encode
   * @return the JSON line, without a line break
   * @throws DatasetFormatException when the example cannot be expressed in this format
   */
  String encode(TrainingExample example);

  /**
   * Decodes one line.
   *
   * @param line one JSON line, without its line break
   * @return the decoded example
   * @throws DatasetFormatException with the reason (the caller adds the file and line)
   */
  TrainingExample decode(String line);
}
