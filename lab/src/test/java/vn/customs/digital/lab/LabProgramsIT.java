package vn.customs.digital.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.customs.digital.testing.Await;

/**
 * The lab's programs started as {@code ops/} starts them (ops/lib/common.sh, {@code
 * dc_lab_classpath}): {@code java -cp lab/target/lab-VERSION.jar:$(cat
 * lab/target/runtime.classpath)}, a process of their own. The lab's tests run on the test class
 * path, which has every test-scope dependency: only this finds a program whose runtime class path
 * lacks what it needs (as Jackson once did, declared at test scope).
 */
@DisplayName("The lab's programs run from the lab's runtime class path")
class LabProgramsIT {
  private static final Path LAB_JAR =
      Path.of(System.getProperty("lab.jar", "target/lab-0.1.0-SNAPSHOT.jar"));
  private static final Path LAB_CLASSPATH =
      Path.of(System.getProperty("lab.classpath", "target/runtime.classpath"));

  private static final Duration START = Duration.ofSeconds(60);

  @TempDir Path dir;

  @Test
  @DisplayName("the sandbox bank starts and answers its transaction list")
  void sandboxBank() throws Exception {
    int port = freePort();
    Process bank =
        start(
            "vn.customs.digital.lab.payments.SandboxBank",
            Map.of("SANDBOX_BANK_HOST", "127.0.0.1", "SANDBOX_BANK_PORT", String.valueOf(port)),
            List.of());
    try {
      HttpClient client = HttpClient.newHttpClient();
      HttpRequest transactions =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/sandbox/transactions"))
              .timeout(Duration.ofSeconds(5))
              .build();
      HttpResponse<String> answer =
          Await.value(
              "the sandbox bank's transaction list",
              START,
              () -> {
                assertThat(bank.isAlive()).as("the bank is running: %s", output()).isTrue();
                try {
                  return client.send(transactions, HttpResponse.BodyHandlers.ofString());
                } catch (IOException e) {
                  return null;
                }
              });
      assertThat(answer.statusCode()).isEqualTo(200);
      assertThat(answer.body()).startsWith("{");
    } finally {
      bank.destroy();
      assertThat(bank.waitFor(20, TimeUnit.SECONDS)).as("the bank stops on SIGTERM").isTrue();
    }
  }

  @Test
  @DisplayName(
      "the submission fixtures run up to the network: template read, development token signed, key"
          + " generated, then the api refused")
  void submissionFixtures() throws Exception {
    Path template = dir.resolve("template.json");
    Files.writeString(template, "{\"type\": \"IMPORT\"}");
    int closed = freePort();
    Process fixtures =
        start(
            "vn.customs.digital.lab.load.SubmissionFixtures",
            Map.of(),
            List.of(
                "http://127.0.0.1:" + closed,
                dir.resolve("dev-key.jwk").toString(),
                template.toString(),
                "0101234567",
                "1",
                dir.resolve("out").toString()));
    assertThat(fixtures.waitFor(START.toSeconds(), TimeUnit.SECONDS)).isTrue();
    String output = output();
    assertThat(output).doesNotContain("ClassNotFoundException").doesNotContain("NoClassDefFound");
    assertThat(output).contains("ConnectException");
    assertThat(fixtures.exitValue()).isEqualTo(1);
    assertThat(dir.resolve("dev-key.jwk")).as("the development issuer's key was made").exists();
  }

  private Process start(String mainClass, Map<String, String> env, List<String> args)
      throws IOException {
    assertThat(LAB_JAR).as("mvn package writes the lab's jar").isRegularFile();
    assertThat(LAB_CLASSPATH).as("mvn package writes the lab's class path").isRegularFile();
    String classpath =
        LAB_JAR.toAbsolutePath()
            + ":"
            + Files.readString(LAB_CLASSPATH, StandardCharsets.UTF_8).strip();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(classpath);
    command.add(mainClass);
    command.addAll(args);
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("output.txt").toFile());
    builder.environment().putAll(env);
    return builder.start();
  }

  private String output() {
    try {
      return Files.readString(dir.resolve("output.txt"), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no output: " + e + ")";
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
