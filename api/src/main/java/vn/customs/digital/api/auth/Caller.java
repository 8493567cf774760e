package vn.customs.digital.api.auth;

import io.vertx.ext.web.RoutingContext;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import vn.customs.digital.problems.Problem;

/**
 * The authenticated party of a request, as the {@link Authenticator} read it from a verified access
 * token. {@code taxCode} is set for traders and brokers (10 or 13 digits) and null otherwise;
 * {@code gateCode} is set for gate devices whose token names their gate. {@code offices} are the
 * customs offices an officer works for (sorted, without repeats; empty for everyone else, and for
 * an officer whose token names none: such an officer's queue is empty).
 */
public record Caller(
    String subject, Role role, String taxCode, String gateCode, List<String> offices) {
  public static final Pattern TAX_CODE = Pattern.compile("^[0-9]{10}([0-9]{3})?$");

  /** A customs office code, as declarations carry it (customsOfficeCode in the contract). */
  public static final Pattern OFFICE_CODE = Pattern.compile("^[0-9A-Z]{4}$");

  /** Key of the caller in the routing context. */
  static final String CONTEXT_KEY = "vn.customs.digital.auth.caller";

  public Caller {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(role, "role");
    if (role.boundToTaxCode() && (taxCode == null || !TAX_CODE.matcher(taxCode).matches())) {
      throw new IllegalArgumentException("a " + role.claim() + " needs a 10 or 13 digit tax code");
    }
    if (!role.boundToTaxCode()) {
      taxCode = null;
    }
    if (role != Role.OFFICER || offices == null) {
      offices = List.of();
    }
    for (String office : offices) {
      if (office == null || !OFFICE_CODE.matcher(office).matches()) {
        throw new IllegalArgumentException("an office code is 4 of 0-9 A-Z, not " + office);
      }
    }
    offices = offices.stream().distinct().sorted().toList();
  }

  /** A caller without offices. */
  public Caller(String subject, Role role, String taxCode, String gateCode) {
    this(subject, role, taxCode, gateCode, List.of());
  }

  /** The authenticated caller, or a 401 problem when the request carried no bearer token. */
  public static Caller of(RoutingContext ctx) {
    Caller caller = ctx.get(CONTEXT_KEY);
    if (caller == null) {
      throw Problem.unauthorized("this operation needs a bearer access token").exception();
    }
    return caller;
  }

  /** The caller if it has one of the allowed roles: 401 without a token, 403 with another role. */
  public static Caller require(RoutingContext ctx, Role... allowed) {
    Caller caller = of(ctx);
    for (Role r : allowed) {
      if (caller.role == r) {
        return caller;
      }
    }
    throw Problem.forbidden(
            "this operation is for "
                + Arrays.stream(allowed).map(Role::claim).collect(Collectors.joining(" or "))
                + ", not "
                + caller.role.claim())
        .exception();
  }
}
