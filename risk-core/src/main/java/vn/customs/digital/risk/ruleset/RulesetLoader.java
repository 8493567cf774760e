package vn.customs.digital.risk.ruleset;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import vn.customs.digital.risk.RiskJson;

/**
 * Reads ruleset documents (JSON or YAML) and validates them.
 *
 * <p>Problems Jackson meets while reading - an unknown field, an unknown indicator type or channel,
 * a malformed date - are collected with their path instead of stopping at the first, and reported
 * together with the validator's findings in one {@link RulesetValidationException}.
 */
public final class RulesetLoader {

  /** Classpath location of the ruleset shipped with the library. */
  public static final String DEFAULT_RESOURCE = "rulesets/default-2026.1.yaml";

  // NaN and Infinity are accepted by the reader so that the validator can name them, rather
  // than a parse error pointing at a character.
  private static final ObjectMapper JSON =
      RiskJson.configure(
          JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build());
  private static final ObjectMapper YAML =
      RiskJson.configure(
          YAMLMapper.builder(
                  YAMLFactory.builder()
                      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                      .build())
              .build());

  private RulesetLoader() {}

  public static Ruleset fromJson(String json) {
    return parse(JSON, json, "(JSON text)");
  }

  public static Ruleset fromYaml(String yaml) {
    return parse(YAML, yaml, "(YAML text)");
  }

  /** Reads a whole document from a stream (UTF-8) and closes it. */
  public static Ruleset load(InputStream in, RulesetFormat format) {
    try (in) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return parse(format == RulesetFormat.JSON ? JSON : YAML, text, "(" + format + " stream)");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read ruleset stream", e);
    }
  }

  /** Loads a ruleset from the class path; the format follows the extension (.json, else YAML). */
  public static Ruleset fromClasspath(String resource) {
    InputStream in = RulesetLoader.class.getClassLoader().getResourceAsStream(resource);
    if (in == null) {
      throw new IllegalArgumentException("no ruleset on the class path at " + resource);
    }
    return load(in, resource.endsWith(".json") ? RulesetFormat.JSON : RulesetFormat.YAML);
  }

  /** The realistic ruleset shipped with the library (version 2026.1). */
  public static Ruleset loadDefault() {
    return fromClasspath(DEFAULT_RESOURCE);
  }

  public static String toJson(Ruleset ruleset) {
    return write(JSON, ruleset);
  }

  public static String toYaml(Ruleset ruleset) {
    return write(YAML, ruleset);
  }

  private static String write(ObjectMapper mapper, Ruleset ruleset) {
    try {
      return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(ruleset);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write ruleset " + ruleset.label(), e);
    }
  }

  private static Ruleset parse(ObjectMapper mapper, String text, String source) {
    ProblemCollector collector = new ProblemCollector();
    ObjectReader reader = mapper.readerFor(Ruleset.class).withHandler(collector);
    Ruleset ruleset;
    try {
      ruleset = reader.readValue(text);
    } catch (JsonMappingException e) {
      collector.add(new RulesetProblem(path(e.getPath()), e.getOriginalMessage()));
      throw new RulesetValidationException(source, collector.problems);
    } catch (JsonProcessingException e) {
      String where =
          e.getLocation() == null
              ? "(document)"
              : "line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
      collector.add(new RulesetProblem(where, e.getOriginalMessage()));
      throw new RulesetValidationException(source, collector.problems);
    }
    if (ruleset == null) {
      throw new RulesetValidationException(
          source, List.of(new RulesetProblem("(document)", "is empty")));
    }
    List<RulesetProblem> all = new ArrayList<>(collector.problems);
    for (RulesetProblem p : RulesetValidator.problems(ruleset)) {
      // A value Jackson could not read is null in the record; do not report it twice.
      if (!collector.paths.contains(p.path())) {
        all.add(p);
      }
    }
    if (!all.isEmpty()) {
      String label = ruleset.id() == null ? source : ruleset.label();
      throw new RulesetValidationException(label, all);
    }
    return ruleset;
  }

  private static String path(List<JsonMappingException.Reference> refs) {
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference ref : refs) {
      if (ref.getFieldName() != null) {
        if (!sb.isEmpty()) {
          sb.append('.');
        }
        sb.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        sb.append('[').append(ref.getIndex()).append(']');
      }
    }
    return sb.isEmpty() ? "(document)" : sb.toString();
  }

  /** Turns Jackson's {@code /indicators/3/type} into the validator's {@code indicators[3].type}. */
  private static String path(JsonStreamContext context) {
    JsonPointer pointer = context.pathAsPointer();
    StringBuilder sb = new StringBuilder();
    for (JsonPointer p = pointer; p != null && !p.matches(); p = p.tail()) {
      if (p.getMatchingIndex() >= 0) {
        sb.append('[').append(p.getMatchingIndex()).append(']');
      } else {
        if (!sb.isEmpty()) {
          sb.append('.');
        }
        sb.append(p.getMatchingProperty());
      }
    }
    return sb.isEmpty() ? "(document)" : sb.toString();
  }

  private static final class ProblemCollector extends DeserializationProblemHandler {
    final List<RulesetProblem> problems = new ArrayList<>();
    final Set<String> paths = new HashSet<>();

    void add(RulesetProblem problem) {
      problems.add(problem);
      paths.add(problem.path());
    }

    @Override
    public boolean handleUnknownProperty(
        DeserializationContext ctxt,
        JsonParser p,
        JsonDeserializer<?> deserializer,
        Object beanOrClass,
        String propertyName)
        throws IOException {
      // On a structured value the parser already stands inside it (and, for records, Jackson
      // may have buffered ahead): the field's path is the one of the object naming it.
      JsonStreamContext context = p.getParsingContext();
      JsonStreamContext owner = context;
      while (owner != null && !(owner.inObject() && propertyName.equals(owner.getCurrentName()))) {
        owner = owner.getParent();
      }
      add(
          new RulesetProblem(
              path(owner == null ? context : owner), "unknown field '" + propertyName + "'"));
      p.skipChildren();
      return true;
    }

    @Override
    public Object handleWeirdStringValue(
        DeserializationContext ctxt,
        Class<?> targetType,
        String valueToConvert,
        String failureMsg) {
      String expected =
          targetType.isEnum()
              ? "one of " + Arrays.toString(targetType.getEnumConstants())
              : failureMsg;
      String what =
          targetType == IndicatorType.class
              ? "unknown indicator type"
              : targetType == InterventionKind.class
                  ? "unknown intervention kind"
                  : "cannot read as " + targetType.getSimpleName();
      add(
          new RulesetProblem(
              path(ctxt.getParser().getParsingContext()),
              what + " '" + valueToConvert + "', expected " + expected));
      return null;
    }
  }
}
