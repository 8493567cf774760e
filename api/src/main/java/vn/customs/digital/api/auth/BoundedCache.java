package vn.customs.digital.api.auth;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** A map of at most {@code capacity} entries that forgets the least recently used one; safe across threads. */
final class BoundedCache<K, V> {
  private final Map<K, V> entries;

  BoundedCache(int capacity) {
    this.entries = Collections.synchronizedMap(new LinkedHashMap<>(Math.min(capacity, 1024), 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > capacity;
      }
    });
  }

  V get(K key) {
    return entries.get(key);
  }

  void put(K key, V value) {
    entries.put(key, value);
  }

  void remove(K key) {
    entries.remove(key);
  }
}
