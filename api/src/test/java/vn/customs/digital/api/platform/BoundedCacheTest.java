package vn.customs.digital.api.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The bounded cache")
class BoundedCacheTest {

  @Test
  @DisplayName(
      "a large cache, written by several threads at once, never holds more than its capacity and keeps an entry in use")
  void boundedUnderConcurrentWriters() throws Exception {
    BoundedCache<String, Integer> cache = new BoundedCache<>(1_000);
    cache.put("kept", -1);
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try {
      List<Callable<Void>> writers = new ArrayList<>();
      for (int w = 0; w < 4; w++) {
        int writer = w;
        writers.add(
            () -> {
              for (int i = 0; i < 20_000; i++) {
                cache.put(writer + ":" + i, i);
                assertThat(cache.get("kept")).isEqualTo(-1);
              }
              return null;
            });
      }
      for (Future<Void> done : threads.invokeAll(writers)) {
        done.get();
      }
    } finally {
      threads.shutdownNow();
    }
    assertThat(cache.size()).isLessThanOrEqualTo(1_000).isGreaterThan(900);
    assertThat(cache.get("kept")).isEqualTo(-1);
    assertThat(cache.get("0:0")).isNull();
  }

  @Test
  @DisplayName("a conditional remove leaves an entry that another thread put meanwhile")
  void conditionalRemove() {
    BoundedCache<String, String> cache = new BoundedCache<>(10);
    cache.put("k", "old");
    cache.put("k", "new");
    cache.remove("k", "old");
    assertThat(cache.get("k")).isEqualTo("new");
    cache.remove("k", "new");
    assertThat(cache.get("k")).isNull();
  }
}
