package vn.customs.digital.api.risk;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** What tests read of a decision record (GET /declarations/{id}/decision). */
public final class DecisionRecords {
  private DecisionRecords() {}

  /** The ids of the indicators that contributed to the decision. */
  public static List<String> fired(JsonObject record) {
    List<String> ids = new ArrayList<>();
    record
        .getJsonObject("decision")
        .getJsonArray("contributions")
        .forEach(c -> ids.add(((JsonObject) c).getString("indicatorId")));
    return ids;
  }
}
