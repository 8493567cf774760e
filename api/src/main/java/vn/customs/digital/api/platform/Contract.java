package vn.customs.digital.api.platform;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.json.schema.Validator;
import io.vertx.openapi.contract.OpenAPIContract;
import java.io.IOException;
import java.util.Map;
import java.util.Set;

/**
 * The OpenAPI document: published to clients exactly as written, and turned into the routing
 * contract that validates requests. vertx-openapi 5.0 validates only a few media types, so the
 * routing copy leaves out what it cannot check: problem+json responses (responses are not validated
 * at run time anyway) and request bodies in other media types (application/jose), whose operations
 * validate their bodies themselves against the same schemas; and schemas marked {@value
 * #VALIDATED_BY_HANDLER}, which their operations' handlers validate (see {@link #validator}).
 */
public record Contract(
    Buffer yaml, JsonObject document, OpenAPIContract routing, SchemaRepository schemas) {
  private static final Set<String> VALIDATABLE =
      Set.of("application/json", "application/json; charset=utf-8");

  /**
   * Marks a schema of components/schemas that its operation's handler validates (e.g. each gate
   * event against the schema its type maps to): the routing copy checks only that it is an object.
   */
  static final String VALIDATED_BY_HANDLER = "x-validated-by-handler";

  /** Where the document sits for the schemas' references. */
  private static final String BASE_URI = "app:///openapi.yaml";

  private static final JsonSchemaOptions SCHEMA_OPTIONS =
      new JsonSchemaOptions()
          .setDraft(Draft.DRAFT202012)
          .setBaseUri(BASE_URI)
          .setOutputFormat(OutputFormat.Basic);

  public static Future<Contract> load(Vertx vertx, String path) {
    return vertx
        .fileSystem()
        .readFile(path)
        .compose(
            yaml -> {
              JsonObject document;
              try {
                @SuppressWarnings("unchecked")
                Map<String, Object> map =
                    new ObjectMapper(new YAMLFactory()).readValue(yaml.getBytes(), Map.class);
                document = new JsonObject(map);
              } catch (IOException e) {
                return Future.failedFuture(
                    new IllegalStateException(
                        "the OpenAPI document " + path + " is not valid YAML", e));
              }
              JsonObject routingCopy = forRouting(document.copy());
              SchemaRepository schemas =
                  SchemaRepository.create(SCHEMA_OPTIONS)
                      .dereference(BASE_URI, JsonSchema.of(document.copy()));
              return OpenAPIContract.from(vertx, routingCopy)
                  .map(c -> new Contract(yaml, document, c, schemas));
            });
  }

  /** A named schema of components/schemas, for operations that validate their bodies themselves. */
  public JsonObject schema(String name) {
    return document.getJsonObject("components").getJsonObject("schemas").getJsonObject(name);
  }

  /**
   * A validator of JSON values against a schema of the document ({@code
   * #/components/schemas/Name}), with the draft the router validates with (2020-12), reporting
   * every error with its instance location.
   */
  public Validator validator(String ref) {
    if (!ref.startsWith("#/")) {
      throw new IllegalArgumentException("not a reference into the document: " + ref);
    }
    return schemas.validator(
        JsonSchema.of(new JsonObject().put("$ref", BASE_URI + ref)), SCHEMA_OPTIONS);
  }

  static JsonObject forRouting(JsonObject document) {
    JsonObject paths = document.getJsonObject("paths", new JsonObject());
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : item.fieldNames()) {
        if (!(item.getValue(method) instanceof JsonObject operation)) {
          continue;
        }
        JsonObject body = operation.getJsonObject("requestBody");
        if (body != null && body.getJsonObject("content") != null) {
          JsonObject content = body.getJsonObject("content");
          if (!VALIDATABLE.containsAll(content.fieldNames())) {
            operation.remove("requestBody");
            operation.put("x-body-validated-by-handler", true);
          }
        }
        JsonObject responses = operation.getJsonObject("responses", new JsonObject());
        for (String status : responses.fieldNames()) {
          if (responses.getValue(status) instanceof JsonObject response
              && response.getJsonObject("content") != null) {
            JsonObject content = response.getJsonObject("content");
            content.fieldNames().removeIf(type -> !VALIDATABLE.contains(type));
            if (content.isEmpty()) {
              response.remove("content");
            }
          }
        }
      }
    }
    JsonObject components = document.getJsonObject("components");
    JsonObject schemas = components == null ? null : components.getJsonObject("schemas");
    if (schemas != null) {
      for (String name : schemas.fieldNames()) {
        if (schemas.getJsonObject(name).getBoolean(VALIDATED_BY_HANDLER, false)) {
          schemas.put(name, new JsonObject().put("type", "object"));
        }
      }
    }
    if (components != null && components.getJsonObject("responses") != null) {
      JsonObject shared = components.getJsonObject("responses");
      for (String name : shared.fieldNames()) {
        JsonObject response = shared.getJsonObject(name);
        if (response.getJsonObject("content") != null) {
          response
              .getJsonObject("content")
              .fieldNames()
              .removeIf(type -> !VALIDATABLE.contains(type));
          if (response.getJsonObject("content").isEmpty()) {
            response.remove("content");
          }
        }
      }
    }
    return document;
  }
}
