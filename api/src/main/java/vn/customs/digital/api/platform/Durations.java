package vn.customs.digital.api.platform;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations in configuration: a whole number and a unit, {@code 90s}, {@code 30m}, {@code 1h} or
 * {@code 7d}.
 */
public final class Durations {
  private static final Pattern DURATION = Pattern.compile("([0-9]{1,6})\\s*([smhd])");

  private Durations() {}

  /**
   * The duration {@code name} holds, or {@code fallback} when it is unset; a malformed or
   * out-of-range value is added to {@code problems} (and {@code fallback} returned), so that one
   * start-up names every bad setting.
   */
  public static Duration parse(
      String name,
      String text,
      Duration fallback,
      Duration min,
      Duration max,
      List<String> problems) {
    if (text == null || text.isBlank()) {
      return fallback;
    }
    Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      problems.add(name + "=" + text + " must be a duration such as 90s, 30m, 1h or 7d");
      return fallback;
    }
    long n = Long.parseLong(m.group(1));
    Duration d =
        switch (m.group(2)) {
          case "s" -> Duration.ofSeconds(n);
          case "m" -> Duration.ofMinutes(n);
          case "h" -> Duration.ofHours(n);
          default -> Duration.ofDays(n);
        };
    if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
      problems.add(name + "=" + text + " is out of range " + show(min) + ".." + show(max));
      return fallback;
    }
    return d;
  }

  private static String show(Duration d) {
    if (d.toSeconds() % 86_400 == 0) {
      return d.toDays() + "d";
    }
    if (d.toSeconds() % 3_600 == 0) {
      return d.toHours() + "h";
    }
    return d.toSeconds() % 60 == 0 ? d.toMinutes() + "m" : d.toSeconds() + "s";
  }
}
