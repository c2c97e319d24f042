package dev.tracekit.core.sql.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class StatementCacheTest {
  private static final Object TAG = new Object();

  @Test
  void boundHoldsAndOldestGoFirst() {
    StatementCache<String> cache = new StatementCache<>(16, 100);
    for (int i = 0; i < 1_000; i++) {
      cache.put("SELECT " + i, TAG, "v" + i);
      assertThat(cache.size()).isLessThanOrEqualTo(16);
    }
    assertThat(cache.size()).isEqualTo(16);
    assertThat(cache.get("SELECT 999", TAG)).isEqualTo("v999");
    assertThat(cache.get("SELECT 984", TAG)).isEqualTo("v984");
    assertThat(cache.get("SELECT 983", TAG)).isNull();
  }

  @Test
  void longStatementsAndOtherTagsAreNotServed() {
    StatementCache<String> cache = new StatementCache<>(4, 10);
    cache.put("0123456789X", TAG, "long");
    assertThat(cache.get("0123456789X", TAG)).isNull();
    assertThat(cache.size()).isZero();
    cache.put("short", TAG, "v");
    assertThat(cache.get("short", new Object())).isNull();
    assertThat(cache.get("short", TAG)).isEqualTo("v");
  }

  @Test
  void boundHoldsUnderConcurrentUse() throws InterruptedException {
    StatementCache<String> cache = new StatementCache<>(64, 100);
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      int id = t;
      Thread thread =
          new Thread(
              () -> {
                try {
                  start.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                  return;
                }
                for (int i = 0; i < 20_000; i++) {
                  String key = "q" + ((i * 7 + id) % 500);
                  String v = cache.get(key, TAG);
                  if (v != null) {
                    assertThat(v).isEqualTo("v" + key);
                  } else {
                    cache.put(key, TAG, "v" + key);
                  }
                }
              });
      threads.add(thread);
      thread.start();
    }
    start.countDown();
    for (Thread thread : threads) {
      thread.join(30_000);
    }
    assertThat(cache.size()).isLessThanOrEqualTo(64);
  }

  @Test
  void rejectsZeroCapacity() {
    assertThatThrownBy(() -> new StatementCache<String>(0, 10))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
