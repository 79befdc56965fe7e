package app.polychat.finetune.bedrock.teacher.internal;

import app.polychat.finetune.source.GenerationRequest;
import app.polychat.finetune.support.Json;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a batch inference input file: one line per request, {@code {"recordId": <request id>,
 * "modelInput": <Converse request body>}}, streamed (never the whole file in memory). Not public
 * API.
 */
public final class BatchInputWriter {
  private BatchInputWriter() {}

  /**
   * Writes the requests to {@code file}, replacing it.
   *
   * @return the file's size in bytes
   */
  public static long write(
      Path file, List<GenerationRequest> requests, ConverseMessages.Inference inference)
      throws IOException {
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
        JsonGenerator json = Json.mapper().getFactory().createGenerator(out)) {
      json.setRootValueSeparator(null);
      for (GenerationRequest request : requests) {
        json.writeStartObject();
        json.writeStringField("recordId", request.id());
        json.writeFieldName("modelInput");
        ConverseMessages.writeModelInput(json, request, inference);
        json.writeEndObject();
        json.writeRaw('\n');
      }
    }
    return Files.size(file);
  }
}
