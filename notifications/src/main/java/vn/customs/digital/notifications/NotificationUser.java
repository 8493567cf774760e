package vn.customs.digital.notifications;

import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * The authenticated caller, as the api's auth handler established it.
 *
 * @param subject the token's subject (stable user id)
 * @param taxCode the enterprise the user acts for; null for officers
 * @param roles e.g. {@code trader}, {@code broker}, {@code officer}
 * @param lang {@code vi} or {@code en}, the user's preferred language
 * @param offices the customs offices an officer works for (its token's offices claim); empty for
 *     everyone else
 */
public record NotificationUser(
    String subject, String taxCode, Set<String> roles, String lang, Set<String> offices) {

  /** The audience prefix of messages for the officers of one customs office. */
  public static final String OFFICE_AUDIENCE = "office:";

  private static final String OFFICER = "officer";

  public NotificationUser {
    Objects.requireNonNull(subject, "subject");
    roles = roles == null ? Set.of() : Set.copyOf(roles);
    lang = "en".equals(lang) ? "en" : "vi";
    offices = offices == null || !roles.contains(OFFICER) ? Set.of() : Set.copyOf(offices);
  }

  /** A user who works for no customs office. */
  public NotificationUser(String subject, String taxCode, Set<String> roles, String lang) {
    this(subject, taxCode, roles, lang, Set.of());
  }

  /**
   * The audiences the user belongs to: its roles, and for an officer {@code office:<code>} for each
   * of its offices (messages about one office's queue are addressed so).
   */
  public Set<String> audiences() {
    Set<String> audiences = new LinkedHashSet<>(roles);
    offices.forEach(office -> audiences.add(OFFICE_AUDIENCE + office));
    return audiences;
  }
}
