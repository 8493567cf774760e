package vn.customs.digital.api.http;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.ext.web.handler.InputTrustHandler;
import io.vertx.ext.web.openapi.router.OpenAPIRoute;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.json.schema.JsonSchemaValidationException;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.json.schema.Validator;
import io.vertx.json.schema.common.dsl.SchemaType;
import io.vertx.openapi.contract.Location;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import io.vertx.openapi.contract.Style;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatableRequest;
import io.vertx.openapi.validation.ValidatedRequest;
import io.vertx.openapi.validation.ValidatorException;
import io.vertx.openapi.validation.impl.RequestParameterImpl;
import io.vertx.openapi.validation.impl.RequestValidatorImpl;
import io.vertx.openapi.validation.impl.ValidatedRequestImpl;
import io.vertx.openapi.validation.transformer.FormTransformer;
import io.vertx.openapi.validation.transformer.LabelTransformer;
import io.vertx.openapi.validation.transformer.MatrixTransformer;
import io.vertx.openapi.validation.transformer.ParameterTransformer;
import io.vertx.openapi.validation.transformer.SimpleTransformer;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Validates each request against the OpenAPI contract on its event loop, as the router builder's
 * own validation would, with the same checks, the same {@code openApiValidatedRequest} and the same
 * failures.
 *
 * <p>Why not the builder's: vertx-openapi 5.0's {@code RequestValidator.validate} runs every
 * request's validation through an <em>ordered</em> {@code executeBlocking} of the verticle's
 * context. Each request therefore goes to a worker thread and back, and all requests of one event
 * loop queue there one after another, behind whatever other blocking task that event loop has. The
 * work itself takes microseconds: parameters are short and bodies are bounded by {@code
 * HTTP_MAX_BODY_BYTES}.
 */
public final class ContractValidation {
  /**
   * The routing context key the router builder's validation uses, kept so handlers can read it the
   * documented way.
   */
  public static final String VALIDATED_REQUEST = "openApiValidatedRequest";

  private ContractValidation() {}

  /**
   * Replaces the builder's validation of every mounted route that has it on by validation on the
   * event loop. Call once all routes are mounted, before {@code createRouter()}. Routes without
   * handlers stay as they are (the builder answers them 501); routes that turned validation off
   * stay unvalidated.
   */
  public static void install(
      Vertx vertx, RouterBuilder builder, OpenAPIContract contract, RequestExtractor extractor) {
    RequestValidatorImpl validator = new RequestValidatorImpl(vertx, contract);
    for (OpenAPIRoute route : builder.getRoutes()) {
      if (route.doValidation() && !route.getHandlers().isEmpty()) {
        route.setDoValidation(false);
        // First among the route's handlers, where the builder puts its own validation.
        route.getHandlers().add(0, handler(contract, validator, extractor, route.getOperation()));
      }
    }
  }

  private static InputTrustHandler handler(
      OpenAPIContract contract,
      RequestValidatorImpl validator,
      RequestExtractor extractor,
      Operation operation) {
    List<ParameterCheck> checks =
        operation.getParameters().stream()
            .map(p -> ParameterCheck.of(contract.getSchemaRepository(), p))
            .toList();
    Operation withoutQuery = withoutQueryParameters(operation);
    return ctx ->
        extractor
            .extractValidatableRequest(ctx, withoutQuery)
            .map(request -> validate(validator, checks, operation, request, ctx.queryParams()))
            .onSuccess(
                validated -> {
                  ctx.put(VALIDATED_REQUEST, validated);
                  ctx.next();
                })
            .onFailure(e -> fail(ctx, e));
  }

  /**
   * What {@code RequestValidatorImpl.validate(ValidatableRequest, String)} does, without the worker
   * hop, with each parameter's schema validator built once ({@link ParameterCheck}).
   */
  static ValidatedRequest validate(
      RequestValidatorImpl validator,
      List<ParameterCheck> checks,
      Operation operation,
      ValidatableRequest request,
      MultiMap queryParams) {
    Map<String, RequestParameter> cookies = new HashMap<>();
    Map<String, RequestParameter> headers = new HashMap<>();
    Map<String, RequestParameter> path = new HashMap<>();
    Map<String, RequestParameter> query = new HashMap<>();
    for (ParameterCheck check : checks) {
      Parameter parameter = check.parameter();
      String name = parameter.getName();
      switch (parameter.getIn()) {
        case COOKIE -> cookies.put(name, check.validate(request.getCookies().get(name)));
        case HEADER -> headers.put(name, check.validate(request.getHeaders().get(name)));
        case PATH -> path.put(name, check.validate(request.getPathParameters().get(name)));
        case QUERY -> query.put(name, check.validate(queryValue(parameter, queryParams)));
      }
    }
    RequestParameter body = validator.validateBody(operation.getRequestBody(), request);
    return new ValidatedRequestImpl(cookies, headers, path, query, body);
  }

  /**
   * A query parameter's value, decoded once. vertx-openapi 5.0.10's extractor percent-decodes the
   * router's already decoded query values a second time ({@code RequestUtils.decodeUrl}): "10%"
   * (sent as {@code 10%25}) would be refused as a malformed escape and "a+b" would lose its plus.
   * So the extractor is given the operation without its query parameters ({@link
   * #withoutQueryParameters}) and each value is taken from the router's single decoding here. The
   * contract's query parameters are all single values; {@link ParameterCheck#of} refuses, at start,
   * an array or object one this would not read.
   */
  private static RequestParameter queryValue(Parameter parameter, MultiMap queryParams) {
    String value = queryParams.get(parameter.getName());
    return value == null ? null : new RequestParameterImpl(value);
  }

  /** The operation as the extractor should see it: without its query parameters. */
  private static Operation withoutQueryParameters(Operation operation) {
    List<Parameter> others =
        operation.getParameters().stream().filter(p -> p.getIn() != Location.QUERY).toList();
    return (Operation)
        Proxy.newProxyInstance(
            Operation.class.getClassLoader(),
            new Class<?>[] {Operation.class},
            (proxy, method, args) -> {
              if (method.getName().equals("getParameters") && method.getParameterCount() == 0) {
                return others;
              }
              try {
                return method.invoke(operation, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  /**
   * One parameter of an operation with its schema's validator, made once at start. It checks what
   * {@code RequestValidatorImpl.validateParameter} (vertx-openapi 5.0.10) checks, in the same order
   * and with the same failures; but that method asks the schema repository for a new validator on
   * every call, and each one copies the contract's whole schema lookup map: measured, about a
   * quarter of the api's CPU per search (docs/benchmarks.md, "search as you type"). A validator
   * holds only final fields and validates any number of values, from any thread.
   */
  record ParameterCheck(Parameter parameter, ParameterTransformer transformer, Validator schema) {
    private static final Map<Style, ParameterTransformer> TRANSFORMERS =
        new EnumMap<>(
            Map.of(
                Style.SIMPLE, new SimpleTransformer(),
                Style.LABEL, new LabelTransformer(),
                Style.MATRIX, new MatrixTransformer(),
                Style.FORM, new FormTransformer()));

    static ParameterCheck of(SchemaRepository schemas, Parameter parameter) {
      if (parameter.getIn() == Location.QUERY
          && (parameter.getSchemaType() == SchemaType.ARRAY
              || parameter.getSchemaType() == SchemaType.OBJECT)) {
        throw new IllegalStateException(
            "query parameter "
                + parameter.getName()
                + " is an array or object: ContractValidation reads single query values only");
      }
      return new ParameterCheck(
          parameter,
          TRANSFORMERS.get(parameter.getStyle()),
          schemas.validator(parameter.getSchema()));
    }

    RequestParameter validate(RequestParameter value) {
      if (value == null || value.isNull()) {
        if (parameter.isRequired()) {
          throw ValidatorException.createMissingRequiredParameter(parameter);
        }
        return new RequestParameterImpl(null);
      }
      if (transformer == null) {
        throw ValidatorException.createUnsupportedValueFormat(parameter);
      }
      String raw = String.valueOf(value.get());
      // A string parameter is its text: vertx-openapi would read "8517.13" or "true" as JSON (a
      // number, a boolean) and then refuse it as not a string.
      Object transformed =
          parameter.getSchemaType() == SchemaType.STRING
              ? raw
              : transformer.transform(parameter, raw);
      OutputUnit result = schema.validate(transformed);
      try {
        result.checkValidity();
        return new RequestParameterImpl(transformed);
      } catch (JsonSchemaValidationException e) {
        throw SchemaValidationException.createErrorFromOutputUnitType(parameter, result, e);
      }
    }
  }

  /**
   * An integer query parameter as the contract validated it, or {@code otherwise} when absent.
   * Routes read integers here rather than parse the raw text: the contract reads a parameter as
   * JSON, so " 1", "1e2" and "3.0" are integers to it, which {@code Integer.parseInt} would refuse
   * after validation let them through.
   */
  public static int queryInteger(RoutingContext ctx, String name, int otherwise) {
    Integer value = queryInteger(ctx, name);
    return value == null ? otherwise : value;
  }

  /** Like {@link #queryInteger(RoutingContext, String, int)}; null when absent. */
  public static Integer queryInteger(RoutingContext ctx, String name) {
    ValidatedRequest validated = ctx.get(VALIDATED_REQUEST);
    if (validated == null) {
      throw new IllegalStateException(
          "the route of "
              + ctx.request().path()
              + " reads "
              + name
              + " without contract validation");
    }
    RequestParameter value = validated.getQuery().get(name);
    return value == null ? null : value.getInteger(null);
  }

  /** Like {@link #queryInteger(RoutingContext, String, int)}, for an int64 parameter. */
  public static long queryLong(RoutingContext ctx, String name, long otherwise) {
    ValidatedRequest validated = ctx.get(VALIDATED_REQUEST);
    if (validated == null) {
      throw new IllegalStateException(
          "the route of "
              + ctx.request().path()
              + " reads "
              + name
              + " without contract validation");
    }
    RequestParameter value = validated.getQuery().get(name);
    return value == null || value.isNull() ? otherwise : value.getLong(otherwise);
  }

  private static void fail(RoutingContext ctx, Throwable e) {
    ctx.fail(e instanceof ValidatorException ? new HttpException(400, e.getMessage(), e) : e);
  }
}
