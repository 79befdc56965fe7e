package app.polychat.finetune.bedrock.internal;

import java.net.URI;
import java.util.Objects;

/**
 * A bucket and key, parsed from or written as an {@code s3://bucket/key} URI. Not public API.
 *
 * @param bucket the bucket name
 * @param key the key, without a leading slash; empty for the bucket's root
 */
public record S3Location(String bucket, String key) {
  public S3Location {
    Objects.requireNonNull(bucket, "bucket");
    Objects.requireNonNull(key, "key");
    if (bucket.isEmpty()) {
      throw new IllegalArgumentException("an S3 location needs a bucket name");
    }
  }

  /**
   * Parses {@code s3://bucket/key}.
   *
   * @throws IllegalArgumentException naming the URI when it is not an {@code s3://} URI
   */
  public static S3Location parse(URI uri) {
    Objects.requireNonNull(uri, "uri");
    String text = uri.toString();
    if (!text.startsWith("s3://") || text.length() == "s3://".length()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not an S3 URI: write it as s3://bucket/path/");
    }
    String rest = text.substring("s3://".length());
    int slash = rest.indexOf('/');
    return slash < 0
        ? new S3Location(rest, "")
        : new S3Location(rest.substring(0, slash), rest.substring(slash + 1));
  }

  /** The key as a folder: empty, or ending with one slash. */
  public String prefix() {
    return key.isEmpty() || key.endsWith("/") ? key : key + "/";
  }

  /** This location as a folder with {@code path} appended. */
  public S3Location resolve(String path) {
    return new S3Location(bucket, prefix() + path);
  }

  public URI toUri() {
    return URI.create("s3://" + bucket + "/" + key);
  }

  @Override
  public String toString() {
    return "s3://" + bucket + "/" + key;
  }
}
