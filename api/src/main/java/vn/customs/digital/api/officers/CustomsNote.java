package vn.customs.digital.api.officers;

import io.vertx.core.json.JsonObject;
import java.util.List;
import vn.customs.digital.api.audit.AuditLog;
import vn.customs.digital.problems.Problem;

/**
 * An officer's customs-only note on a hold, an inspection, a reroute or a change of exit gate,
 * beside the public reason: the grounds or the intelligence behind an action, which the trader must
 * not read. It is kept in the action's audit record (member {@link AuditLog#CUSTOMS_ONLY}, covered
 * by the record's hash) and nowhere a trader or broker reads: {@code /history} leaves it out for
 * them, and no outbox message (push, live stream) carries it.
 */
final class CustomsNote {
  static final int MAX = 2000;

  private CustomsNote() {}

  /**
   * The body's optional {@code note}, stripped; null when absent or blank. A note over {@link #MAX}
   * characters, or not a string, is added to {@code errors}.
   */
  static String read(JsonObject body, List<Problem.FieldError> errors) {
    Object raw = body.getValue("note");
    if (raw == null) {
      return null;
    }
    if (!(raw instanceof String s)) {
      errors.add(new Problem.FieldError("/note", "must be a string"));
      return null;
    }
    String note = s.strip();
    if (note.codePointCount(0, note.length()) > MAX) {
      errors.add(new Problem.FieldError("/note", "at most " + MAX + " characters"));
      return null;
    }
    return note.isEmpty() ? null : note;
  }

  /** The audit details of an action, with the note when there is one. */
  static JsonObject into(JsonObject details, String note) {
    return note == null ? details : details.put(AuditLog.CUSTOMS_ONLY, note);
  }
}
