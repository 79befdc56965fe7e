package app.polychat.finetune.bedrock.internal;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * The one place of the own-or-borrow rule for AWS clients: a component either borrows a client it
 * was given (and never closes it) or builds one from its settings, on first use, and closes that
 * one with itself. Thread-safe. Not public API.
 *
 * <pre>{@code
 * ClientLease<S3Client> s3 = ClientLease.of(settings.s3Client(), () -> AwsClients.s3(settings, region));
 * s3.client().headBucket(...);
 * s3.close(); // closes it only when it was built here
 * }</pre>
 *
 * @param <T> the client's type
 */
public final class ClientLease<T extends SdkAutoCloseable> implements AutoCloseable {
  private final Supplier<T> factory;
  private final boolean borrowed;
  private T client;
  private boolean closed;

  private ClientLease(T borrowed, Supplier<T> factory) {
    this.client = borrowed;
    this.borrowed = borrowed != null;
    this.factory = factory;
  }

  /**
   * The borrowed client when there is one, else one the factory builds on first use.
   *
   * @param borrowed a client given to the component
   * @param factory builds the component's own client
   * @param <T> the client's type
   * @return the lease
   */
  public static <T extends SdkAutoCloseable> ClientLease<T> of(
      Optional<? extends T> borrowed, Supplier<? extends T> factory) {
    Objects.requireNonNull(factory, "factory");
    return new ClientLease<>(borrowed.orElse(null), factory::get);
  }

  /**
   * The client, built now if it is the component's own and not built yet.
   *
   * @return the client
   * @throws IllegalStateException after {@link #close()} of an own client
   */
  public synchronized T client() {
    if (client == null) {
      if (closed) {
        throw new IllegalStateException("the client is closed");
      }
      client = factory.get();
    }
    return client;
  }

  /**
   * Whether the client was given to the component (and is not closed by it).
   *
   * @return true for a borrowed client
   */
  public boolean borrowed() {
    return borrowed;
  }

  /**
   * Replaces the component's own client (closing the old one); a borrowed client stays.
   *
   * @param replacement the new own client
   */
  public synchronized void replaceOwn(T replacement) {
    if (borrowed) {
      throw new IllegalStateException("a borrowed client is not replaced");
    }
    if (client != null) {
      client.close();
    }
    client = replacement;
  }

  /** Closes the client when the component built it; a borrowed one is left open. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (!borrowed && client != null) {
      client.close();
      client = null;
    }
  }
}
