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
import vn.customs.digital.api.payments.PaymentFixture;
import vn.customs.digital.lab.payments.SandboxPayments;

/**
 * The TypeScript client OpenAPI Generator makes from the contract at every build (typescript-fetch,
 * never edited; see the lab's pom), compiled with the pinned tsc of {@code lab/ts-client} together
 * with {@code lab/ts-client/flow.ts}, which then drives the running api under Node.js: the whole
 * flow of the Java client's test (GeneratedJavaClientTest), with the declaration signed and the
 * e-receipt verified by Node's WebCrypto. Each step prints "ok: ..." when it holds; the first that
 * does not ends the program with a non-zero exit.
 */
@DisplayName("A TypeScript client generated from the contract, compiled and run under Node.js")
class GeneratedTypeScriptClientTest {
  private static final Path DIR = Path.of("ts-client");

  /** A priority enterprise: the default ruleset routes its declarations GREEN, to be paid. */
  private static final String TAX_CODE = PaymentFixture.PRIORITY_ENTERPRISE;

  @Test
  @DisplayName(
      "compiles with tsc, then pages a search, gets a 304, reads a Problem, registers a key, submits"
          + " a declaration it signed with an Idempotency-Key and its replay, pays it at the sandbox"
          + " bank and verifies the signed e-receipt against the published keys")
  void flow() throws IOException, InterruptedException {
    Path tsc = DIR.resolve("node_modules/.bin/tsc").toAbsolutePath();
    assertThat(Files.isExecutable(tsc))
        .as("TypeScript is installed in lab/ts-client (npm ci there; ops/test does it)")
        .isTrue();
    TestApi.shared();
    SandboxPayments.bank();

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
                TAX_CODE,
                "DC_DECLARATION",
                PaymentFixture.referenceFor(TAX_CODE).encode()));
    assertThat(flow.exit()).as(flow.output()).isZero();
    assertThat(flow.output())
        .contains(
            "ok: If-None-Match answered 304",
            "ok: typed Problem with its field error",
            "ok: signing key registered and listed",
            "ok: signed declaration registered, its retry replayed",
            "ok: GREEN and awaiting payment",
            "ok: the bank sends the payer back",
            "ok: the payment PAID",
            "ok: the e-receipt's JWS verifies against /.well-known/jwks.json",
            "ok: an altered receipt does not verify",
            "ok: signing key revoked, its signature refused");
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
