package vn.customs.digital.risk;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The verifiable random draw of layer 3.
 *
 * <pre>
 *   h    = HMAC-SHA256(key bytes, UTF-8 bytes of the 12-digit declaration number)
 *   u    = first 8 bytes of h read as an unsigned big-endian 64-bit integer
 *   draw = floor(u / 2^11) / 2^53        (the top 53 bits of u, i.e. u / 2^64 truncated)
 * </pre>
 *
 * A double holds 53 significant bits, so keeping the top 53 bits makes the value exact: every
 * implementation (Java, Python's {@code (int.from_bytes(h[:8], "big") >> 11) / 2**53}, a
 * spreadsheet with big integers) gets the same number, which an auditor can compare.
 */
public final class RandomDraw {

  private static final double TWO_POW_MINUS_53 = 0x1.0p-53;
  private static final int BLOCK = 64;

  /**
   * One HMAC state per thread, re-keyed only when the key of the day changes. It keeps SHA-256
   * states that have already absorbed the padded key (key XOR ipad, key XOR opad) - the
   * precomputation RFC 2104 section 4 describes - and clones them per draw, so a draw costs two
   * SHA-256 compressions instead of the four of {@code Mac.doFinal}, and no provider lookup.
   * Digests are not thread-safe, hence one set per thread.
   */
  private static final ThreadLocal<KeyedHmac> HMACS = ThreadLocal.withInitial(KeyedHmac::new);

  private RandomDraw() {}

  /** The draw in [0, 1) for a declaration under a key. */
  public static double draw(RandomKey key, String declarationNumber) {
    return toUnitInterval(hmac(key, declarationNumber));
  }

  /** The full HMAC-SHA256, for showing an auditor the intermediate value. */
  public static byte[] hmac(RandomKey key, String declarationNumber) {
    return HMACS.get().forKey(key).mac(RandomKey.utf8(declarationNumber));
  }

  /** Maps an HMAC output to [0, 1) as documented on the class. */
  public static double toUnitInterval(byte[] hmac) {
    long u = 0;
    for (int i = 0; i < 8; i++) {
      u = (u << 8) | (hmac[i] & 0xFF);
    }
    return (u >>> 11) * TWO_POW_MINUS_53;
  }

  private static final class KeyedHmac {
    private MessageDigest innerKeyed;
    private MessageDigest outerKeyed;
    private RandomKey current;

    KeyedHmac forKey(RandomKey key) {
      // Identity first: the same key object is passed all day long; equals is the fallback
      // for a key re-read from storage.
      if (key != current && !key.equals(current)) {
        byte[] k = key.bytesUnsafe();
        if (k.length > BLOCK) {
          k = sha256().digest(k);
        }
        byte[] ipad = new byte[BLOCK];
        byte[] opad = new byte[BLOCK];
        for (int i = 0; i < BLOCK; i++) {
          byte b = i < k.length ? k[i] : 0;
          ipad[i] = (byte) (b ^ 0x36);
          opad[i] = (byte) (b ^ 0x5c);
        }
        innerKeyed = sha256();
        innerKeyed.update(ipad);
        outerKeyed = sha256();
        outerKeyed.update(opad);
        current = key;
      }
      return this;
    }

    /** HMAC(K, m) = H((K ^ opad) || H((K ^ ipad) || m)). */
    byte[] mac(byte[] message) {
      MessageDigest inner = copy(innerKeyed);
      inner.update(message);
      MessageDigest outer = copy(outerKeyed);
      outer.update(inner.digest());
      return outer.digest();
    }

    private static MessageDigest copy(MessageDigest keyed) {
      try {
        return (MessageDigest) keyed.clone();
      } catch (CloneNotSupportedException e) {
        throw new IllegalStateException("the runtime's SHA-256 cannot be cloned", e);
      }
    }

    private static MessageDigest sha256() {
      try {
        return MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("every Java runtime provides SHA-256", e);
      }
    }
  }
}
