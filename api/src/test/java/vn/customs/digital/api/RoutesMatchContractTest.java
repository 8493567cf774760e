package vn.customs.digital.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.junit5.VertxExtension;
import io.vertx.openapi.contract.OpenAPIContract;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.customs.digital.testing.Await;

/**
 * The router the api runs and the contract it publishes name the same operations: every route the
 * router mounts (path and method) is an operation of {@code openapi.yaml}, and every operation of
 * it is mounted and served. A route added without its operation in the contract, or an operation
 * written without its route, fails here by name.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("The router's routes and the contract's operations")
class RoutesMatchContractTest {
  private static final List<String> METHODS = List.of("get", "put", "post", "delete", "patch");
  private static final Pattern VERTX_PARAM = Pattern.compile(":([A-Za-z0-9_]+)");

  /**
   * Routes that are in no contract, each with why. Root handlers (no path, every method: request
   * ids, access log, input guard, CORS, bodies, authentication, failures) are not endpoints and are
   * told apart by having neither path nor method. The web module's pages (the phone app and the
   * officer's desk, app/AppShell) are files for browsers, not operations of the api: /app moves to
   * /app/, /app/* serves the module's files, /app/payments/return sends the payer back from the
   * gateway into the app (a redirect to the app's page).
   */
  private static final Set<String> NOT_IN_CONTRACT =
      Set.of("GET /app", "GET /app/", "GET /app/payments/return");

  @Test
  @DisplayName("every mounted route is a contract operation, and every operation is mounted")
  void sameOperations() throws IOException {
    Main.Running api = TestApi.shared();
    Map<String, String> contract = contractOperations();
    Set<String> mounted = new TreeSet<>();
    Set<String> unnamed = new TreeSet<>();
    for (Route route : api.routes()) {
      String path = route.getPath();
      Set<HttpMethod> methods = route.methods();
      boolean everyMethod = methods == null || methods.isEmpty();
      if (path == null && everyMethod && !route.isRegexPath()) {
        continue; // a root handler: runs before every route, serves none
      }
      if (path == null || everyMethod) {
        unnamed.add(
            (everyMethod ? "ANY" : methods.toString())
                + " "
                + (path == null ? "regex " + route.getName() : openApiPath(path)));
        continue;
      }
      for (HttpMethod method : methods) {
        mounted.add(method.name() + " " + openApiPath(path));
      }
    }
    mounted.removeAll(NOT_IN_CONTRACT);
    Set<String> notInContract = new TreeSet<>(mounted);
    notInContract.removeAll(contract.keySet());
    Set<String> notMounted = new TreeSet<>();
    contract.forEach(
        (operation, id) -> {
          if (!mounted.contains(operation)) {
            notMounted.add(operation + " (" + id + ")");
          }
        });
    assertThat(unnamed)
        .as(
            "routes mounted for every method or on a pattern: mount each on its contract"
                + " operation's path and method instead")
        .isEmpty();
    assertThat(notInContract)
        .as(
            "routes the api mounts that api/src/main/resources/openapi.yaml lacks: add each"
                + " operation to the contract (and mount it through the RouterBuilder)")
        .isEmpty();
    assertThat(notMounted)
        .as(
            "operations of api/src/main/resources/openapi.yaml the api does not mount: give"
                + " each a handler in ApiVerticle (builder.getRoute(operationId).addHandler)")
        .isEmpty();
    assertThat(mounted).as("the contract's operations, mounted").hasSize(contract.size());
  }

  @Test
  @DisplayName(
      "an operation of the contract that nothing serves is named, so the api does not start")
  void unservedOperationIsNamed(Vertx vertx) {
    JsonObject document =
        new JsonObject(
            """
            {"openapi": "3.1.0", "info": {"title": "t", "version": "1"},
             "paths": {
               "/served": {"get": {"operationId": "served",
                 "responses": {"200": {"description": "ok"}}}},
               "/forgotten": {"post": {"operationId": "forgotten",
                 "responses": {"204": {"description": "ok"}}}}}}
            """);
    OpenAPIContract contract = Await.result(OpenAPIContract.from(vertx, document));
    RouterBuilder builder =
        RouterBuilder.create(vertx, contract, RequestExtractor.withBodyHandler());
    builder.getRoute("served").addHandler(ctx -> ctx.response().end());

    assertThat(ApiVerticle.unservedOperations(builder)).containsExactly("forgotten");
  }

  /** "METHOD /path/{param}" to operation id, from the contract in the api's resources. */
  private static Map<String, String> contractOperations() throws IOException {
    Map<String, String> operations = new TreeMap<>();
    try (InputStream in =
        RoutesMatchContractTest.class.getClassLoader().getResourceAsStream("openapi.yaml")) {
      @SuppressWarnings("unchecked")
      Map<String, Object> map = new ObjectMapper(new YAMLFactory()).readValue(in, Map.class);
      JsonObject paths = new JsonObject(map).getJsonObject("paths");
      for (String path : paths.fieldNames()) {
        JsonObject item = paths.getJsonObject(path);
        for (String method : METHODS) {
          if (item.getValue(method) instanceof JsonObject op) {
            operations.put(method.toUpperCase() + " " + path, op.getString("operationId"));
          }
        }
      }
    }
    return operations;
  }

  private static String openApiPath(String vertxPath) {
    return VERTX_PARAM.matcher(vertxPath).replaceAll("{$1}");
  }
}
