package vn.customs.digital.api.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import vn.customs.digital.problems.Problem;

/**
 * The one rule for text that comes in (query, path, bodies, signed payloads): it is well-formed
 * UTF-8, and it holds no character the service cannot keep as it came. PostgreSQL text and jsonb
 * cannot hold U+0000, and a lone UTF-16 surrogate (an unpaired {@code \\ud800} escape in JSON) has
 * no UTF-8 form: either would be turned into a 500 by the database or silently replaced on the way
 * to it, so both are refused at the door.
 *
 * <p>Decoding is strict ({@link CodingErrorAction#REPORT}): Java's UTF-8 decoder also refuses
 * overlong forms and encoded surrogates ({@code ED A0 80}), which Jackson would otherwise accept.
 */
public final class InputText {
  private InputText() {}

  /** Thrown when bytes are not UTF-8; says where. */
  public static final class NotUtf8 extends Exception {
    private final int offset;

    NotUtf8(int offset) {
      super("not valid UTF-8: malformed byte sequence at byte " + offset, null, false, false);
      this.offset = offset;
    }

    public int offset() {
      return offset;
    }
  }

  /** The text of UTF-8 bytes, refusing anything malformed instead of replacing it. */
  public static String utf8(byte[] bytes) throws NotUtf8 {
    if (isAscii(bytes)) {
      return new String(bytes, StandardCharsets.ISO_8859_1);
    }
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length);
    if (decoder.decode(in, out, true).isError() || decoder.flush(out).isError()) {
      throw new NotUtf8(in.position());
    }
    return out.flip().toString();
  }

  /**
   * Whether these bytes are UTF-8; the cheap form of {@link #utf8} when the text itself is not
   * needed.
   */
  public static boolean isUtf8(byte[] bytes) {
    try {
      utf8(bytes);
      return true;
    } catch (NotUtf8 e) {
      return false;
    }
  }

  private static boolean isAscii(byte[] bytes) {
    for (byte b : bytes) {
      if (b < 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * The index of the first character the service does not accept (NUL, a lone surrogate), or -1.
   */
  public static int unacceptable(CharSequence s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == 0) {
        return i;
      }
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
          continue;
        }
        return i;
      }
      if (Character.isLowSurrogate(c)) {
        return i;
      }
    }
    return -1;
  }

  /** Why {@link #unacceptable} refused the character at index i: for problem details. */
  public static String why(CharSequence s, int i) {
    char c = s.charAt(i);
    return c == 0
        ? "contains U+0000 (NUL), which is not accepted"
        : String.format(
            "contains a lone UTF-16 surrogate (U+%04X), which is not a character", (int) c);
  }

  /**
   * The text with each character {@link #unacceptable} refuses replaced by U+FFFD: for echoing
   * input in a problem, whose JSON could not carry a lone surrogate either.
   */
  public static String shown(String s) {
    if (unacceptable(s) < 0) {
      return s;
    }
    StringBuilder b = new StringBuilder(s);
    for (int at = unacceptable(b); at >= 0; at = unacceptable(b)) {
      b.setCharAt(at, '\uFFFD');
    }
    return b.toString();
  }

  /**
   * Whether JSON text may hold, once parsed, a character {@link #unacceptable} refuses: a {@code
   * \\u0000} escape or an escaped surrogate that is not half of a pair. A scan of the bytes, so
   * that the common body without any such escape costs no second parse; a raw NUL byte is left to
   * the UTF-8 and JSON checks.
   */
  public static boolean mayHoldUnacceptableEscape(byte[] json) {
    int n = json.length;
    for (int i = 0; i < n; i++) {
      if (json[i] != '\\') {
        continue;
      }
      if (i + 1 < n && json[i + 1] == 'u') {
        int unit = hex4(json, i + 2);
        if (unit == 0 || Character.isLowSurrogate((char) unit)) {
          return true;
        }
        if (unit >= 0 && Character.isHighSurrogate((char) unit)) {
          int next =
              i + 6 + 1 < n && json[i + 6] == '\\' && json[i + 7] == 'u' ? hex4(json, i + 8) : -1;
          if (next < 0 || !Character.isLowSurrogate((char) next)) {
            return true;
          }
          i += 6; // the pair's low half is consumed with it
        }
        i += 5;
      } else {
        i++; // an escaped character, e.g. the second backslash of "\\u0000", which is no escape
      }
    }
    return false;
  }

  private static int hex4(byte[] b, int from) {
    if (from + 4 > b.length) {
      return -1;
    }
    int v = 0;
    for (int i = from; i < from + 4; i++) {
      int d = Character.digit(b[i], 16);
      if (d < 0) {
        return -1;
      }
      v = v * 16 + d;
    }
    return v;
  }

  /**
   * Every string of a parsed JSON value (member names included) that holds a character the service
   * does not accept, as JSON pointers (RFC 6901) under {@code pointer}.
   */
  public static List<Problem.FieldError> unacceptableStrings(Object json, String pointer) {
    List<Problem.FieldError> errors = new ArrayList<>();
    collect(json, pointer, errors);
    return errors;
  }

  private static void collect(Object value, String pointer, List<Problem.FieldError> errors) {
    if (value instanceof JsonObject o) {
      value = o.getMap();
    } else if (value instanceof JsonArray a) {
      value = a.getList();
    }
    if (value instanceof CharSequence s) {
      int at = unacceptable(s);
      if (at >= 0) {
        errors.add(new Problem.FieldError(pointer, "the value " + why(s, at)));
      }
    } else if (value instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> e : map.entrySet()) {
        String name = String.valueOf(e.getKey());
        String child = pointer + "/" + shown(name).replace("~", "~0").replace("/", "~1");
        int at = unacceptable(name);
        if (at >= 0) {
          errors.add(new Problem.FieldError(child, "the member name " + why(name, at)));
        }
        collect(e.getValue(), child, errors);
      }
    } else if (value instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        collect(list.get(i), pointer + "/" + i, errors);
      }
    }
  }
}
