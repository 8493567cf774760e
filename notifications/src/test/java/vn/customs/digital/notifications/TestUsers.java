package vn.customs.digital.notifications;

import io.vertx.ext.web.RoutingContext;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Stands in for the api's auth handler: the user comes from a test header
 * "subject|taxCode|roles|lang[|offices]" (offices comma-separated).
 */
final class TestUsers {

  static final String HEADER = "X-Test-User";
  static final String TRADER = "trader-1|0312345678|trader|vi";
  static final String OTHER_TRADER = "trader-2|0399999999|trader|en";
  static final String OFFICER = "officer-1||officer|vi";
  static final String OFFICER_03CC = "officer-2||officer|vi|03CC";
  static final String OFFICER_04CC = "officer-3||officer|vi|04CC,05CC";

  private TestUsers() {}

  static NotificationUser fromHeader(RoutingContext ctx) {
    String header = ctx.request().getHeader(HEADER);
    if (header == null) {
      return null;
    }
    String[] parts = header.split("\\|", -1);
    Set<String> roles =
        Arrays.stream(parts[2].split(",")).filter(r -> !r.isEmpty()).collect(Collectors.toSet());
    Set<String> offices =
        parts.length > 4
            ? Arrays.stream(parts[4].split(","))
                .filter(o -> !o.isEmpty())
                .collect(Collectors.toSet())
            : Set.of();
    return new NotificationUser(
        parts[0], parts[1].isEmpty() ? null : parts[1], roles, parts[3], offices);
  }
}
