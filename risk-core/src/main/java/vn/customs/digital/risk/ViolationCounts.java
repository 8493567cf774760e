package vn.customs.digital.risk;

/** Number of violations of each severity found against a trader in a time window. */
public record ViolationCounts(int minor, int serious, int criminal) {

  public static final ViolationCounts NONE = new ViolationCounts(0, 0, 0);

  public ViolationCounts {
    if (minor < 0 || serious < 0 || criminal < 0) {
      throw new IllegalArgumentException(
          "violation counts must not be negative: " + minor + "/" + serious + "/" + criminal);
    }
  }

  /** Violations of the given severity or a more serious one. */
  public int atLeast(ViolationSeverity severity) {
    return switch (severity) {
      case MINOR -> minor + serious + criminal;
      case SERIOUS -> serious + criminal;
      case CRIMINAL -> criminal;
    };
  }

  boolean noneExceeds(ViolationCounts wider) {
    return minor <= wider.minor && serious <= wider.serious && criminal <= wider.criminal;
  }
}
