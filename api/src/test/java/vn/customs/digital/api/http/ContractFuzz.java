package vn.customs.digital.api.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Malformed requests derived from an OpenAPI document: for every operation, each of its inputs
 * (path, query and header parameters, request bodies of each media type) broken one way at a time,
 * everything else left as a plausible base. Deterministic for a given seed; the seed only varies
 * the junk inside the malformed values.
 *
 * <p>A case says whether it must be refused: it breaks the contract or the input rule (a 4xx is
 * due), or it is an odd but valid input (" 1" for an integer), which may be served.
 */
final class ContractFuzz {
  /** Past the api's request-line limit (8 KiB): answered 414 by the HTTP decoder. */
  static final int OVERSIZE_TARGET = 9_000;

  // Markers put into JSON strings and swapped for bytes after encoding: Jackson would write a lone
  // surrogate as '?'.
  private static final String LONE_SURROGATE = "@@fuzz-lone-surrogate@@";
  private static final String INVALID_UTF8 = "@@fuzz-invalid-utf8@@";
  private static final String ENCODED_SURROGATE = "@@fuzz-encoded-surrogate@@";
  private static final String RAW_NUL = "@@fuzz-raw-nul@@";
  private static final String[] METHODS = {"get", "put", "post", "delete", "patch"};

  enum Security {
    NONE,
    BEARER,
    DEVICE
  }

  record Operation(
      String id,
      String method,
      String path,
      List<String> tags,
      Security security,
      List<JsonObject> parameters,
      JsonObject requestBody) {}

  /** One request: which operation, what was broken, and whether a 4xx is due. */
  record Case(
      Operation operation,
      String kind,
      String uri,
      Map<String, String> headers,
      String contentType,
      Buffer body,
      boolean mustRefuse) {
    String describe() {
      String shownBody =
          body == null
              ? ""
              : " body("
                  + body.length()
                  + " bytes): "
                  + InputText.shown(
                      new String(
                          body.getBytes(0, Math.min(body.length(), 160)), StandardCharsets.UTF_8));
      String shownUri = uri.length() > 160 ? uri.substring(0, 160) + "..." : uri;
      return operation.id()
          + " ["
          + kind
          + "] "
          + operation.method()
          + " "
          + shownUri
          + (contentType == null ? "" : " (" + contentType + ")")
          + shownBody;
    }
  }

  /** The base value of a path parameter of an operation, raw (already percent-encoded). */
  interface PathValues extends BiFunction<Operation, String, String> {}

  private final JsonObject document;
  private final List<Operation> operations = new ArrayList<>();
  private final PathValues pathValues;
  private final int maxBodyBytes;
  private final Random random;

  ContractFuzz(JsonObject document, PathValues pathValues, int maxBodyBytes, long seed) {
    this.document = document;
    this.pathValues = pathValues;
    this.maxBodyBytes = maxBodyBytes;
    this.random = new Random(seed);
    JsonObject paths = document.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      List<JsonObject> shared = resolvedList(item.getJsonArray("parameters"));
      for (String method : METHODS) {
        JsonObject op = item.getJsonObject(method);
        if (op == null) {
          continue;
        }
        List<JsonObject> parameters = new ArrayList<>(shared);
        parameters.addAll(resolvedList(op.getJsonArray("parameters")));
        JsonArray security = op.getJsonArray("security", new JsonArray());
        Security sec =
            security.isEmpty()
                ? Security.NONE
                : security.getJsonObject(0).containsKey("deviceToken")
                    ? Security.DEVICE
                    : Security.BEARER;
        List<String> tags =
            op.getJsonArray("tags", new JsonArray()).stream().map(String::valueOf).toList();
        JsonObject body =
            op.getJsonObject("requestBody") == null
                ? null
                : resolve(op.getJsonObject("requestBody"));
        operations.add(
            new Operation(
                op.getString("operationId"),
                method.toUpperCase(),
                path,
                tags,
                sec,
                parameters,
                body));
      }
    }
  }

  /** The document the cases come from. */
  JsonObject document() {
    return document;
  }

  List<Operation> operations() {
    return operations;
  }

  List<Case> cases() {
    List<Case> cases = new ArrayList<>();
    for (Operation op : operations) {
      pathCases(op, cases);
      queryCases(op, cases);
      headerCases(op, cases);
      bodyCases(op, cases);
    }
    return cases;
  }

  // ---- the document
  // ------------------------------------------------------------------------------

  private JsonObject resolve(JsonObject node) {
    JsonObject n = node;
    for (int hops = 0; n.containsKey("$ref"); hops++) {
      if (hops > 20) {
        throw new IllegalStateException("$ref cycle at " + node);
      }
      Object target = document;
      for (String part : n.getString("$ref").substring(2).split("/")) {
        target = ((JsonObject) target).getValue(part.replace("~1", "/").replace("~0", "~"));
      }
      n = (JsonObject) target;
    }
    return n;
  }

  private List<JsonObject> resolvedList(JsonArray array) {
    return array == null ? List.of() : array.stream().map(o -> resolve((JsonObject) o)).toList();
  }

  /** The schema with its $ref resolved and allOf parts merged (properties and required). */
  private JsonObject schema(JsonObject raw) {
    JsonObject s = resolve(raw);
    if (!s.containsKey("allOf")) {
      return s;
    }
    JsonObject merged = s.copy();
    merged.remove("allOf");
    JsonObject properties = merged.getJsonObject("properties", new JsonObject()).copy();
    JsonArray required = merged.getJsonArray("required", new JsonArray()).copy();
    for (Object part : s.getJsonArray("allOf")) {
      JsonObject p = schema((JsonObject) part);
      p.getJsonObject("properties", new JsonObject())
          .forEach(e -> properties.put(e.getKey(), e.getValue()));
      p.getJsonArray("required", new JsonArray()).forEach(required::add);
      if (p.containsKey("type") && !merged.containsKey("type")) {
        merged.put("type", p.getValue("type"));
      }
    }
    return merged.put("properties", properties).put("required", required);
  }

  private static Set<String> types(JsonObject s) {
    Object type = s.getValue("type");
    Set<String> types = new HashSet<>();
    if (type instanceof String t) {
      types.add(t);
    } else if (type instanceof JsonArray a) {
      a.forEach(t -> types.add(String.valueOf(t)));
    } else if (s.containsKey("properties")) {
      types.add("object");
    }
    return types;
  }

  // ---- parameters
  // ----------------------------------------------------------------------------------

  private record Raw(String kind, String value, boolean mustRefuse) {}

  /** Values malformed whatever the parameter: bad escapes, bytes that are not UTF-8, NUL. */
  private List<Raw> encodingValues() {
    String junk = Integer.toHexString(random.nextInt(0xffff));
    return List.of(
        new Raw("nul", "%00", true), new Raw("nul-inside", junk + "%00" + junk, true),
        new Raw("lone-percent", "%", true), new Raw("short-escape", junk + "%2", true),
        new Raw("non-hex-escape", "%G0", true), new Raw("double-percent", "%%", true),
        new Raw("invalid-utf8", "%FF%FE", true), new Raw("overlong-nul", "%C0%80", true),
        new Raw("encoded-surrogate", "%ED%A0%80", true),
            new Raw("cut-utf8", junk + "%E1%BB", true));
  }

  /**
   * Values that break the parameter's schema (and a few odd but valid ones, which must not fail
   * either).
   */
  private List<Raw> schemaValues(JsonObject schema) {
    List<Raw> values = new ArrayList<>();
    Set<String> types = types(schema);
    if (types.contains("string")) {
      if (schema.containsKey("maxLength")) {
        values.add(new Raw("too-long", "a".repeat(schema.getInteger("maxLength") + 1), true));
      }
      if (schema.getInteger("minLength", 0) > 0) {
        values.add(new Raw("too-short", "", true));
      }
      if (schema.containsKey("pattern")
          && !Pattern.compile(schema.getString("pattern")).matcher("!!").find()) {
        values.add(new Raw("pattern", "!!", true));
      }
      if (schema.containsKey("enum")) {
        values.add(new Raw("not-in-enum", "zzz-not-listed", true));
      }
    }
    if (types.contains("integer") || types.contains("number")) {
      values.add(new Raw("not-a-number", "abc", true));
      values.add(new Raw("hex", "0x10", true));
      values.add(new Raw("infinite", "1e400", schema.containsKey("maximum")));
      values.add(new Raw("overflow", "99999999999999999999", schema.containsKey("maximum")));
      values.add(new Raw("json-array", "%5B1%5D", true));
      values.add(new Raw("json-object", "%7B%7D", true));
      values.add(new Raw("boolean", "true", true));
      values.add(new Raw("empty", "", true));
      if (types.contains("integer")) {
        values.add(new Raw("fraction", "2.5", true));
        // What the contract reads as integers although they are not written as one: served, never a
        // 500.
        values.add(new Raw("leading-space", "%20" + bound(schema, "minimum", 1), false));
        values.add(new Raw("integral-fraction", bound(schema, "minimum", 1) + ".0", false));
        values.add(new Raw("exponent", "1e0", !(schema.getInteger("minimum", 0) <= 1)));
      }
      if (schema.containsKey("minimum")) {
        values.add(new Raw("below-minimum", String.valueOf(schema.getLong("minimum") - 1), true));
        values.add(new Raw("minimum", String.valueOf(schema.getLong("minimum")), false));
      }
      if (schema.containsKey("maximum")) {
        values.add(new Raw("above-maximum", String.valueOf(schema.getLong("maximum") + 1), true));
        values.add(new Raw("maximum", String.valueOf(schema.getLong("maximum")), false));
      }
    }
    return values;
  }

  private static long bound(JsonObject schema, String name, long otherwise) {
    return schema.containsKey(name) ? schema.getLong(name) : otherwise;
  }

  private String baseParameter(Operation op, JsonObject parameter) {
    if ("path".equals(parameter.getString("in"))) {
      return pathValues.apply(op, parameter.getString("name"));
    }
    JsonObject schema = schema(parameter.getJsonObject("schema", new JsonObject()));
    if (schema.containsKey("enum")) {
      return String.valueOf(schema.getJsonArray("enum").getValue(0));
    }
    return types(schema).contains("integer") ? String.valueOf(bound(schema, "minimum", 1)) : "x";
  }

  private String uri(Operation op, Map<String, String> path, List<String> query) {
    String uri = op.path();
    for (Map.Entry<String, String> e : path.entrySet()) {
      uri = uri.replace("{" + e.getKey() + "}", e.getValue());
    }
    return query.isEmpty() ? uri : uri + "?" + String.join("&", query);
  }

  private Map<String, String> basePath(Operation op) {
    Map<String, String> path = new LinkedHashMap<>();
    op.parameters().stream()
        .filter(p -> "path".equals(p.getString("in")))
        .forEach(p -> path.put(p.getString("name"), baseParameter(op, p)));
    return path;
  }

  private List<String> baseQuery(Operation op) {
    List<String> query = new ArrayList<>();
    op.parameters().stream()
        .filter(p -> "query".equals(p.getString("in")) && p.getBoolean("required", false))
        .forEach(p -> query.add(p.getString("name") + "=" + baseParameter(op, p)));
    return query;
  }

  /** The operation's URI with plausible path parameters and its required query parameters. */
  String baseUri(Operation op) {
    return uri(op, basePath(op), baseQuery(op));
  }

  /** A request with these parameters and, for an operation that takes JSON, a plausible body. */
  private Case request(
      Operation op, String kind, Map<String, String> path, List<String> query, boolean mustRefuse) {
    Buffer body = baseBody(op);
    return new Case(
        op,
        kind,
        uri(op, path, query),
        Map.of(),
        body == null ? null : "application/json",
        body,
        mustRefuse);
  }

  /** The body sent with parameter cases: a plausible one for operations that need one. */
  private Buffer baseBody(Operation op) {
    JsonObject json = jsonSchema(op);
    return json == null ? null : Buffer.buffer(encode(base(json, 0)));
  }

  private JsonObject jsonSchema(Operation op) {
    if (op.requestBody() == null) {
      return null;
    }
    JsonObject media =
        op.requestBody()
            .getJsonObject("content", new JsonObject())
            .getJsonObject("application/json");
    return media == null || media.getJsonObject("schema") == null
        ? null
        : media.getJsonObject("schema");
  }

  private void pathCases(Operation op, List<Case> cases) {
    for (JsonObject parameter : op.parameters()) {
      if (!"path".equals(parameter.getString("in"))) {
        continue;
      }
      String name = parameter.getString("name");
      List<Raw> values = new ArrayList<>(encodingValues());
      values.addAll(schemaValues(schema(parameter.getJsonObject("schema", new JsonObject()))));
      // An empty segment may name another route (/procedures/ is the listing): served or not, never
      // a 500.
      values.add(new Raw("empty-segment", "", false));
      values.add(new Raw("oversize", "a".repeat(OVERSIZE_TARGET), true));
      for (Raw value : values) {
        Map<String, String> path = basePath(op);
        path.put(name, value.value());
        cases.add(
            request(
                op, "path " + name + ": " + value.kind(), path, baseQuery(op), value.mustRefuse()));
      }
    }
  }

  private void queryCases(Operation op, List<Case> cases) {
    for (JsonObject parameter : op.parameters()) {
      if (!"query".equals(parameter.getString("in"))) {
        continue;
      }
      String name = parameter.getString("name");
      List<Raw> values = new ArrayList<>(encodingValues());
      values.addAll(schemaValues(schema(parameter.getJsonObject("schema", new JsonObject()))));
      values.add(new Raw("oversize", "a".repeat(OVERSIZE_TARGET), true));
      for (Raw value : values) {
        List<String> query = new ArrayList<>(baseQuery(op));
        query.removeIf(q -> q.startsWith(name + "="));
        query.add(name + "=" + value.value());
        cases.add(
            request(
                op,
                "query " + name + ": " + value.kind(),
                basePath(op),
                query,
                value.mustRefuse()));
      }
      if (parameter.getBoolean("required", false)) {
        List<String> query = new ArrayList<>(baseQuery(op));
        query.removeIf(q -> q.startsWith(name + "="));
        cases.add(request(op, "query " + name + ": missing", basePath(op), query, true));
      }
    }
    // A parameter the operation does not have, and a name that is itself malformed: refused by the
    // input rule all the same.
    for (String unknown : List.of("fuzz=%00", "fuzz=%zz", "%zz=1", "fuzz=%FF%FE", "fu%00zz=1")) {
      List<String> query = new ArrayList<>(baseQuery(op));
      query.add(unknown);
      cases.add(request(op, "query unknown: " + unknown, basePath(op), query, true));
    }
  }

  private void headerCases(Operation op, List<Case> cases) {
    for (JsonObject parameter : op.parameters()) {
      if (!"header".equals(parameter.getString("in"))) {
        continue;
      }
      JsonObject schema = schema(parameter.getJsonObject("schema", new JsonObject()));
      String name = parameter.getString("name");
      Map<String, String> values = new LinkedHashMap<>();
      if (schema.containsKey("maxLength")) {
        values.put("too-long", "a".repeat(schema.getInteger("maxLength") + 1));
      }
      if (schema.getInteger("minLength", 0) > 0) {
        values.put("too-short", "");
      }
      for (Map.Entry<String, String> value : values.entrySet()) {
        Case c =
            request(
                op, "header " + name + ": " + value.getKey(), basePath(op), baseQuery(op), true);
        Map<String, String> headers = new LinkedHashMap<>(c.headers());
        headers.put(name, value.getValue());
        cases.add(new Case(op, c.kind(), c.uri(), headers, c.contentType(), c.body(), true));
      }
    }
  }

  // ---- bodies
  // --------------------------------------------------------------------------------------

  private void bodyCases(Operation op, List<Case> cases) {
    if (op.requestBody() == null) {
      return;
    }
    String uri = uri(op, basePath(op), baseQuery(op));
    JsonObject content = op.requestBody().getJsonObject("content", new JsonObject());
    if (op.requestBody().getBoolean("required", false)) {
      cases.add(new Case(op, "body: none", uri, Map.of(), null, null, true));
    }
    for (String mediaType : content.fieldNames()) {
      JsonObject schema =
          schema(content.getJsonObject(mediaType).getJsonObject("schema", new JsonObject()));
      if (mediaType.equals("application/json")) {
        jsonBodyCases(op, uri, schema, cases);
      } else {
        textBodyCases(op, uri, mediaType, cases);
      }
    }
  }

  private void textBodyCases(Operation op, String uri, String mediaType, List<Case> cases) {
    Map<String, byte[]> bodies = new LinkedHashMap<>();
    bodies.put("empty", new byte[0]);
    bodies.put("junk", ("fuzz-" + random.nextInt(1000)).getBytes(StandardCharsets.US_ASCII));
    bodies.put("three-parts", "a.b.c".getBytes(StandardCharsets.US_ASCII));
    bodies.put("unsigned-jws", "eyJhbGciOiJub25lIn0.e30.".getBytes(StandardCharsets.US_ASCII));
    bodies.put("invalid-utf8", new byte[] {'a', (byte) 0xFF, (byte) 0xFE, 'b'});
    bodies.put("encoded-surrogate", new byte[] {'a', (byte) 0xED, (byte) 0xA0, (byte) 0x80});
    bodies.put("raw-nul", new byte[] {'a', 0, 'b'});
    bodies.put(
        "yaml-escaped-nul",
        "id: \"fuzz\\0\"\nversion: \"1\"\n".getBytes(StandardCharsets.US_ASCII));
    bodies.put(
        "yaml-escaped-surrogate",
        "id: \"fuzz\\uD800\"\nversion: \"1\"\n".getBytes(StandardCharsets.US_ASCII));
    bodies.put("yaml-unclosed", "id: [\n  {".getBytes(StandardCharsets.US_ASCII));
    bodies.put("oversize", new byte[maxBodyBytes + 1]);
    for (Map.Entry<String, byte[]> body : bodies.entrySet()) {
      cases.add(
          new Case(
              op,
              mediaType + " body: " + body.getKey(),
              uri,
              Map.of(),
              mediaType,
              Buffer.buffer(body.getValue()),
              true));
    }
  }

  /** One change of the base document, and whether it breaks the contract or the input rule. */
  private record Mutation(
      String kind, UnaryOperator<Object> change, boolean mustRefuse, boolean withinValue) {
    Mutation(String kind, UnaryOperator<Object> change, boolean mustRefuse) {
      this(kind, change, mustRefuse, false);
    }

    /** A change of the members of the value at the pointer, which must then be there. */
    Mutation within() {
      return new Mutation(kind, change, mustRefuse, true);
    }
  }

  private void jsonBodyCases(Operation op, String uri, JsonObject schema, List<Case> cases) {
    List<Mutation> mutations = new ArrayList<>();
    mutate(schema, "", mutations, 0, doc -> doc);
    for (Mutation m : mutations) {
      Object doc = m.change().apply(copy(base(schema, 0)));
      cases.add(
          new Case(
              op,
              "json body " + m.kind(),
              uri,
              Map.of(),
              "application/json",
              Buffer.buffer(encode(doc)),
              m.mustRefuse()));
    }
    String base = new String(encode(base(schema, 0)), StandardCharsets.UTF_8);
    Map<String, String> texts = new LinkedHashMap<>();
    texts.put("truncated", base.substring(0, Math.max(1, base.length() / 2)));
    texts.put("not-json", "{fuzz");
    texts.put("null", "null");
    texts.put("wrong-root-array", "[]");
    texts.put("wrong-root-string", "\"fuzz\"");
    texts.put("deep-nesting", "[".repeat(5_000) + "]".repeat(5_000));
    texts.put("huge-number", "{\"fuzz\":1" + "0".repeat(5_000) + "}");
    texts.put("empty", "");
    for (Map.Entry<String, String> t : texts.entrySet()) {
      cases.add(
          new Case(
              op,
              "json text " + t.getKey(),
              uri,
              Map.of(),
              "application/json",
              Buffer.buffer(t.getValue()),
              true));
    }
    byte[] encoded = encode(base(schema, 0));
    cases.add(
        new Case(
            op,
            "json body as text/plain",
            uri,
            Map.of(),
            "text/plain",
            Buffer.buffer(encoded),
            true));
    cases.add(
        new Case(
            op,
            "json body over the limit",
            uri,
            Map.of(),
            "application/json",
            Buffer.buffer(encode(withMember(base(schema, 0), "fuzz", "a".repeat(maxBodyBytes)))),
            true));
    // Bytes that are not UTF-8, anywhere in a JSON text: refused before any JSON parser repairs
    // them.
    for (String marker : List.of(INVALID_UTF8, ENCODED_SURROGATE, RAW_NUL)) {
      cases.add(
          new Case(
              op,
              "json body " + marker.replace("@@", "").replace("fuzz-", ""),
              uri,
              Map.of(),
              "application/json",
              Buffer.buffer(encode(withMember(base(schema, 0), "fuzz", marker))),
              true));
    }
  }

  private static Object withMember(Object doc, String name, Object value) {
    return doc instanceof JsonObject o
        ? o.copy().put(name, value)
        : new JsonObject().put(name, value).put("doc", doc);
  }

  /**
   * A plausible value of the schema: examples, the first enum value, all members, one item per
   * array, null if allowed.
   */
  private Object base(JsonObject raw, int depth) {
    return base(raw, depth, false);
  }

  private Object base(JsonObject raw, int depth, boolean nonNull) {
    JsonObject s = schema(raw);
    if (s.containsKey("examples") && !s.getJsonArray("examples").isEmpty()) {
      return copy(s.getJsonArray("examples").getValue(0));
    }
    if (s.containsKey("enum")) {
      return s.getJsonArray("enum").stream().filter(v -> v != null).findFirst().orElse(null);
    }
    for (String key : List.of("oneOf", "anyOf")) {
      if (s.containsKey(key)) {
        for (Object option : s.getJsonArray(key)) {
          JsonObject o = schema((JsonObject) option);
          if (!types(o).equals(Set.of("null"))) {
            return base(o, depth, nonNull);
          }
        }
      }
    }
    Set<String> types = types(s);
    if (types.contains("null") && !nonNull) {
      return null;
    }
    if (types.contains("object")) {
      JsonObject o = new JsonObject();
      if (depth < 6) {
        JsonObject properties = s.getJsonObject("properties", new JsonObject());
        for (String name : properties.fieldNames()) {
          o.put(name, base(properties.getJsonObject(name), depth + 1));
        }
      }
      return o;
    }
    if (types.contains("array")) {
      JsonArray a = new JsonArray();
      if (depth < 6 && s.getJsonObject("items") != null && s.getInteger("maxItems", 1) > 0) {
        a.add(base(s.getJsonObject("items"), depth + 1));
      }
      return a;
    }
    if (types.contains("string")) {
      return baseString(s);
    }
    if (types.contains("integer")) {
      return s.containsKey("minimum")
          ? s.getLong("minimum")
          : s.containsKey("exclusiveMinimum") ? s.getLong("exclusiveMinimum") + 1 : 1;
    }
    if (types.contains("number")) {
      return s.containsKey("minimum")
          ? s.getDouble("minimum")
          : s.containsKey("exclusiveMinimum") ? s.getDouble("exclusiveMinimum") + 1 : 1;
    }
    if (types.contains("boolean")) {
      return true;
    }
    return null;
  }

  // Strings that match the contract's simple patterns (codes, tax codes, ids), so that a base
  // document passes them.
  private static final List<String> PATTERN_CANDIDATES =
      List.of(
          "AB",
          "ABC",
          "A1",
          "03CC",
          "VNHPH",
          "HQ-001",
          "abc",
          "a-b",
          "0101234567",
          "85171300",
          "123456789012",
          "MSCU1234566",
          "fuzz-1");

  private static String baseString(JsonObject s) {
    String format = s.getString("format", "");
    if (format.equals("date")) {
      return java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
    }
    if (format.equals("date-time")) {
      return java.time.Instant.now().plusSeconds(3_600).toString();
    }
    if (format.equals("uuid")) {
      return java.util.UUID.randomUUID().toString();
    }
    if (s.containsKey("pattern")) {
      Pattern pattern = Pattern.compile(s.getString("pattern"));
      for (String candidate : PATTERN_CANDIDATES) {
        if (pattern.matcher(candidate).find()) {
          return candidate;
        }
      }
    }
    return "a".repeat(Math.max(1, s.getInteger("minLength", 1)));
  }

  private static final Map<String, Object> VALUES_OF_TYPE =
      Map.of(
          "string",
          "fuzz",
          "integer",
          7,
          "number",
          12.5,
          "boolean",
          true,
          "object",
          new JsonObject(),
          "array",
          new JsonArray());

  /**
   * Every mutation of the value at the pointer and, below it, of its members and items. {@code
   * prepare} makes the pointer's parents exist in the base document (a nullable member is null
   * there), so that no mutation is lost.
   */
  private void mutate(
      JsonObject raw,
      String pointer,
      List<Mutation> out,
      int depth,
      UnaryOperator<Object> prepare) {
    JsonObject s = schema(raw);
    UnaryOperator<Object> present =
        doc -> {
          Object d = prepare.apply(doc);
          Object value = at(d, pointer);
          if (value == null) {
            d = put(d, pointer, base(s, depth, true));
          }
          if (at(d, pointer) instanceof JsonArray a
              && a.isEmpty()
              && s.getJsonObject("items") != null) {
            a.add(base(s.getJsonObject("items"), depth + 1, true));
          }
          return d;
        };
    List<Mutation> here = new ArrayList<>();
    mutateHere(s, pointer, here, depth);
    for (Mutation m : here) {
      UnaryOperator<Object> before = m.withinValue() ? present : prepare;
      out.add(new Mutation(m.kind(), doc -> m.change().apply(before.apply(doc)), m.mustRefuse()));
    }
    Set<String> types = types(s);
    if (depth >= 6) {
      return;
    }
    if (types.contains("array") && s.getJsonObject("items") != null) {
      mutate(s.getJsonObject("items"), pointer + "/0", out, depth + 1, present);
    }
    if (types.contains("object")) {
      JsonObject properties = s.getJsonObject("properties", new JsonObject());
      for (String name : properties.fieldNames()) {
        mutate(properties.getJsonObject(name), pointer + "/" + name, out, depth + 1, present);
      }
    }
  }

  private void mutateHere(JsonObject s, String pointer, List<Mutation> out, int depth) {
    String where = pointer.isEmpty() ? "(body)" : pointer;
    Set<String> types = types(s);
    if (!types.isEmpty()) {
      for (Map.Entry<String, Object> candidate : VALUES_OF_TYPE.entrySet()) {
        String type = candidate.getKey();
        boolean allowed =
            types.contains(type) || (type.equals("integer") && types.contains("number"));
        if (!allowed) {
          out.add(set("type " + where + " as " + type, pointer, candidate.getValue(), true));
        }
      }
      if (!types.contains("null")) {
        out.add(set("type " + where + " as null", pointer, null, true));
      }
    }
    if (types.contains("string")) {
      out.add(set("nul " + where, pointer, "fuzz\u0000" + random.nextInt(100), true));
      out.add(set("lone-surrogate " + where, pointer, LONE_SURROGATE, true));
      out.add(set("invalid-utf8 " + pointer, pointer, INVALID_UTF8, true));
      if (s.containsKey("maxLength")) {
        out.add(set("too-long " + where, pointer, "a".repeat(s.getInteger("maxLength") + 1), true));
      } else {
        out.add(set("over-the-body-limit " + where, pointer, "a".repeat(maxBodyBytes), true));
      }
      if (s.getInteger("minLength", 0) > 0) {
        out.add(set("too-short " + where, pointer, "", true));
      }
      if (s.containsKey("pattern")
          && !Pattern.compile(s.getString("pattern")).matcher("!!").find()) {
        out.add(set("pattern " + where, pointer, "!!", true));
      }
    }
    if (s.containsKey("enum")) {
      out.add(set("not-in-enum " + where, pointer, "zzz-not-listed", true));
    }
    if (types.contains("integer") || types.contains("number")) {
      if (types.contains("integer") && !types.contains("number")) {
        out.add(set("fraction " + where, pointer, 2.5, true));
      }
      if (s.containsKey("minimum")) {
        out.add(set("below-minimum " + where, pointer, s.getDouble("minimum") - 1, true));
      }
      if (s.containsKey("exclusiveMinimum")) {
        out.add(
            set("at-exclusive-minimum " + where, pointer, s.getValue("exclusiveMinimum"), true));
        out.add(set("negative " + where, pointer, -1, true));
      }
      if (s.containsKey("maximum")) {
        out.add(set("above-maximum " + where, pointer, s.getDouble("maximum") + 1, true));
        out.add(rawNumber("infinite " + where, pointer, "1e400"));
      }
    }
    if (types.contains("array")) {
      JsonObject items = s.getJsonObject("items");
      Object item = items == null ? "fuzz" : base(items, depth + 1, true);
      if (s.containsKey("maxItems")) {
        JsonArray tooMany = new JsonArray();
        for (int i = 0; i <= s.getInteger("maxItems"); i++) {
          tooMany.add(copy(item));
        }
        out.add(set("too-many-items " + where, pointer, tooMany, true));
      }
      if (s.getInteger("minItems", 0) > 0) {
        out.add(set("too-few-items " + where, pointer, new JsonArray(), true));
      }
      if (s.getBoolean("uniqueItems", false)) {
        out.add(
            set(
                "repeated-item " + where,
                pointer,
                new JsonArray().add(copy(item)).add(copy(item)),
                true));
      }
    }
    if (types.contains("object")) {
      for (Object required : s.getJsonArray("required", new JsonArray())) {
        out.add(
            new Mutation(
                    "missing " + where + "/" + required,
                    doc -> remove(doc, pointer, (String) required),
                    true)
                .within());
      }
      if (Boolean.FALSE.equals(s.getValue("additionalProperties"))) {
        out.add(set("unknown-member " + where, pointer + "/fuzzExtra", 1, true).within());
      }
      if (s.containsKey("maxProperties")) {
        JsonObject many = new JsonObject();
        for (int i = 0; i <= s.getInteger("maxProperties"); i++) {
          many.put("m" + i, "v");
        }
        out.add(set("too-many-members " + where, pointer, many, true));
      }
      // Whatever else the schema allows, a member whose name or value holds NUL or a lone surrogate
      // is refused.
      out.add(set("nul-member-value " + where, pointer + "/fuzz", "a\u0000b", true).within());
      out.add(
          set("lone-surrogate-member-value " + where, pointer + "/fuzz", LONE_SURROGATE, true)
              .within());
      out.add(set("nul-member-name " + where, pointer + "/fu\u0000zz", 1, true).within());
    }
  }

  private static Mutation set(String kind, String pointer, Object value, boolean mustRefuse) {
    return new Mutation(kind, doc -> put(doc, pointer, copy(value)), mustRefuse);
  }

  /** A number Jackson cannot hold as a double, written as literal JSON text. */
  private static Mutation rawNumber(String kind, String pointer, String literal) {
    return new Mutation(kind, doc -> put(doc, pointer, "@@fuzz-number-" + literal + "@@"), true);
  }

  private static Object put(Object doc, String pointer, Object value) {
    if (pointer.isEmpty()) {
      return value;
    }
    int slash = pointer.lastIndexOf('/');
    Object parent = at(doc, pointer.substring(0, slash));
    String key = pointer.substring(slash + 1);
    if (parent instanceof JsonObject o) {
      o.put(key, value);
    } else if (parent instanceof JsonArray a) {
      int i = Integer.parseInt(key);
      if (i < a.size()) {
        a.set(i, value);
      } else {
        a.add(value);
      }
    } else {
      throw new IllegalStateException("no parent at " + pointer + " in " + doc);
    }
    return doc;
  }

  private static Object remove(Object doc, String pointer, String member) {
    if (!(at(doc, pointer) instanceof JsonObject o)) {
      throw new IllegalStateException("no object at " + pointer + " in " + doc);
    }
    o.remove(member);
    return doc;
  }

  private static Object at(Object doc, String pointer) {
    Object node = doc;
    if (pointer.isEmpty()) {
      return node;
    }
    for (String part : pointer.substring(1).split("/")) {
      if (node instanceof JsonObject o) {
        node = o.getValue(part);
      } else if (node instanceof JsonArray a) {
        node = a.getValue(Integer.parseInt(part));
      }
    }
    return node;
  }

  private static Object copy(Object value) {
    if (value instanceof JsonObject o) {
      return o.copy();
    }
    if (value instanceof JsonArray a) {
      return a.copy();
    }
    return value;
  }

  /** JSON text of the document, with the markers turned into the bytes they stand for. */
  static byte[] encode(Object doc) {
    String json =
        doc instanceof JsonObject o
            ? o.encode()
            : doc instanceof JsonArray a ? a.encode() : io.vertx.core.json.Json.encode(doc);
    json =
        json.replace(LONE_SURROGATE, "fuzz\\ud800").replaceAll("\"@@fuzz-number-([^@]+)@@\"", "$1");
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    bytes = swap(bytes, INVALID_UTF8, new byte[] {'a', (byte) 0xFF, (byte) 0xFE});
    bytes = swap(bytes, ENCODED_SURROGATE, new byte[] {'a', (byte) 0xED, (byte) 0xA0, (byte) 0x80});
    return swap(bytes, RAW_NUL, new byte[] {'a', 0, 'b'});
  }

  private static byte[] swap(byte[] bytes, String marker, byte[] replacement) {
    byte[] m = marker.getBytes(StandardCharsets.US_ASCII);
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(bytes.length);
    int i = 0;
    while (i < bytes.length) {
      if (i + m.length <= bytes.length
          && java.util.Arrays.equals(bytes, i, i + m.length, m, 0, m.length)) {
        out.writeBytes(replacement);
        i += m.length;
      } else {
        out.write(bytes[i++]);
      }
    }
    return out.toByteArray();
  }
}
