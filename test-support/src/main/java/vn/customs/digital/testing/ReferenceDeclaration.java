package vn.customs.digital.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The reference import declaration, exactly as a trader's app sends it: the payload of the compact
 * JWS (ES256) in {@code POST /api/v1/declarations}, for enterprise 0101234567. It fixes the public
 * contract (the api must accept it as it is) and is the template of the tests and benchmarks. Its
 * container numbers carry valid ISO 6346 check digits; both HS codes are in the seeded tariff and
 * USD in the seeded exchange rates.
 *
 * <p>One file, {@code declaration-import.json} beside this class in the repository; everything
 * reads it through here (or, from a script, at {@link #REPOSITORY_PATH}).
 */
public final class ReferenceDeclaration {
  /** Where the file lives in the repository, for scripts that are not on the classpath. */
  public static final String REPOSITORY_PATH =
      "test-support/src/main/resources/vn/customs/digital/testing/declaration-import.json";

  private static final String PAYLOAD = read();

  private ReferenceDeclaration() {}

  /** The payload's text, byte for byte as in the file. */
  public static String payload() {
    return PAYLOAD;
  }

  private static String read() {
    try (InputStream in =
        ReferenceDeclaration.class.getResourceAsStream("declaration-import.json")) {
      if (in == null) {
        throw new IllegalStateException(
            "declaration-import.json is missing from test-support's resources");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
