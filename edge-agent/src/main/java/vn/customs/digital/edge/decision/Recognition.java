package vn.customs.digital.edge.decision;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import vn.customs.digital.edge.feed.clearances.ClearanceVerifier;

/**
 * What the lane camera read from one vehicle. Camera payload (JSON): {@code
 * {"readId":"...","plate":"15C12345","containerNumbers":["MSCU1234566"],"confidence":0.97,"imageRef":"..."}}.
 */
public record Recognition(
    Optional<String> readId,
    String plate,
    List<String> containerNumbers,
    double confidence,
    Optional<String> imageRef) {

  public static Recognition parse(String payload) {
    JsonObject json = new JsonObject(payload);
    List<String> containers = new ArrayList<>();
    JsonArray array = json.getJsonArray("containerNumbers", new JsonArray());
    for (int i = 0; i < array.size(); i++) {
      containers.add(array.getString(i).trim().toUpperCase(Locale.ROOT));
    }
    Number confidence = json.getNumber("confidence");
    if (confidence == null) {
      throw new IllegalArgumentException("recognition without confidence");
    }
    String plate = json.getString("plate", "");
    return new Recognition(
        Optional.ofNullable(json.getString("readId")),
        plate.isBlank() ? "" : ClearanceVerifier.normalisePlate(plate),
        List.copyOf(containers),
        confidence.doubleValue(),
        Optional.ofNullable(json.getString("imageRef")));
  }
}
