package app.polychat.finetune.bedrock.teacher;

import app.polychat.finetune.bedrock.testing.S3ProxyServer;
import app.polychat.finetune.generate.GenerationEngine;
import app.polychat.finetune.generate.GenerationListener;
import app.polychat.finetune.generate.GenerationOptions;
import app.polychat.finetune.generate.GenerationProgress;
import app.polychat.finetune.source.GenerationRequest;
import app.polychat.finetune.sqlite.SqliteRunTracker;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Runs a batch generation in its own JVM against the stand-ins whose endpoints it is given, and
 * dies ({@code Runtime.halt}, no shutdown hooks, no cleanup) right after the K-th result read back
 * from S3 was journaled: a crash in the middle of the download.
 *
 * <p>Arguments: Bedrock endpoint, S3 endpoint, database file, output folder, plan size, K.
 */
public final class BatchCrashProcess {
  private BatchCrashProcess() {}

  public static void main(String[] args) {
    URI bedrockEndpoint = URI.create(args[0]);
    URI s3Endpoint = URI.create(args[1]);
    Path database = Path.of(args[2]);
    Path output = Path.of(args[3]);
    int planSize = Integer.parseInt(args[4]);
    int haltAfter = Integer.parseInt(args[5]);
    AtomicInteger journaled = new AtomicInteger();
    try (S3Client s3 = S3ProxyServer.clientFor(s3Endpoint);
        SqliteRunTracker tracker = SqliteRunTracker.open(database);
        BedrockBatchExampleSource source =
            BedrockBatchExampleSourceTest.source(FakeBatchInference.clientFor(bedrockEndpoint), s3)
                .build()) {
      GenerationEngine.builder()
          .source(source)
          .tracker(tracker)
          .listener(
              new GenerationListener() {
                @Override
                public void succeeded(GenerationRequest request, GenerationProgress progress) {
                  if (journaled.incrementAndGet() == haltAfter) {
                    System.out.println("halting after " + haltAfter + " journaled results");
                    System.out.flush();
                    Runtime.getRuntime().halt(3);
                  }
                }
              })
          .build()
          .run(BedrockBatchExampleSourceTest.plan(planSize), GenerationOptions.defaults(output));
    }
    System.out.println("finished without halting");
  }
}
