package vn.customs.digital.api.auth;

import com.nimbusds.jose.jwk.ECKey;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import vn.customs.digital.api.ApiConfig;

/**
 * Command line behind {@code ops/token}: prints an access token of the development issuer, signed
 * with the key file the api uses (AUTH_DEV_KEY_FILE), as the last line of its output.
 */
public final class DevTokens {
  static final Duration MAX_TTL = Duration.ofDays(7);
  static final String DEFAULT_TRADER_TAX_CODE = "0101234567";
  static final String DEFAULT_BROKER_TAX_CODE = "0109876543";
  private static final Pattern TTL = Pattern.compile("^([1-9][0-9]{0,6})([smhd])$");
  private static final Pattern SUBJECT = Pattern.compile("^[A-Za-z0-9._@:-]{1,128}$");
  static final String USAGE =
      "usage: ops/token --role trader|broker|officer|risk-manager [--tax-code 0101234567]"
          + " [--office 03CC]... [--sub ID] [--ttl 1h]";

  private DevTokens() {}

  /** What the command line asked for, validated. */
  record Request(Role role, String taxCode, List<String> offices, String subject, Duration ttl) {}

  public static void main(String[] args) {
    System.exit(run(args, System.getenv(), System.out, System.err, Clock.systemUTC()));
  }

  /** The program without System.exit: 0 and a token printed, or 2 and a message. */
  static int run(
      String[] args, Map<String, String> env, PrintStream out, PrintStream err, Clock clock) {
    Request request;
    try {
      request = parse(args);
    } catch (IllegalArgumentException e) {
      err.println("ops/token: " + e.getMessage());
      err.println(USAGE);
      return 2;
    }
    Path keyFile = Path.of(value(env, "AUTH_DEV_KEY_FILE", ApiConfig.Auth.DEFAULT_DEV_KEY_FILE));
    String audience = value(env, "AUTH_AUDIENCE", ApiConfig.Auth.DEFAULT_AUDIENCE);
    String claim = value(env, "AUTH_TAX_CODE_CLAIM", "tax_code");
    String officesClaim = value(env, "AUTH_OFFICES_CLAIM", ApiConfig.Auth.DEFAULT_OFFICES_CLAIM);
    ECKey key;
    try {
      key = DevIssuer.loadOrCreate(keyFile);
    } catch (IOException e) {
      err.println(
          "ops/token: cannot use the development issuer key " + keyFile + ": " + e.getMessage());
      return 2;
    }
    String token =
        DevIssuer.token(
            key,
            audience,
            claim,
            request.role(),
            request.taxCode(),
            officesClaim,
            request.offices(),
            request.subject(),
            request.ttl(),
            clock);
    out.println(
        "# "
            + request.role().claim()
            + (request.taxCode() == null ? "" : " of " + request.taxCode())
            + (request.offices().isEmpty() ? "" : " at " + String.join(", ", request.offices()))
            + ", sub "
            + request.subject()
            + ", valid "
            + request.ttl().toMinutes()
            + " min, key "
            + keyFile);
    out.println("# use: curl -H \"Authorization: Bearer $TOKEN\" ...");
    out.println(token);
    return 0;
  }

  static Request parse(String[] args) {
    Role role = null;
    String taxCode = null;
    String subject = null;
    List<String> offices = new ArrayList<>();
    Duration ttl = Duration.ofHours(1);
    for (int i = 0; i < args.length; i++) {
      String name = args[i];
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(name + " needs a value");
      }
      String v = args[++i];
      switch (name) {
        case "--role" ->
            role =
                Role.fromClaim(v)
                    .filter(r -> r != Role.GATE_DEVICE)
                    .orElseThrow(() -> new IllegalArgumentException("unknown role " + v));
        case "--tax-code" -> {
          if (!Caller.TAX_CODE.matcher(v).matches()) {
            throw new IllegalArgumentException("--tax-code must be 10 or 13 digits");
          }
          taxCode = v;
        }
        case "--office" -> {
          if (!Caller.OFFICE_CODE.matcher(v).matches()) {
            throw new IllegalArgumentException(
                "--office must be a customs office code: 4 of 0-9 A-Z, e.g. 03CC");
          }
          offices.add(v);
        }
        case "--sub" -> {
          if (!SUBJECT.matcher(v).matches()) {
            throw new IllegalArgumentException("--sub must be 1-128 of A-Z a-z 0-9 . _ @ : -");
          }
          subject = v;
        }
        case "--ttl" -> ttl = ttl(v);
        default -> throw new IllegalArgumentException("unknown option " + name);
      }
    }
    if (role == null) {
      throw new IllegalArgumentException("--role is required");
    }
    if (role.boundToTaxCode() && taxCode == null) {
      taxCode = role == Role.TRADER ? DEFAULT_TRADER_TAX_CODE : DEFAULT_BROKER_TAX_CODE;
    }
    if (!role.boundToTaxCode()) {
      if (taxCode != null) {
        throw new IllegalArgumentException("--tax-code applies to trader and broker only");
      }
    }
    if (role != Role.OFFICER && !offices.isEmpty()) {
      throw new IllegalArgumentException("--office applies to officer only");
    }
    if (subject == null) {
      subject = "dev-" + role.claim() + (taxCode == null ? "" : "-" + taxCode);
    }
    return new Request(role, taxCode, offices.stream().distinct().toList(), subject, ttl);
  }

  static Duration ttl(String v) {
    Matcher m = TTL.matcher(v);
    if (!m.matches()) {
      throw new IllegalArgumentException("--ttl must look like 90s, 30m, 1h or 2d");
    }
    long n = Long.parseLong(m.group(1));
    Duration d =
        switch (m.group(2)) {
          case "s" -> Duration.ofSeconds(n);
          case "m" -> Duration.ofMinutes(n);
          case "h" -> Duration.ofHours(n);
          default -> Duration.ofDays(n);
        };
    if (d.compareTo(MAX_TTL) > 0) {
      throw new IllegalArgumentException("--ttl is at most 7d");
    }
    return d;
  }

  private static String value(Map<String, String> env, String name, String fallback) {
    String v = env.get(name);
    return v == null || v.isBlank() ? fallback : v.trim();
  }
}
