package vn.customs.digital.notifications;

import java.util.Objects;
import java.util.Set;

/**
 * The authenticated caller, as the api's auth handler established it.
 *
 * @param subject the token's subject (stable user id)
 * @param taxCode the enterprise the user acts for; null for officers
 * @param roles e.g. {@code trader}, {@code broker}, {@code officer}
 * @param lang {@code vi} or {@code en}, the user's preferred language
 */
public record NotificationUser(String subject, String taxCode, Set<String> roles, String lang) {

  public NotificationUser {
    Objects.requireNonNull(subject, "subject");
    roles = roles == null ? Set.of() : Set.copyOf(roles);
    lang = "en".equals(lang) ? "en" : "vi";
  }
}
