package vn.customs.digital.lab.clients;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import vn.customs.digital.api.TestApi;
import vn.customs.digital.api.auth.TestTokens;

/**
 * The TypeScript client OpenAPI Generator makes from the contract at every build (typescript-fetch,
 * never edited; see the lab's pom), compiled with the pinned tsc of {@code lab/ts-client} together
 * with {@code lab/ts-client/flow.ts}, which then drives the running api under Node.js.
 */
@DisplayName("A TypeScript client generated from the contract, compiled and run under Node.js")
class GeneratedTypeScriptClientTest {
  private static final Path DIR = Path.of("ts-client");
  private static final String TAX_CODE = "0101234567";

  @Test
  @DisplayName(
      "compiles with tsc, then pages a search, gets a 304, reads a Problem and registers a key")
  void flow() throws IOException, InterruptedException {
    Path tsc = DIR.resolve("node_modules/.bin/tsc").toAbsolutePath();
    assertThat(Files.isExecutable(tsc))
        .as("TypeScript is installed in lab/ts-client (npm ci there; ops/test does it)")
        .isTrue();
    TestApi.shared();

    Result compiled = run(List.of(tsc.toString(), "-p", "tsconfig.json"), Map.of());
    assertThat(compiled.exit()).as(compiled.output()).isZero();

    Result flow =
        run(
            List.of("node", "../target/ts-client/ts-client/flow.js"),
            Map.of(
                "DC_API_URL",
                "http://127.0.0.1:" + TestApi.port(),
                "DC_TOKEN",
                TestTokens.trader(TAX_CODE),
                "DC_TAX_CODE",
                TAX_CODE));
    assertThat(flow.exit()).as(flow.output()).isZero();
    assertThat(flow.output())
        .contains(
            "ok: If-None-Match answered 304",
            "ok: typed Problem with its field error",
            "ok: signing key registered and listed");
  }

  private record Result(int exit, String output) {}

  private static Result run(List<String> command, Map<String, String> env)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).directory(DIR.toFile());
    builder.redirectErrorStream(true);
    builder.environment().putAll(env);
    Process process = builder.start();
    process.getOutputStream().close();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(String.join(" ", command) + " did not finish within 120 s");
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Result(process.exitValue(), output);
  }
}
