package vn.customs.digital.api.auth;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Who a caller is to customs; the claim name is what an access token carries in {@code roles} or
 * {@code role}.
 */
public enum Role {
  TRADER("trader"),
  BROKER("broker"),
  OFFICER("officer"),
  RISK_MANAGER("risk-manager"),
  GATE_DEVICE("gate-device");

  /** Every claim name, for messages: "trader, broker, ...". */
  public static final String CLAIM_NAMES =
      Arrays.stream(values()).map(Role::claim).collect(Collectors.joining(", "));

  private final String claim;

  Role(String claim) {
    this.claim = claim;
  }

  public String claim() {
    return claim;
  }

  /** Trader and broker act for an enterprise, so their tokens must name its tax code. */
  public boolean boundToTaxCode() {
    return this == TRADER || this == BROKER;
  }

  public static Optional<Role> fromClaim(String value) {
    for (Role r : values()) {
      if (r.claim.equals(value)) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }
}
