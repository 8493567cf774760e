package vn.customs.digital.api.payments;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import vn.customs.digital.api.ApiConfig;

/**
 * The payment gateway's settings, read once at start-up and validated as a whole (every problem
 * named in one message). Outside production the defaults point at the sandbox bank of {@code
 * ops/run}; in production the terminal code and hash secret must be given.
 *
 * @param tmnCode VNPAY terminal code (vnp_TmnCode)
 * @param hashSecret the terminal's HMAC-SHA512 secret; never logged
 * @param payUrl the gateway's payment page (VNPAY: .../paymentv2/vpcpay.html)
 * @param returnUrl where the bank sends the payer's browser back (the app)
 * @param ttl how long a payment may stay unpaid before it expires
 * @param dueDate when duties fall due, which makes a payment after it late ({@code
 *     PAYMENT_DUE_DAYS})
 */
public record PaymentsConfig(
    String tmnCode,
    String hashSecret,
    String payUrl,
    String returnUrl,
    Duration ttl,
    DutyDueDate dueDate) {
  /** The sandbox bank's development terminal; refused in production. */
  public static final String DEV_TMN_CODE = "DCSANDBX";

  public static final String DEV_HASH_SECRET = "DIGITALCUSTOMSSANDBOXSECRETKEY01";
  public static final String DEFAULT_PAY_URL = "http://localhost:8090/paymentv2/vpcpay.html";
  public static final String DEFAULT_RETURN_URL = "http://localhost:8080/app/payments/return";
  private static final Pattern TTL = Pattern.compile("([0-9]{1,6})\\s*(s|m|h)?");

  @Override
  public String toString() {
    return "PaymentsConfig[tmnCode="
        + tmnCode
        + ", payUrl="
        + payUrl
        + ", returnUrl="
        + returnUrl
        + ", ttl="
        + ttl
        + ", dueDays="
        + dueDate.days()
        + "]";
  }

  public static PaymentsConfig fromEnv(Map<String, String> env) {
    List<String> problems = new ArrayList<>();
    boolean production = "production".equalsIgnoreCase(value(env, "APP_PROFILE", "development"));
    String tmn = value(env, "VNPAY_TMN_CODE", production ? null : DEV_TMN_CODE);
    if (tmn == null) {
      problems.add("VNPAY_TMN_CODE is required with APP_PROFILE=production");
    } else if (!tmn.matches("[A-Za-z0-9]{1,20}")) {
      problems.add("VNPAY_TMN_CODE must be 1 to 20 letters or digits");
    }
    String secret = secret(env, problems, production);
    String payUrl = value(env, "VNPAY_PAY_URL", production ? null : DEFAULT_PAY_URL);
    if (payUrl == null) {
      problems.add("VNPAY_PAY_URL is required with APP_PROFILE=production");
    } else {
      checkUrl(problems, "VNPAY_PAY_URL", payUrl);
    }
    String returnUrl = value(env, "VNPAY_RETURN_URL", production ? null : DEFAULT_RETURN_URL);
    if (returnUrl == null) {
      problems.add("VNPAY_RETURN_URL is required with APP_PROFILE=production");
    } else {
      checkUrl(problems, "VNPAY_RETURN_URL", returnUrl);
    }
    Duration ttl = ttl(value(env, "PAYMENT_TTL", "15m"), problems);
    int dueDays =
        dueDays(value(env, "PAYMENT_DUE_DAYS", String.valueOf(DutyDueDate.DEFAULT_DAYS)), problems);
    if (production && DEV_TMN_CODE.equals(tmn)) {
      problems.add(
          "VNPAY_TMN_CODE="
              + DEV_TMN_CODE
              + " is the sandbox terminal, refused with APP_PROFILE=production");
    }
    if (!problems.isEmpty()) {
      throw new ApiConfig.InvalidConfig(problems);
    }
    return new PaymentsConfig(tmn, secret, payUrl, returnUrl, ttl, new DutyDueDate(dueDays));
  }

  private static String secret(Map<String, String> env, List<String> problems, boolean production) {
    String inline = value(env, "VNPAY_HASH_SECRET", null);
    String file = value(env, "VNPAY_HASH_SECRET_FILE", null);
    if (inline != null && file != null) {
      problems.add("set VNPAY_HASH_SECRET or VNPAY_HASH_SECRET_FILE, not both");
      return inline;
    }
    String secret = inline;
    if (file != null) {
      try {
        // Read once at start-up, before any event loop runs.
        secret = Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
      } catch (IOException | RuntimeException e) {
        problems.add("VNPAY_HASH_SECRET_FILE " + file + " cannot be read: " + e.getMessage());
        return null;
      }
    }
    if (secret == null) {
      if (production) {
        problems.add(
            "VNPAY_HASH_SECRET or VNPAY_HASH_SECRET_FILE is required with APP_PROFILE=production");
        return null;
      }
      return DEV_HASH_SECRET;
    }
    if (secret.length() < 16 || secret.length() > 256) {
      problems.add("the VNPAY hash secret must be 16 to 256 characters");
    }
    if (production && DEV_HASH_SECRET.equals(secret)) {
      problems.add("the sandbox hash secret is refused with APP_PROFILE=production");
    }
    return secret;
  }

  /** "15m", "900s", "1h", or plain minutes ("15"); 1 minute to 24 hours. */
  static Duration ttl(String text, List<String> problems) {
    Matcher m = TTL.matcher(text.trim().toLowerCase(java.util.Locale.ROOT));
    if (!m.matches()) {
      problems.add("PAYMENT_TTL=" + text + " must be a duration such as 15m, 900s or 1h");
      return Duration.ofMinutes(15);
    }
    long n = Long.parseLong(m.group(1));
    Duration d =
        switch (m.group(2) == null ? "m" : m.group(2)) {
          case "s" -> Duration.ofSeconds(n);
          case "h" -> Duration.ofHours(n);
          default -> Duration.ofMinutes(n);
        };
    if (d.compareTo(Duration.ofMinutes(1)) < 0 || d.compareTo(Duration.ofHours(24)) > 0) {
      problems.add("PAYMENT_TTL=" + text + " is out of range 1m..24h");
      return Duration.ofMinutes(15);
    }
    return d;
  }

  /** Whole customs days after registration, 1 to 90. */
  static int dueDays(String text, List<String> problems) {
    if (text.matches("[0-9]{1,3}")) {
      int days = Integer.parseInt(text);
      if (days >= 1 && days <= 90) {
        return days;
      }
    }
    problems.add("PAYMENT_DUE_DAYS=" + text + " must be a whole number of days from 1 to 90");
    return DutyDueDate.DEFAULT_DAYS;
  }

  private static void checkUrl(List<String> problems, String name, String value) {
    try {
      URI uri = new URI(value);
      if (uri.getHost() == null
          || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))
          || value.length() > 1000) {
        problems.add(
            name + "=" + value + " must be an absolute http(s) URL of at most 1000 characters");
      }
    } catch (URISyntaxException e) {
      problems.add(name + "=" + value + " is not a URL");
    }
  }

  private static String value(Map<String, String> env, String name, String fallback) {
    String v = env.get(name);
    return v == null || v.isBlank() ? fallback : v.trim();
  }
}
