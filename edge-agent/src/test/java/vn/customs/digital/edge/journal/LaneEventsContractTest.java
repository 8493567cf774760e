package vn.customs.digital.edge.journal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.SchemaRepository;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import vn.customs.digital.edge.decision.GateDecision.Decision;
import vn.customs.digital.edge.decision.HoldReason;
import vn.customs.digital.edge.decision.Recognition;
import vn.customs.digital.edge.decision.SealState;
import vn.customs.digital.edge.feed.clearances.Clearance;

/**
 * Every event the agent builds ({@link LaneEvents}, the one place each type's data is made) is one
 * the api takes: it validates against the schema the api's contract ({@code
 * api/src/main/resources/openapi.yaml}, copied into the test classes by the build) maps its type
 * to, the schema the api validates each event with. Every type of each side is known to the other.
 */
@DisplayName("The agent's gate events and the api's contract")
class LaneEventsContractTest {
  private static final String BASE = "app:///openapi.yaml";
  private static final JsonSchemaOptions OPTIONS =
      new JsonSchemaOptions()
          .setDraft(Draft.DRAFT202012)
          .setBaseUri(BASE)
          .setOutputFormat(OutputFormat.Basic);
  private static final Instant AT = Instant.parse("2026-12-07T08:00:00Z");

  private static SchemaRepository schemas;
  private static JsonObject mapping;

  @BeforeAll
  static void contract() throws IOException {
    try (InputStream in =
        LaneEventsContractTest.class
            .getClassLoader()
            .getResourceAsStream("contract/openapi.yaml")) {
      assertThat(in).as("the api's contract in the test classes (see the pom)").isNotNull();
      @SuppressWarnings("unchecked")
      Map<String, Object> map = new ObjectMapper(new YAMLFactory()).readValue(in, Map.class);
      JsonObject document = new JsonObject(map);
      schemas = SchemaRepository.create(OPTIONS).dereference(BASE, JsonSchema.of(document.copy()));
      mapping =
          document
              .getJsonObject("components")
              .getJsonObject("schemas")
              .getJsonObject("GateEvent")
              .getJsonObject("discriminator")
              .getJsonObject("mapping");
    }
  }

  @Test
  @DisplayName("the contract describes exactly the agent's event types")
  void sameTypes() {
    Set<String> agent =
        Arrays.stream(EventType.values())
            .map(Enum::name)
            .collect(Collectors.toCollection(TreeSet::new));
    assertThat(new TreeSet<>(mapping.fieldNames())).isEqualTo(agent);
  }

  @Test
  @DisplayName("every event the agent builds validates against its type's schema in the contract")
  void everyEventValidates() {
    List<GateEvent> events = everyKindOfEvent();
    Set<EventType> covered = EnumSet.noneOf(EventType.class);
    List<String> failures = new ArrayList<>();
    long seq = 1;
    for (GateEvent event : events) {
      covered.add(event.type());
      JsonObject json = event.withSeq(seq++).toJson();
      String ref = mapping.getString(event.type().name());
      OutputUnit result =
          schemas
              .validator(JsonSchema.of(new JsonObject().put("$ref", BASE + ref)), OPTIONS)
              .validate(json);
      if (!Boolean.TRUE.equals(result.getValid())) {
        failures.add(
            json.encode()
                + "\n    "
                + (result.getErrors() == null
                    ? "invalid"
                    : result.getErrors().stream()
                        .map(e -> e.getInstanceLocation() + ": " + e.getError())
                        .collect(Collectors.joining("\n    "))));
      }
    }
    assertThat(failures).as("events the api's contract refuses").isEmpty();
    assertThat(covered).as("event types built here").isEqualTo(EnumSet.allOf(EventType.class));
  }

  @Test
  @DisplayName("an event that breaks its schema is caught (the check can fail)")
  void brokenEventIsCaught() {
    JsonObject json = new LaneEvents("L1", "agent").barrierClosed(AT, "PASSAGE").toJson();
    json.getJsonObject("data").put("reason", "GRAVITY");
    OutputUnit result =
        schemas
            .validator(
                JsonSchema.of(
                    new JsonObject().put("$ref", BASE + mapping.getString("BARRIER_CLOSED"))),
                OPTIONS)
            .validate(json);
    assertThat(result.getValid()).isFalse();
  }

  /** Each builder of LaneEvents, with what the lane gives it, in the shapes it takes. */
  private static List<GateEvent> everyKindOfEvent() {
    LaneEvents lane = new LaneEvents("L1", "vnhph-l1-agent");
    Recognition read =
        new Recognition(
            Optional.of("read-1"),
            "15C12345",
            List.of("MSCU1234566", "CSQU3054383"),
            0.97,
            Optional.of("img/1.jpg"));
    Recognition bare = new Recognition(Optional.empty(), "", List.of(), 0.4, Optional.empty());
    List<Clearance> clearances =
        List.of(
            new Clearance(
                Clearance.Kind.CLEARANCE,
                "VNHPH",
                "MSCU1234566",
                "8f8e1c1a-0000-4000-8000-000000000001",
                "300000000001",
                Optional.of("15C12345"),
                Optional.of("SEAL1"),
                AT.plusSeconds(3600),
                AT,
                7,
                Optional.empty(),
                "jws"));
    List<GateEvent> events = new ArrayList<>();
    events.addAll(lane.vehicleRead(AT, "cam-1", read));
    events.addAll(lane.vehicleRead(AT, "cam-1", bare));
    GateEvent opened = lane.barrierOpened(AT, "15C12345", clearances);
    events.add(opened);
    events.add(lane.barrierOpened(AT, "", List.of()));
    for (HoldReason reason : HoldReason.values()) {
      events.add(
          lane.hold(
              AT,
              read,
              new Decision(
                  false, Optional.of(reason), Optional.of("MSCU1234566"), "why", List.of())));
    }
    events.add(
        lane.hold(
            AT,
            bare,
            new Decision(
                false,
                Optional.of(HoldReason.NO_CONTAINER_READ),
                Optional.empty(),
                null,
                List.of())));
    events.add(lane.passageConfirmed(AT, clearances, null));
    // a one-time passage's opening and passage name the officer's authorisation
    LaneEvents.Authorised authorised =
        new LaneEvents.Authorised("0190f3a4-7b2c-7d4e-8f01-23456789abcd", List.of("MSCU1234566"));
    events.add(lane.barrierOpened(AT, "51C12345", clearances, authorised));
    events.add(lane.passageConfirmed(AT, clearances, authorised));
    for (String reason : List.of("PASSAGE", "TIMEOUT", "WATCHDOG")) {
      events.add(lane.barrierClosed(AT, reason));
    }
    events.add(lane.passageInterrupted(AT, opened.withSeq(41)));
    events.add(lane.passageInterrupted(AT, lane.barrierOpened(AT, "", List.of()).withSeq(42)));
    for (SealState state : SealState.values()) {
      events.add(lane.sealState(AT, "seal-reader-1", "SEAL1", state, "MSCU1234566"));
    }
    events.add(lane.sealState(AT, "seal-reader-1", "SEAL2", SealState.SEALED, null));
    events.add(
        lane.deviceFault(AT, "cam-1", URI.create("coap://127.0.0.1:5683/camera"), "timeout"));
    events.add(lane.agentOnline(AT, null));
    events.add(lane.agentOnline(AT, AT.minusSeconds(600)));
    events.add(lane.agentOffline(AT, "Connection refused: /127.0.0.1:8080"));
    events.add(lane.quotaAlarm(AT, false, 110_000_000L, 134_217_728L, 81.9, 80, 250_000));
    events.add(lane.quotaAlarm(AT, true, 134_217_728L, 134_217_728L, 100.0, 80, 400_000));
    return events;
  }
}
