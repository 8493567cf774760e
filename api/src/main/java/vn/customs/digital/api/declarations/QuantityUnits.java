package vn.customs.digital.api.declarations;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;

/**
 * Conversion between the UN/ECE Recommendation 20 unit codes of {@link ReferenceCodes#UNITS} that
 * measure the same thing: mass, volume, length, area, energy, and counts of units or of pairs. A
 * permit counts its goods in one unit, a declaration line in another: a line in grams takes its
 * weight off a permit in tonnes. Each unit's factor is exact (the pound is 0.45359237 kg by
 * definition, the US gallon 3.785411784 l). Packaging units (boxes, cartons, bags...) and power
 * (KWT) convert to nothing but themselves: a box holds no fixed quantity.
 */
public final class QuantityUnits {
  private QuantityUnits() {}

  /** A unit's dimension and its size in the dimension's base unit. */
  record Measure(String dimension, BigDecimal factor) {}

  private static final Map<String, Measure> MEASURES =
      Map.ofEntries(
          mass("KGM", "1"),
          mass("GRM", "0.001"),
          mass("MGM", "0.000001"),
          mass("TNE", "1000"),
          mass("CTM", "0.0002"),
          mass("LBR", "0.45359237"),
          mass("ONZ", "0.028349523125"),
          volume("LTR", "1"),
          volume("MLT", "0.001"),
          volume("CLT", "0.01"),
          volume("HLT", "100"),
          volume("DMQ", "1"),
          volume("CMQ", "0.001"),
          volume("MTQ", "1000"),
          volume("GLL", "3.785411784"),
          length("MTR", "1"),
          length("CMT", "0.01"),
          length("MMT", "0.001"),
          length("KMT", "1000"),
          length("FOT", "0.3048"),
          length("INH", "0.0254"),
          length("YRD", "0.9144"),
          area("MTK", "1"),
          area("CMK", "0.0001"),
          area("DMK", "0.01"),
          area("FTK", "0.09290304"),
          entry("KWH", "energy", "1"),
          entry("MWH", "energy", "1000"),
          entry("GWH", "energy", "1000000"),
          count("C62", "1"),
          count("H87", "1"),
          count("EA", "1"),
          count("NAR", "1"),
          count("DZN", "12"),
          count("GRO", "144"),
          entry("PR", "pairs", "1"),
          entry("NPR", "pairs", "1"),
          entry("TPR", "pairs", "10"));

  /** The decimals a permit's quantity keeps (V17: numeric(20,3)). */
  public static final int PERMIT_SCALE = 3;

  /**
   * {@code quantity} of {@code from} in units of {@code to}, rounded up to the permit's 3 decimals
   * (a line never takes less than it declares); null when the two do not measure the same thing.
   */
  public static BigDecimal convert(BigDecimal quantity, String from, String to) {
    if (from.equals(to)) {
      return quantity;
    }
    Measure a = MEASURES.get(from);
    Measure b = MEASURES.get(to);
    if (a == null || b == null || !a.dimension().equals(b.dimension())) {
      return null;
    }
    return quantity
        .multiply(a.factor())
        .divide(b.factor(), 12, RoundingMode.HALF_EVEN)
        .setScale(PERMIT_SCALE, RoundingMode.CEILING)
        .stripTrailingZeros();
  }

  /** What a unit measures ("mass", "volume", ...), or "packages of its own" for the others. */
  public static String dimension(String unit) {
    Measure m = MEASURES.get(unit);
    return m == null ? "packages of its own" : m.dimension();
  }

  private static Map.Entry<String, Measure> entry(String unit, String dimension, String factor) {
    return Map.entry(unit, new Measure(dimension, new BigDecimal(factor)));
  }

  private static Map.Entry<String, Measure> mass(String unit, String factor) {
    return entry(unit, "mass", factor);
  }

  private static Map.Entry<String, Measure> volume(String unit, String factor) {
    return entry(unit, "volume", factor);
  }

  private static Map.Entry<String, Measure> length(String unit, String factor) {
    return entry(unit, "length", factor);
  }

  private static Map.Entry<String, Measure> area(String unit, String factor) {
    return entry(unit, "area", factor);
  }

  private static Map.Entry<String, Measure> count(String unit, String factor) {
    return entry(unit, "count", factor);
  }
}
