package vn.customs.digital.risk;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The secret key of the day for random selection.
 *
 * <p>Its {@link #commitment()} (SHA-256 of the key bytes, hex) is published before the day starts
 * and the key itself after the day ends, so anyone can recompute every draw of the day and check
 * that the key was fixed in advance. Key generation (a CSPRNG) belongs to the caller: this library
 * takes no randomness of its own.
 *
 * @param keyId public identifier of the key, e.g. {@code 2026-11-23}
 * @param date the day the key is used for; a decision dated another day is refused
 * @param bytes the key, at least 16 bytes (HMAC-SHA256 keys of 32 bytes are usual)
 */
public record RandomKey(String keyId, LocalDate date, byte[] bytes) {

  private static final HexFormat HEX = HexFormat.of();

  public RandomKey {
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(date, "date");
    Objects.requireNonNull(bytes, "bytes");
    if (bytes.length < 16) {
      throw new IllegalArgumentException(
          "a random-selection key has at least 16 bytes, got " + bytes.length);
    }
    bytes = bytes.clone();
  }

  public static RandomKey ofHex(String keyId, LocalDate date, String hex) {
    return new RandomKey(keyId, date, HEX.parseHex(hex));
  }

  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  /** The key as lower-case hex, for publication after its day has ended. */
  public String hex() {
    return HEX.formatHex(bytes);
  }

  /** SHA-256 of the key bytes as lower-case hex: what is published before the day starts. */
  public String commitment() {
    return commitmentOf(bytes);
  }

  public static String commitmentOf(byte[] keyBytes) {
    try {
      return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(keyBytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime provides SHA-256", e);
    }
  }

  /** Internal view without the defensive copy, for the draw on the hot path. */
  byte[] bytesUnsafe() {
    return bytes;
  }

  // A record compares arrays by identity; keys are equal when their bytes are.
  @Override
  public boolean equals(Object o) {
    return o instanceof RandomKey k
        && keyId.equals(k.keyId)
        && date.equals(k.date)
        && Arrays.equals(bytes, k.bytes);
  }

  @Override
  public int hashCode() {
    return Objects.hash(keyId, date, Arrays.hashCode(bytes));
  }

  /** Never prints the key: it is secret until its day has ended. */
  @Override
  public String toString() {
    return "RandomKey[keyId=" + keyId + ", date=" + date + ", commitment=" + commitment() + "]";
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
