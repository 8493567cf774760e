package vn.customs.digital.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static vn.customs.digital.risk.Fixtures.KEY;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The random draw of layer 3")
class RandomDrawTest {

  private static final HexFormat HEX = HexFormat.of();

  @Test
  @DisplayName("matches HMAC-SHA256 computed independently with openssl")
  void matchesOpensslVector() {
    // Computed with: printf '%s' 123456789012 | openssl dgst -sha256 -hmac
    // 'digital-customs-test-key-2026-11-23'
    String expected = "ffab44a97c5a8041bf5dd914abca9b1874cb17127e6b5d1b06f49e178af85f91";

    assertThat(HEX.formatHex(RandomDraw.hmac(KEY, "123456789012"))).isEqualTo(expected);
  }

  @Test
  @DisplayName(
      "agrees with the JDK's own HmacSHA256 for keys shorter and longer than a SHA-256 block")
  void agreesWithJdkMac() throws Exception {
    java.util.Random random = new java.util.Random(42);
    for (int length : new int[] {16, 32, 63, 64, 65, 100, 200}) {
      byte[] keyBytes = new byte[length];
      random.nextBytes(keyBytes);
      RandomKey key = new RandomKey("k" + length, Fixtures.DAY, keyBytes);
      javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
      mac.init(new javax.crypto.spec.SecretKeySpec(keyBytes, "HmacSHA256"));
      for (int i = 0; i < 50; i++) {
        String number = String.format("%012d", random.nextLong(1_000_000_000_000L));
        assertThat(RandomDraw.hmac(key, number))
            .as("key of %d bytes, %s", length, number)
            .isEqualTo(mac.doFinal(number.getBytes(StandardCharsets.UTF_8)));
      }
    }
  }

  @Test
  @DisplayName("maps the first 8 bytes as an unsigned number, keeping the top 53 bits")
  void mapsTopBitsOfFirstEightBytes() {
    // First 8 bytes 0xffab44a97c5a8041 = 18422894195415613505; >> 11 = 8995553806355280;
    // / 2^53 = 0.9987070955070099 (checked with Python: (int.from_bytes(h[:8], "big") >> 11) /
    // 2**53).
    // A signed reading of these bytes would give a negative number.
    assertThat(RandomDraw.draw(KEY, "123456789012")).isEqualTo(0.9987070955070099);
    assertThat(RandomDraw.draw(KEY, "123456789012")).isEqualTo(8995553806355280L * 0x1.0p-53);
  }

  @Test
  @DisplayName("stays within [0, 1) at both ends of the range")
  void staysInUnitInterval() {
    byte[] allOnes = new byte[32];
    java.util.Arrays.fill(allOnes, (byte) 0xFF);

    assertThat(RandomDraw.toUnitInterval(new byte[32])).isZero();
    assertThat(RandomDraw.toUnitInterval(allOnes)).isLessThan(1.0).isEqualTo(1.0 - 0x1.0p-53);
  }

  @Test
  @DisplayName("publishes as commitment the SHA-256 of the key, as openssl computes it")
  void commitmentIsSha256OfKey() {
    // Computed with: printf '%s' 'digital-customs-test-key-2026-11-23' | openssl dgst -sha256
    assertThat(KEY.commitment())
        .isEqualTo("ed161eb8c74c87400499e0a01e1ef897a42e2b6d6dda590a8d187aba9f5acd1c");
    assertThat(RandomKey.commitmentOf(Fixtures.KEY_TEXT.getBytes(StandardCharsets.US_ASCII)))
        .isEqualTo(KEY.commitment());
  }

  @Test
  @DisplayName("gives another draw under another key of the same day")
  void dependsOnTheKey() {
    RandomKey other =
        new RandomKey(
            "other",
            Fixtures.DAY,
            "another-key-for-the-same-day!!".getBytes(StandardCharsets.US_ASCII));

    assertThat(RandomDraw.draw(other, "123456789012"))
        .isNotEqualTo(RandomDraw.draw(KEY, "123456789012"));
  }

  @Test
  @DisplayName("gives the same draws on many threads at once as on one")
  void threadSafe() throws Exception {
    List<Double> expected = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      expected.add(RandomDraw.draw(KEY, String.format("%012d", i)));
    }
    RandomKey otherKey =
        RandomKey.ofHex("k2", LocalDate.of(2026, 11, 24), "00112233445566778899aabbccddeeff");
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<List<Double>>> results = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        results.add(
            pool.submit(
                () -> {
                  List<Double> draws = new ArrayList<>();
                  for (int i = 0; i < 2000; i++) {
                    // Alternating keys forces each thread's cached Mac to be re-keyed again and
                    // again.
                    RandomDraw.draw(otherKey, "000000000000");
                    draws.add(RandomDraw.draw(KEY, String.format("%012d", i)));
                  }
                  return draws;
                }));
      }
      for (Future<List<Double>> f : results) {
        assertThat(f.get()).isEqualTo(expected);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  @DisplayName("refuses keys shorter than 16 bytes and never prints the key")
  void keyHygiene() {
    assertThatThrownBy(() -> new RandomKey("short", Fixtures.DAY, new byte[8]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("16 bytes");
    assertThat(KEY.toString()).doesNotContain(KEY.hex()).contains(KEY.commitment());
    assertThat(RandomKey.ofHex(KEY.keyId(), KEY.date(), KEY.hex())).isEqualTo(KEY);
  }
}
