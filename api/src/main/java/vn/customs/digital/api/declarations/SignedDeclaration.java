package vn.customs.digital.api.declarations;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.jwk.JWK;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.text.ParseException;
import java.util.List;
import java.util.Set;
import vn.customs.digital.api.auth.JwsVerifiers;
import vn.customs.digital.api.http.InputGuard;
import vn.customs.digital.api.http.InputText;
import vn.customs.digital.problems.Problem;

/**
 * A declaration as the trader's app signed it: a compact JWS whose payload is the declaration JSON.
 * The compact text is kept byte for byte beside the parsed fields, for non-repudiation.
 */
public record SignedDeclaration(String compact, String kid, JWSAlgorithm algorithm, JWSObject jws) {
  private static final Set<JWSAlgorithm> ALLOWED = Set.of(JWSAlgorithm.ES256, JWSAlgorithm.RS256);

  /** Parses the envelope (not yet verified): which key, which algorithm. */
  public static SignedDeclaration parse(String compact) {
    JWSObject jws;
    try {
      jws = JWSObject.parse(compact.trim());
    } catch (ParseException e) {
      throw signatureProblem("the body is not a compact JWS (header.payload.signature)");
    }
    JWSAlgorithm alg = jws.getHeader().getAlgorithm();
    if (!ALLOWED.contains(alg)) {
      throw signatureProblem("JWS algorithm " + alg + " is not accepted; use ES256 or RS256");
    }
    String kid = jws.getHeader().getKeyID();
    if (kid == null || kid.isBlank() || kid.length() > 128 || InputText.unacceptable(kid) >= 0) {
      throw signatureProblem(
          "the JWS header must name the signing key in 'kid' (at most 128 characters, no NUL)");
    }
    return new SignedDeclaration(compact.trim(), kid, alg, jws);
  }

  /** Verifies the signature with the registered key and returns the declaration JSON it covers. */
  public JsonObject verifiedPayload(JWK key) {
    try {
      if (!jws.verify(JwsVerifiers.forKey(key))) {
        throw signatureProblem("the signature does not verify with key '" + kid + "'");
      }
    } catch (JOSEException | IllegalStateException | ClassCastException e) {
      throw signatureProblem("key '" + kid + "' cannot verify a " + algorithm + " signature");
    }
    return declaration(jws.getPayload().toBytes());
  }

  /**
   * The declaration JSON of the signed bytes, exactly: what is stored must be what was signed, so
   * bytes that are not UTF-8, or strings that hold a character the database cannot keep (NUL, a
   * lone surrogate), are refused rather than repaired (Nimbus' {@code Payload.toString()} would put
   * U+FFFD for malformed bytes).
   */
  static JsonObject declaration(byte[] signed) {
    String text;
    try {
      text = InputText.utf8(signed);
    } catch (InputText.NotUtf8 e) {
      throw Problem.validation(
              "the signed payload is " + e.getMessage(),
              List.of(
                  new Problem.FieldError(
                      "", "the JWS payload must be UTF-8 JSON; it is " + e.getMessage())))
          .exception();
    }
    JsonObject declaration;
    try {
      declaration = new JsonObject(text);
    } catch (DecodeException | ClassCastException e) {
      throw Problem.validation(
              "the signed payload is not a JSON object",
              List.of(
                  new Problem.FieldError(
                      "", "the JWS payload must be the declaration JSON object")))
          .exception();
    }
    List<Problem.FieldError> unacceptable = InputText.unacceptableStrings(declaration, "");
    if (!unacceptable.isEmpty()) {
      throw InputGuard.unacceptableJson(unacceptable).exception();
    }
    return declaration;
  }

  static RuntimeException signatureProblem(String detail) {
    return new Problem(
            "signature", 422, "The declaration's signature is not acceptable", detail, List.of())
        .exception();
  }
}
