package vn.customs.digital.api.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import vn.customs.digital.problems.Problem;

@DisplayName("The rule for incoming text")
class InputTextTest {

  private static byte[] bytes(int... values) {
    byte[] b = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      b[i] = (byte) values[i];
    }
    return b;
  }

  @Test
  @DisplayName("UTF-8 text decodes to the same characters, ASCII or not")
  void decodesUtf8() throws Exception {
    String text = "thủ tục hải quan 😀";
    assertThat(InputText.utf8(text.getBytes(StandardCharsets.UTF_8))).isEqualTo(text);
    assertThat(InputText.utf8("plain".getBytes(StandardCharsets.US_ASCII))).isEqualTo("plain");
  }

  @Test
  @DisplayName(
      "malformed UTF-8 (FF FE, an overlong NUL, an encoded surrogate, a cut sequence) is refused, with its offset")
  void refusesMalformedUtf8() {
    assertThatThrownBy(() -> InputText.utf8(bytes('a', 0xFF, 0xFE)))
        .isInstanceOf(InputText.NotUtf8.class)
        .satisfies(e -> assertThat(((InputText.NotUtf8) e).offset()).isEqualTo(1));
    assertThat(InputText.isUtf8(bytes(0xC0, 0x80))).isFalse();
    assertThat(InputText.isUtf8(bytes(0xED, 0xA0, 0x80))).isFalse();
    assertThat(InputText.isUtf8(bytes('a', 0xE1, 0xBB))).isFalse();
  }

  @Test
  @DisplayName(
      "NUL and lone surrogates are unacceptable; a surrogate pair is a character like any other")
  void unacceptableCharacters() {
    assertThat(InputText.unacceptable("ab\u0000")).isEqualTo(2);
    assertThat(InputText.unacceptable("a\ud800b")).isEqualTo(1);
    assertThat(InputText.unacceptable("a\udc00")).isEqualTo(1);
    assertThat(InputText.unacceptable("a\ud800")).isEqualTo(1);
    assertThat(InputText.unacceptable("😀 \u0001\t")).isEqualTo(-1);
    assertThat(InputText.shown("a\u0000b\ud800")).isEqualTo("a\uFFFDb\uFFFD");
  }

  @Test
  @DisplayName(
      "the escape scan finds NUL and lone-surrogate escapes, and passes pairs and escaped backslashes")
  void escapeScan() {
    assertThat(scan("{\"a\":\"x\\u0000\"}")).isTrue();
    assertThat(scan("{\"a\":\"\\ud800\"}")).isTrue();
    assertThat(scan("{\"a\":\"\\uD800x\"}")).isTrue();
    assertThat(scan("{\"a\":\"\\udc00\"}")).isTrue();
    assertThat(scan("{\"a\":\"\\ud800\\u0041\"}")).isTrue();
    assertThat(scan("{\"a\":\"\\ud83d\\ude00\"}")).isFalse();
    assertThat(scan("{\"a\":\"\\\\u0000\"}")).isFalse();
    assertThat(scan("{\"a\":\"\\\\\\u0000\"}")).isTrue();
    assertThat(scan("{\"a\":\"\\u00e9\\n\"}")).isFalse();
  }

  private static boolean scan(String json) {
    return InputText.mayHoldUnacceptableEscape(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  @DisplayName(
      "every offending string of a parsed document is named by its JSON pointer, member names too")
  void pointers() {
    JsonObject doc =
        new JsonObject(
            "{\"events\":[{\"deviceId\":\"cam\\u0000\"},{\"ok\":\"x\"}],\"a/b\":{\"c~\\u0000\":1},"
                + "\"s\":\"\\udc00\"}");
    assertThat(InputText.unacceptableStrings(doc, ""))
        .extracting(Problem.FieldError::pointer)
        .containsExactlyInAnyOrder("/events/0/deviceId", "/a~1b/c~0\uFFFD", "/s");
  }
}
