package vn.customs.digital.api.procedures;

import io.vertx.core.buffer.Buffer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Recently served catalogue pages, by request. The catalogue changes only with a migration (a
 * deployment), so a page may be served from memory for a short while; the bound keeps the memory
 * fixed whatever people search for. One cache per HTTP verticle: only its event loop touches it,
 * so it needs no locking.
 */
final class PageCache {
  private final int maxEntries;
  private final long ttlNanos;
  private final LinkedHashMap<String, Entry> entries;

  record Entry(Buffer body, String etag, long expiresAt) {}

  PageCache(int maxEntries, long ttlMillis) {
    this.maxEntries = maxEntries;
    this.ttlNanos = ttlMillis * 1_000_000L;
    this.entries = new LinkedHashMap<>(256, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, PageCache.Entry> eldest) {
        return size() > PageCache.this.maxEntries;
      }
    };
  }

  Entry get(String key) {
    Entry e = entries.get(key);
    if (e == null) {
      return null;
    }
    if (System.nanoTime() - e.expiresAt() > 0) {
      entries.remove(key);
      return null;
    }
    return e;
  }

  void put(String key, Buffer body, String etag) {
    entries.put(key, new Entry(body, etag, System.nanoTime() + ttlNanos));
  }

  int size() {
    return entries.size();
  }
}
