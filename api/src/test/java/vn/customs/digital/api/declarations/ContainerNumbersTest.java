package vn.customs.digital.api.declarations;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("ISO 6346 container numbers")
class ContainerNumbersTest {

  @ParameterizedTest
  @ValueSource(strings = {"MSCU1234566", "CSQU3054383", "TGHU0000008", "MAEJ0000000"})
  @DisplayName("numbers with the correct check digit are valid")
  void valid(String number) {
    assertThat(ContainerNumbers.isValid(number)).isTrue();
  }

  @Test
  @DisplayName("a weighted sum with remainder 10 takes check digit 0")
  void remainderTenIsZero() {
    // M=24 S=30 C=13 U=32, serial 000006: 24 + 60 + 52 + 256 + 6*512 = 3464 = 11*314 + 10.
    assertThat(ContainerNumbers.checkDigit("MSCU000006")).isZero();
    assertThat(ContainerNumbers.isValid("MSCU0000060")).isTrue();
    assertThat(ContainerNumbers.isValid("MSCU0000061")).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "MSCU1234565", // wrong check digit
        "MSCU1234576", // serial digit changed, check digit kept
        "CSQU3054384", // wrong check digit
        "MSCA1234566", // A is no equipment category (U, J, Z only)
        "mscu1234566", // lower case
        "MSCU 1234566", // space
        "MSCU123456", // too short
        "MSCU12345666", // too long
        "MS1U1234566", // digit in the owner code
        "MSCU12345X6"
      })
  @DisplayName("altered or malformed numbers are invalid")
  void invalid(String number) {
    assertThat(ContainerNumbers.isValid(number)).isFalse();
  }

  @ParameterizedTest
  @NullAndEmptySource
  @DisplayName("null and empty are invalid, not an exception")
  void nullAndEmpty(String number) {
    assertThat(ContainerNumbers.isValid(number)).isFalse();
  }
}
