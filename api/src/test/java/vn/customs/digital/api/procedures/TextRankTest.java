package vn.customs.digital.api.procedures;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("ts_rank's word distance")
class TextRankTest {

  @Test
  @DisplayName(
      "is the same float whichever libm computed exp, to a few ulps: the JDK's and glibc's need not"
          + " agree to the last bit")
  void wordDistanceDoesNotDependOnTheLastBitsOfExp() {
    for (int w = 1; w <= 100; w++) {
      double exp = StrictMath.exp(((float) w) / 1.5 - 2);
      float expected = TextRank.wordDistance(w);
      assertThat(Math.exp(((float) w) / 1.5 - 2))
          .as("w=%d", w)
          .isCloseTo(exp, org.assertj.core.data.Offset.offset(4 * Math.ulp(exp)));
      double lo = exp;
      double hi = exp;
      for (int ulps = 0; ulps < 4; ulps++) {
        lo = Math.nextDown(lo);
        hi = Math.nextUp(hi);
        assertThat(TextRank.wordDistanceFor(lo))
            .as("w=%d, exp %d ulps low", w, ulps + 1)
            .isEqualTo(expected);
        assertThat(TextRank.wordDistanceFor(hi))
            .as("w=%d, exp %d ulps high", w, ulps + 1)
            .isEqualTo(expected);
      }
    }
    assertThat(TextRank.wordDistance(101)).isEqualTo(1e-30f);
  }
}
