package vn.customs.digital.api.platform;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A map of at most {@code capacity} entries that forgets the least recently used ones, read and
 * written by every event loop of the process at once. A large cache is split by key into segments,
 * each a least-recently-used map under its own lock, so event loops seldom wait for one another;
 * each segment forgets its own least recently used entry, which approximates the whole's. A small
 * cache is one segment: splitting it would forget entries long before the bound is reached.
 */
public final class BoundedCache<K, V> {
  static final int MAX_SEGMENTS = 16;
  static final int MIN_SEGMENT_CAPACITY = 64;

  private final List<Map<K, V>> segments;

  public BoundedCache(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("a cache holds at least one entry, not " + capacity);
    }
    int count = Math.max(1, Math.min(MAX_SEGMENTS, capacity / MIN_SEGMENT_CAPACITY));
    List<Map<K, V>> list = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int bound = capacity / count + (i < capacity % count ? 1 : 0);
      list.add(
          Collections.synchronizedMap(
              new LinkedHashMap<>(Math.min(bound, 1024), 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                  return size() > bound;
                }
              }));
    }
    this.segments = List.copyOf(list);
  }

  public V get(K key) {
    return segment(key).get(key);
  }

  public void put(K key, V value) {
    segment(key).put(key, value);
  }

  /**
   * Forgets the entry only if it is still {@code value}: one put meanwhile by another event loop is
   * kept.
   */
  public void remove(K key, V value) {
    segment(key).remove(key, value);
  }

  public int size() {
    int n = 0;
    for (Map<K, V> segment : segments) {
      n += segment.size();
    }
    return n;
  }

  private Map<K, V> segment(K key) {
    int h = key.hashCode();
    return segments.get(Math.floorMod(h ^ (h >>> 16), segments.size()));
  }
}
