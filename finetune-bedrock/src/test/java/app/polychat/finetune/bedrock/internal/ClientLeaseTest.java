package app.polychat.finetune.bedrock.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.utils.SdkAutoCloseable;

class ClientLeaseTest {
  /** Counts closes, standing in for an SDK client (whose close() is all the lease calls). */
  private static final class Counting implements SdkAutoCloseable {
    final AtomicInteger closes = new AtomicInteger();

    @Override
    public void close() {
      closes.incrementAndGet();
    }
  }

  @Test
  void aBorrowedClient_isUsedAndNeverClosed() {
    Counting given = new Counting();
    AtomicInteger built = new AtomicInteger();
    ClientLease<Counting> lease =
        ClientLease.of(
            Optional.of(given),
            () -> {
              built.incrementAndGet();
              return new Counting();
            });

    assertThat(lease.client()).isSameAs(given);
    assertThat(lease.borrowed()).isTrue();
    lease.close();
    assertThat(given.closes).hasValue(0);
    assertThat(built).hasValue(0);
  }

  @Test
  void anOwnClient_isBuiltOnceOnFirstUseAndClosedOnce() {
    AtomicInteger built = new AtomicInteger();
    Counting own = new Counting();
    ClientLease<Counting> lease =
        ClientLease.of(
            Optional.empty(),
            () -> {
              built.incrementAndGet();
              return own;
            });
    assertThat(built).hasValue(0);

    assertThat(lease.client()).isSameAs(own);
    assertThat(lease.client()).isSameAs(own);
    assertThat(built).hasValue(1);
    lease.close();
    lease.close();
    assertThat(own.closes).hasValue(1);
    assertThatThrownBy(lease::client).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void anOwnClientNeverUsed_isNeverBuilt() {
    AtomicInteger built = new AtomicInteger();
    ClientLease<Counting> lease =
        ClientLease.of(
            Optional.empty(),
            () -> {
              built.incrementAndGet();
              return new Counting();
            });
    lease.close();
    assertThat(built).hasValue(0);
  }

  @Test
  void replacingAnOwnClient_closesTheOldOne_andABorrowedOneIsNotReplaced() {
    Counting first = new Counting();
    Counting second = new Counting();
    ClientLease<Counting> own = ClientLease.of(Optional.empty(), () -> first);
    own.client();
    own.replaceOwn(second);
    assertThat(first.closes).hasValue(1);
    assertThat(own.client()).isSameAs(second);
    own.close();
    assertThat(second.closes).hasValue(1);

    ClientLease<Counting> borrowed = ClientLease.of(Optional.of(new Counting()), Counting::new);
    assertThatThrownBy(() -> borrowed.replaceOwn(new Counting()))
        .isInstanceOf(IllegalStateException.class);
  }
}
