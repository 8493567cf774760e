package vn.customs.digital.edge.decision;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the e-seal reader reported about one seal. Reader payload (JSON): every seal's state, {@code
 * {"seals":[{"sealId":"SEAL123","state":"SEALED","containerNumber":"MSCU1234566"}, ...]}}, or one
 * report alone. {@code state} is kept as sent: a state this agent does not know is the caller's to
 * report.
 */
public record SealReport(String sealId, String state, String containerNumber) {

  /** The reports of a payload; an exception when it is not a report or a list of them. */
  public static List<SealReport> parse(String payload) {
    JsonObject json = new JsonObject(payload);
    JsonArray reports =
        json.containsKey("seals") ? json.getJsonArray("seals") : new JsonArray().add(json);
    List<SealReport> parsed = new ArrayList<>();
    for (int i = 0; i < reports.size(); i++) {
      JsonObject report = reports.getJsonObject(i);
      parsed.add(
          new SealReport(
              report.getString("sealId"),
              report.getString("state", ""),
              report.getString("containerNumber")));
    }
    return parsed;
  }

  /** The state, if it is one this agent knows. */
  public Optional<SealState> knownState() {
    try {
      return Optional.of(SealState.valueOf(state));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
