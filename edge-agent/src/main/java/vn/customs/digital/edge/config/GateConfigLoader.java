package vn.customs.digital.edge.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import vn.customs.digital.edge.journal.JournalQuota;

/**
 * Reads gate.yaml into a {@link GateConfig}. Every problem is collected (not just the first) and
 * reported together. Relative paths are resolved against the directory of the file. Durations are
 * written as {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h} or ISO-8601 ({@code PT1H}).
 */
public final class GateConfigLoader {
  private static final Pattern GATE_CODE = Pattern.compile("[A-Z0-9]{3,10}");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)");
  private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(b|kib|mib|gib|kb|mb|gb)?");

  /**
   * Holds more than 7 days of a busy lane (2,000 vehicles a day); the arithmetic is in the README.
   */
  public static final long DEFAULT_JOURNAL_BYTES = 128L << 20;

  public static final long MIN_JOURNAL_BYTES = 1L << 20;
  public static final int DEFAULT_BACKLOG_RATE = 100;

  private final List<String> problems = new ArrayList<>();
  private final Path baseDirectory;

  private GateConfigLoader(Path baseDirectory) {
    this.baseDirectory = baseDirectory;
  }

  public static GateConfig load(Path file) throws InvalidConfigException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new InvalidConfigException(file.toString(), List.of("cannot read the file: " + e));
    }
    Path base = file.toAbsolutePath().getParent();
    return parse(text, base, file.toString());
  }

  public static GateConfig parse(String yaml, Path baseDirectory, String source)
      throws InvalidConfigException {
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(yaml);
    } catch (IOException e) {
      throw new InvalidConfigException(source, List.of("not valid YAML: " + e.getMessage()));
    }
    if (root == null || !root.isObject()) {
      throw new InvalidConfigException(
          source, List.of("the file must be a YAML mapping (gate: ..., api: ..., ...)"));
    }
    GateConfigLoader loader = new GateConfigLoader(baseDirectory);
    GateConfig config = loader.read(root);
    if (!loader.problems.isEmpty()) {
      throw new InvalidConfigException(source, loader.problems);
    }
    return config;
  }

  private GateConfig read(JsonNode root) {
    String gate =
        text(
            root,
            "gate",
            null,
            GATE_CODE,
            "a gate code of 3-10 upper-case letters or digits, e.g. VNHPH");
    String lane = text(root, "lane", "L1", NAME, "a lane name such as L1");
    String deviceId = text(root, "deviceId", null, NAME, "the device id registered for this agent");

    JsonNode apiNode = section(root, "api");
    URI apiUrl = uri(apiNode, "api.url", "url", List.of("http", "https"));
    URI wsUrl =
        apiNode.has("wsUrl")
            ? uri(apiNode, "api.wsUrl", "wsUrl", List.of("ws", "wss"))
            : webSocketOf(apiUrl);
    String audience =
        text(apiNode, "audience", null, null, "the api audience (aud claim)", "api.audience");
    Path keyFile = existingFile(apiNode, "api.deviceKeyFile", "deviceKeyFile");
    Duration requestTimeout =
        duration(apiNode, "api.requestTimeout", "requestTimeout", Duration.ofSeconds(5));
    GateConfig.Api api = new GateConfig.Api(apiUrl, wsUrl, audience, keyFile, requestTimeout);

    JsonNode devicesNode = section(root, "devices");
    GateConfig.CoapDevice camera = device(devicesNode, "camera");
    GateConfig.CoapDevice sealReader = device(devicesNode, "sealReader");
    Duration observeCheck =
        duration(devicesNode, "devices.observeCheck", "observeCheck", Duration.ofSeconds(5));
    GateConfig.Devices devices = new GateConfig.Devices(camera, sealReader, observeCheck);

    GateConfig.Gpio gpio = gpio(root);

    JsonNode policyNode = section(root, "policy");
    Duration cacheMaxAge =
        duration(policyNode, "policy.cacheMaxAge", "cacheMaxAge", Duration.ofHours(2));
    double minConfidence = policyNode.path("minOcrConfidence").asDouble(0.9);
    if (policyNode.has("minOcrConfidence") && !policyNode.get("minOcrConfidence").isNumber()
        || minConfidence < 0
        || minConfidence > 1) {
      problems.add("policy.minOcrConfidence: must be a number between 0 and 1");
    }
    Duration sync =
        duration(policyNode, "policy.syncInterval", "syncInterval", Duration.ofSeconds(30));
    GateConfig.Policy policy = new GateConfig.Policy(cacheMaxAge, minConfidence, sync);

    JsonNode journalNode = section(root, "journal");
    Path journalDir = null;
    if (!journalNode.hasNonNull("directory")) {
      problems.add(
          "journal.directory: missing (a writable directory for the durable event journal and cache)");
    } else {
      journalDir = resolve(journalNode.get("directory").asText());
    }
    long maxBytes =
        size(journalNode, "journal.maxBytes", "maxBytes", DEFAULT_JOURNAL_BYTES, MIN_JOURNAL_BYTES);
    int warnPercent =
        integer(
            journalNode,
            "journal.warnPercent",
            "warnPercent",
            80,
            JournalQuota.MIN_WARN_PERCENT,
            JournalQuota.MAX_WARN_PERCENT);
    int backlogRate =
        integer(
            root.path("uplink"),
            "uplink.backlogRate",
            "backlogRate",
            DEFAULT_BACKLOG_RATE,
            1,
            100_000);

    JsonNode displayNode = root.path("laneDisplay");
    String displayHost = displayNode.path("host").asText("0.0.0.0");
    int coapPort = port(displayNode, "laneDisplay.coapPort", "coapPort", 5690, false);
    JsonNode healthNode = root.path("health");
    String healthHost = healthNode.path("host").asText("127.0.0.1");
    int healthPort = port(healthNode, "health.port", "port", 8091, true);

    return new GateConfig(
        gate,
        lane,
        deviceId,
        api,
        devices,
        gpio,
        policy,
        new GateConfig.Journal(journalDir, maxBytes, warnPercent),
        new GateConfig.Uplink(backlogRate),
        new GateConfig.LaneDisplay(displayHost, coapPort),
        new GateConfig.Health(healthHost, healthPort));
  }

  private GateConfig.Gpio gpio(JsonNode root) {
    JsonNode node = root.path("gpio");
    if (node.isTextual()) {
      node = new ObjectMapper().createObjectNode().put("mode", node.asText());
    }
    GateConfig.GpioMode mode = null;
    String modeText = node.path("mode").asText("");
    switch (modeText.toLowerCase(Locale.ROOT)) {
      case "mock" -> mode = GateConfig.GpioMode.MOCK;
      case "gpiod" -> mode = GateConfig.GpioMode.GPIOD;
      default ->
          problems.add(
              "gpio.mode: must be 'mock' (development, tests) or 'gpiod' (Raspberry Pi), was '"
                  + modeText
                  + "'");
    }
    GateConfig.Pin barrier = pin(node.path("barrier"), "gpio.barrier", 17, true);
    GateConfig.Pin loop = pin(node.path("passageLoop"), "gpio.passageLoop", 27, true);
    if (barrier.address() == loop.address()) {
      problems.add(
          "gpio: the barrier and the passage loop cannot use the same pin " + barrier.address());
    }
    Duration debounce =
        duration(
            node.path("passageLoop"),
            "gpio.passageLoop.debounce",
            "debounce",
            Duration.ofMillis(50));
    Duration watchdog = duration(node, "gpio.watchdog", "watchdog", Duration.ofSeconds(1));
    Duration openTimeout =
        duration(node, "gpio.openTimeout", "openTimeout", Duration.ofSeconds(60));
    return new GateConfig.Gpio(mode, barrier, loop, debounce, watchdog, openTimeout);
  }

  private GateConfig.Pin pin(
      JsonNode node, String path, int defaultPin, boolean defaultActiveHigh) {
    int address = node.path("pin").asInt(defaultPin);
    if (node.has("pin") && (!node.get("pin").canConvertToInt() || address < 0 || address > 63)) {
      problems.add(path + ".pin: must be a GPIO (BCM) number between 0 and 63");
    }
    boolean activeHigh = defaultActiveHigh;
    if (node.has("active")) {
      switch (node.get("active").asText().toLowerCase(Locale.ROOT)) {
        case "high" -> activeHigh = true;
        case "low" -> activeHigh = false;
        default -> problems.add(path + ".active: must be 'high' or 'low'");
      }
    }
    return new GateConfig.Pin(address, activeHigh);
  }

  private GateConfig.CoapDevice device(JsonNode devices, String name) {
    String path = "devices." + name;
    JsonNode node = devices.path(name);
    if (!node.isObject()) {
      problems.add(path + ": missing (id and uri of the " + name + ")");
      return null;
    }
    String id = text(node, "id", null, NAME, "a device id", path + ".id");
    URI uri = uri(node, path + ".uri", "uri", List.of("coap", "coaps"));
    Optional<GateConfig.Psk> psk = Optional.empty();
    JsonNode pskNode = node.path("psk");
    if (pskNode.isObject()) {
      String identity = pskNode.path("identity").asText("");
      String secret = pskNode.path("secret").asText("");
      if (identity.isEmpty()) {
        problems.add(path + ".psk.identity: missing");
      }
      byte[] secretBytes = new byte[0];
      if (secret.startsWith("hex:")) {
        try {
          secretBytes = HexFormat.of().parseHex(secret.substring(4));
        } catch (IllegalArgumentException e) {
          problems.add(path + ".psk.secret: 'hex:' must be followed by hexadecimal digits");
        }
      } else {
        secretBytes = secret.getBytes(StandardCharsets.UTF_8);
      }
      if (secretBytes.length < 8) {
        problems.add(path + ".psk.secret: at least 8 bytes (text, or hex:0011...)");
      }
      psk = Optional.of(new GateConfig.Psk(identity, secretBytes));
      if (uri != null && !"coaps".equals(uri.getScheme())) {
        problems.add(path + ".uri: a device with a DTLS pre-shared key must use coaps://");
      }
    } else if (uri != null && "coaps".equals(uri.getScheme())) {
      problems.add(path + ".psk: coaps:// needs a pre-shared key (psk.identity and psk.secret)");
    }
    return new GateConfig.CoapDevice(id, uri, psk);
  }

  private JsonNode section(JsonNode root, String name) {
    JsonNode node = root.path(name);
    if (!node.isObject()) {
      if (!"policy".equals(name)) {
        problems.add(name + ": missing section");
      }
      return new ObjectMapper().createObjectNode();
    }
    return node;
  }

  private String text(
      JsonNode node, String field, String defaultValue, Pattern pattern, String what) {
    return text(node, field, defaultValue, pattern, what, field);
  }

  private String text(
      JsonNode node, String field, String defaultValue, Pattern pattern, String what, String path) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull() || value.asText().isBlank()) {
      if (defaultValue == null) {
        problems.add(path + ": missing (" + what + ")");
      }
      return defaultValue;
    }
    String text = value.asText().trim();
    if (pattern != null && !pattern.matcher(text).matches()) {
      problems.add(path + ": '" + text + "' is not " + what);
    }
    return text;
  }

  private URI uri(JsonNode node, String path, String field, List<String> schemes) {
    JsonNode value = node.get(field);
    if (value == null || value.asText().isBlank()) {
      problems.add(path + ": missing (" + String.join(" or ", schemes) + " URI)");
      return null;
    }
    try {
      URI uri = new URI(value.asText().trim());
      if (uri.getScheme() == null
          || !schemes.contains(uri.getScheme().toLowerCase(Locale.ROOT))
          || uri.getHost() == null) {
        problems.add(
            path
                + ": '"
                + value.asText()
                + "' must be an absolute "
                + String.join(" or ", schemes)
                + " URI");
        return null;
      }
      return uri;
    } catch (URISyntaxException e) {
      problems.add(path + ": '" + value.asText() + "' is not a URI (" + e.getReason() + ")");
      return null;
    }
  }

  private static URI webSocketOf(URI http) {
    if (http == null) {
      return null;
    }
    String scheme = "https".equalsIgnoreCase(http.getScheme()) ? "wss" : "ws";
    return URI.create(scheme + http.toString().substring(http.getScheme().length()));
  }

  private Path existingFile(JsonNode node, String path, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.asText().isBlank()) {
      problems.add(path + ": missing (the device's EC P-256 private key, PEM PKCS#8 or JWK)");
      return null;
    }
    Path file = resolve(value.asText().trim());
    if (!Files.isReadable(file)) {
      problems.add(path + ": " + file + " does not exist or is not readable");
    }
    return file;
  }

  private Path resolve(String path) {
    Path p = Path.of(path);
    return p.isAbsolute() || baseDirectory == null ? p : baseDirectory.resolve(p).normalize();
  }

  private Duration duration(JsonNode node, String path, String field, Duration defaultValue) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return defaultValue;
    }
    String text = value.asText().trim().toLowerCase(Locale.ROOT);
    var m = SIMPLE_DURATION.matcher(text);
    Duration result = null;
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      result =
          switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
          };
    } else {
      try {
        result = Duration.parse(value.asText().trim());
      } catch (DateTimeParseException e) {
        problems.add(
            path + ": '" + value.asText() + "' is not a duration (500ms, 30s, 5m, 1h or PT1H)");
        return defaultValue;
      }
    }
    if (result.isNegative() || result.isZero()) {
      problems.add(path + ": must be positive");
    }
    return result;
  }

  /**
   * A size in bytes: a number, or with a unit (KiB, MiB, GiB: powers of 1024; KB, MB, GB: of 1000).
   */
  private long size(JsonNode node, String path, String field, long defaultValue, long min) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return defaultValue;
    }
    var m = SIZE.matcher(value.asText().trim().toLowerCase(Locale.ROOT));
    if (!m.matches() || m.group(1).length() > 15) {
      problems.add(
          path + ": '" + value.asText() + "' is not a size (bytes, or e.g. 512MiB, 2GiB, 500MB)");
      return defaultValue;
    }
    long unit =
        switch (m.group(2) == null ? "b" : m.group(2)) {
          case "kib" -> 1L << 10;
          case "mib" -> 1L << 20;
          case "gib" -> 1L << 30;
          case "kb" -> 1_000L;
          case "mb" -> 1_000_000L;
          case "gb" -> 1_000_000_000L;
          default -> 1L;
        };
    long bytes = Long.parseLong(m.group(1)) * unit;
    if (bytes < min) {
      problems.add(path + ": at least " + min + " bytes");
    }
    return bytes;
  }

  private int integer(
      JsonNode node, String path, String field, int defaultValue, int min, int max) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return defaultValue;
    }
    if (!value.canConvertToInt()
        || !value.isIntegralNumber()
        || value.asInt() < min
        || value.asInt() > max) {
      problems.add(path + ": must be a whole number from " + min + " to " + max);
      return defaultValue;
    }
    return value.asInt();
  }

  private int port(
      JsonNode node, String path, String field, int defaultValue, boolean allowDisabled) {
    JsonNode value = node.get(field);
    if (value == null) {
      return defaultValue;
    }
    int port = value.asInt(Integer.MIN_VALUE);
    if (!value.canConvertToInt() || port > 65535 || port < (allowDisabled ? -1 : 0)) {
      problems.add(
          path
              + ": must be a port number 0-65535 (0 = any free port"
              + (allowDisabled ? ", -1 = disabled)" : ")"));
      return defaultValue;
    }
    return port;
  }
}
