package vn.customs.digital.api.procedures;

import io.vertx.core.buffer.Buffer;
import vn.customs.digital.api.platform.BoundedCache;

/**
 * Recently served catalogue pages, by request. The catalogue changes only with a migration (a
 * deployment), so a page may be served from memory for a short while; the bound keeps the memory
 * fixed whatever people search for. One cache per process, made in {@code Main}, shared by every
 * event loop: a page is the same whichever connection asks, and is read from the database once.
 */
public final class PageCache {
  private static final int CATALOGUE_PAGES = 4096;
  private static final long CATALOGUE_TTL_MILLIS = 60_000;

  private final BoundedCache<String, Entry> entries;
  private final long ttlNanos;

  /**
   * The bodies are only read once cached (each response writes a slice of its own): safe to share.
   */
  record Entry(Buffer body, String etag, long expiresAt) {}

  PageCache(int maxEntries, long ttlMillis) {
    this.entries = new BoundedCache<>(maxEntries);
    this.ttlNanos = ttlMillis * 1_000_000L;
  }

  /** The catalogue's page cache: 4,096 pages for a minute each. */
  public static PageCache forCatalogue() {
    return new PageCache(CATALOGUE_PAGES, CATALOGUE_TTL_MILLIS);
  }

  Entry get(String key) {
    Entry e = entries.get(key);
    if (e == null) {
      return null;
    }
    if (System.nanoTime() - e.expiresAt() > 0) {
      entries.remove(key, e);
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
