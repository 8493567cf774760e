package vn.customs.digital.risk;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * JSON form of the risk core's records, for storage and replay: the api stores the facts, the
 * profile and the decision as written here, and a replay reads them back into equal records.
 *
 * <p>Numbers round-trip exactly: BigDecimal keeps its scale (written as {@code toString}, read back
 * as BigDecimal), and doubles are written in the shortest form that reads back to the same double.
 * Dates are ISO {@code yyyy-mm-dd}.
 */
public final class RiskJson {

  private static final ObjectMapper MAPPER = configure(JsonMapper.builder().build());

  /**
   * Profiles stored before a count was added to {@link TraderProfile} (amendments after release,
   * late payments) lack it; it reads as 0, which is what had been recorded. Pinned here, so that a
   * stricter mapper setting never stops an old decision record from replaying.
   */
  private static final ObjectReader PROFILE_READER =
      MAPPER
          .readerFor(TraderProfile.class)
          .without(
              DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES,
              DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

  private RiskJson() {}

  /** The shared, configured mapper (thread-safe once configured; do not reconfigure it). */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /**
   * Adds what the risk core needs to a mapper: ISO dates, without the jsr310 module (one dependency
   * less for a library that only needs LocalDate).
   */
  public static <M extends ObjectMapper> M configure(M mapper) {
    SimpleModule dates = new SimpleModule("risk-core-dates");
    dates.addSerializer(LocalDate.class, new IsoDateSerializer());
    dates.addDeserializer(LocalDate.class, new IsoDateDeserializer());
    mapper.registerModule(dates);
    return mapper;
  }

  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "cannot write " + value.getClass().getSimpleName() + " as JSON", e);
    }
  }

  public static <T> T read(String json, Class<T> type) {
    return read(MAPPER.readerFor(type), json, type);
  }

  private static <T> T read(ObjectReader reader, String json, Class<T> type) {
    try {
      return reader.readValue(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "cannot read " + type.getSimpleName() + " from JSON: " + e.getOriginalMessage(), e);
    }
  }

  public static String writeFacts(DeclarationFacts facts) {
    return write(facts);
  }

  public static DeclarationFacts readFacts(String json) {
    return read(json, DeclarationFacts.class);
  }

  public static String writeProfile(TraderProfile profile) {
    return write(profile);
  }

  /** A stored profile; counts it does not carry (it was stored before they existed) read as 0. */
  public static TraderProfile readProfile(String json) {
    return read(PROFILE_READER, json, TraderProfile.class);
  }

  public static String writeDecision(ChannelDecision decision) {
    return write(decision);
  }

  public static ChannelDecision readDecision(String json) {
    return read(json, ChannelDecision.class);
  }

  /**
   * A JSON-friendly tree (maps, lists, strings, numbers, booleans) of any risk-core record;
   * BigDecimal and double values stay what they were.
   */
  public static Map<String, Object> toMap(Object value) {
    return MAPPER.convertValue(value, new TypeReference<Map<String, Object>>() {});
  }

  private static final class IsoDateSerializer extends JsonSerializer<LocalDate> {
    @Override
    public void serialize(LocalDate value, JsonGenerator gen, SerializerProvider serializers)
        throws IOException {
      gen.writeString(value.toString());
    }
  }

  private static final class IsoDateDeserializer extends JsonDeserializer<LocalDate> {
    @Override
    public LocalDate deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      if (p.currentToken() != JsonToken.VALUE_STRING) {
        return (LocalDate) ctxt.handleUnexpectedToken(LocalDate.class, p);
      }
      String text = p.getText().trim();
      try {
        return LocalDate.parse(text);
      } catch (DateTimeParseException e) {
        // Goes through the problem handlers, so a ruleset loader can collect it with its path.
        return (LocalDate)
            ctxt.handleWeirdStringValue(LocalDate.class, text, "not an ISO date (yyyy-mm-dd)");
      }
    }
  }
}
