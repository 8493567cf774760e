package vn.customs.digital.lab.load;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import vn.customs.digital.api.ApiConfig;
import vn.customs.digital.api.auth.DevIssuer;
import vn.customs.digital.api.auth.Role;

/**
 * Prepares a submission benchmark (ops/bench submit) against a running api with the development
 * issuer: registers a fresh signing key for the enterprise, then writes N distinct signed
 * declarations (one compact JWS per line) and the bearer token, as a phone fleet would send them.
 *
 * <p>Usage: SubmissionFixtures API_BASE DEV_KEY_FILE TEMPLATE_JSON TAX_CODE COUNT OUT_DIR; with
 * {@code token=FILE} in place of DEV_KEY_FILE, the bearer token is the one in FILE (a real
 * issuer's, as ops/oidc-interop gets from Keycloak) instead of one the development issuer's key
 * signs.
 */
public final class SubmissionFixtures {
  private SubmissionFixtures() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 6) {
      System.err.println(
          "usage: SubmissionFixtures API_BASE DEV_KEY_FILE TEMPLATE_JSON TAX_CODE COUNT OUT_DIR");
      System.exit(2);
    }
    String base = args[0];
    JsonObject template =
        new JsonObject(Files.readString(Path.of(args[2]), StandardCharsets.UTF_8));
    String taxCode = args[3];
    int count = Integer.parseInt(args[4]);
    Path out = Path.of(args[5]);

    String token =
        args[1].startsWith("token=")
            ? Files.readString(
                    Path.of(args[1].substring("token=".length())), StandardCharsets.UTF_8)
                .strip()
            : DevIssuer.token(
                DevIssuer.loadOrCreate(Path.of(args[1])),
                ApiConfig.Auth.DEFAULT_AUDIENCE,
                "tax_code",
                Role.TRADER,
                taxCode,
                "bench-" + taxCode,
                Duration.ofHours(2),
                Clock.systemUTC());
    ECKey phone = new ECKeyGenerator(Curve.P_256).keyID("bench-" + UUID.randomUUID()).generate();
    HttpResponse<String> registered =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(base + "/api/v1/enterprises/" + taxCode + "/keys"))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            new JsonObject()
                                .put("jwk", new JsonObject(phone.toPublicJWK().toJSONObject()))
                                .encode()))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    if (registered.statusCode() / 100 != 2) {
      throw new IllegalStateException(
          "key registration failed: " + registered.statusCode() + " " + registered.body());
    }
    ECDSASigner signer = new ECDSASigner(phone);
    List<String> lines = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      JsonObject declaration =
          template
              .copy()
              .put("declarantTaxCode", taxCode)
              .put("transportDocument", "BENCH" + String.format("%08d", i));
      JWSObject jws =
          new JWSObject(
              new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(phone.getKeyID()).build(),
              new Payload(declaration.encode()));
      jws.sign(signer);
      lines.add(jws.serialize());
    }
    Files.createDirectories(out);
    Files.write(out.resolve("declarations.jws"), lines, StandardCharsets.UTF_8);
    Files.writeString(out.resolve("token"), token, StandardCharsets.UTF_8);
    System.out.println("wrote " + count + " signed declarations for " + taxCode + " to " + out);
  }
}
