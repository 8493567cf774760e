package vn.customs.digital.api.declarations;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Conversion between UN/ECE Rec 20 units of the same measure")
class QuantityUnitsTest {

  private static String convert(String quantity, String from, String to) {
    BigDecimal converted = QuantityUnits.convert(new BigDecimal(quantity), from, to);
    return converted == null ? null : converted.toPlainString();
  }

  @Test
  @DisplayName(
      "mass, volume, length, area, energy and counts convert exactly, rounded up to 3 decimals")
  void sameMeasure() {
    assertThat(convert("2500", "GRM", "KGM")).isEqualTo("2.5");
    assertThat(convert("1", "TNE", "KGM")).isEqualTo("1000");
    assertThat(convert("1", "LBR", "ONZ")).isEqualTo("16");
    assertThat(convert("1", "GRM", "TNE")).isEqualTo("0.001");
    assertThat(convert("750", "MLT", "LTR")).isEqualTo("0.75");
    assertThat(convert("2", "MTQ", "LTR")).isEqualTo("2000");
    assertThat(convert("1", "GLL", "LTR")).isEqualTo("3.786");
    assertThat(convert("12", "INH", "FOT")).isEqualTo("1");
    assertThat(convert("3", "DZN", "C62")).isEqualTo("36");
    assertThat(convert("1", "GRO", "DZN")).isEqualTo("12");
    assertThat(convert("5", "TPR", "PR")).isEqualTo("50");
    assertThat(convert("1", "GWH", "KWH")).isEqualTo("1000000");
    assertThat(convert("7.125", "BX", "BX")).isEqualTo("7.125");
  }

  @Test
  @DisplayName("units of different measures, packages and power convert to nothing else")
  void otherMeasures() {
    assertThat(convert("1", "C62", "KGM")).isNull();
    assertThat(convert("1", "LTR", "KGM")).isNull();
    assertThat(convert("1", "PR", "C62")).isNull();
    assertThat(convert("1", "BX", "CT")).isNull();
    assertThat(convert("1", "KWT", "KWH")).isNull();
    assertThat(QuantityUnits.dimension("KGM")).isEqualTo("mass");
    assertThat(QuantityUnits.dimension("BX")).isEqualTo("packages of its own");
  }
}
