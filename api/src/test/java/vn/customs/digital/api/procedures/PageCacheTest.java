package vn.customs.digital.api.procedures;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The catalogue page cache")
class PageCacheTest {

  @Test
  @DisplayName("keeps at most its bound, dropping the least recently used page")
  void bounded() {
    PageCache cache = new PageCache(2, 60_000);
    cache.put("a", Buffer.buffer("A"), "\"a\"");
    cache.put("b", Buffer.buffer("B"), "\"b\"");
    assertThat(cache.get("a")).isNotNull();
    cache.put("c", Buffer.buffer("C"), "\"c\"");
    assertThat(cache.size()).isEqualTo(2);
    assertThat(cache.get("b")).isNull();
    assertThat(cache.get("a").body().toString()).isEqualTo("A");
    assertThat(cache.get("c").etag()).isEqualTo("\"c\"");
  }

  @Test
  @DisplayName("forgets a page once its time is up")
  void expires() {
    PageCache cache = new PageCache(10, 0);
    cache.put("a", Buffer.buffer("A"), "\"a\"");
    assertThat(cache.get("a")).isNull();
    assertThat(cache.size()).isZero();
  }
}
