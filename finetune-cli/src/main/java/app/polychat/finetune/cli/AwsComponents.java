package app.polychat.finetune.cli;

import app.polychat.finetune.bedrock.evaluation.ModelTester;
import app.polychat.finetune.bedrock.serving.ModelCatalog;
import app.polychat.finetune.bedrock.serving.ModelDeployments;
import app.polychat.finetune.cost.PriceTable;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The AWS clients of the {@code model} commands, built from the settings ({@code AWS_REGION},
 * {@code AWS_ENDPOINT_URL_BEDROCK}, {@code AWS_ENDPOINT_URL_BEDROCK_RUNTIME}, {@code
 * AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY} or {@code AWS_PROFILE}, {@code
 * AWS_MAX_ATTEMPTS}) from the environment or {@code .env}, and closed together.
 */
final class AwsComponents implements AutoCloseable {
  private final Context context;
  private final List<AutoCloseable> owned = new ArrayList<>();

  AwsComponents(Context context) {
    this.context = context;
  }

  /** Foundation models and custom models. */
  ModelCatalog catalog() {
    return own(ModelCatalog.builder().aws(context.aws()).build());
  }

  /**
   * Deployments priced with the given table and, for provisioned throughput, the user's hourly
   * price (null: none) or the AWS Price List API, whose answers are cached with their date in
   * {@code datasets/.price-cache.json}.
   */
  ModelDeployments deployments(PriceTable prices, Duration pollInterval, BigDecimal hourlyPrice) {
    ModelDeployments.Builder builder =
        ModelDeployments.builder()
            .aws(context.aws())
            .priceCacheFile(context.path(Path.of("datasets", ".price-cache.json")));
    if (hourlyPrice != null) {
      builder.hourlyPrice(hourlyPrice, "--hourly-price");
    }
    return own(
        builder
            .priceTable(prices)
            .pollInterval(pollInterval)
            .maxPollInterval(
                pollInterval.compareTo(Duration.ofMinutes(1)) > 0
                    ? pollInterval
                    : Duration.ofMinutes(1))
            .build());
  }

  /** Converse with the given settings (null temperature: the model's default). */
  ModelTester tester(Double temperature, int maxTokens) {
    return own(
        ModelTester.builder()
            .aws(context.aws())
            .temperature(temperature)
            .maxTokens(maxTokens)
            .build());
  }

  private <T extends AutoCloseable> T own(T resource) {
    owned.add(resource);
    return resource;
  }

  @Override
  public void close() {
    for (AutoCloseable resource : owned) {
      try {
        resource.close();
      } catch (Exception e) {
        // closing clients cannot lose data; keep closing the others
      }
    }
  }
}
