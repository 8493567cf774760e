package vn.customs.digital.api.declarations;

import com.nimbusds.jose.jwk.ECKey;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import vn.customs.digital.api.auth.PhoneKeys;
import vn.customs.digital.api.auth.TestTokens;
import vn.customs.digital.testing.ReferenceDeclaration;

/** A trader's enterprise in tests: its access token and a signing key registered with the api. */
final class Enterprise {
  final String taxCode;
  final String token;
  final ECKey key;

  private Enterprise(String taxCode, String token, ECKey key) {
    this.taxCode = taxCode;
    this.token = token;
    this.key = key;
  }

  /** Generates a P-256 key on this "phone" and registers its public half for the enterprise. */
  static Enterprise registered(Vertx vertx, String taxCode, String token) {
    return new Enterprise(taxCode, token, PhoneKeys.register(vertx, taxCode, token));
  }

  static Enterprise trader(Vertx vertx, String taxCode) {
    return registered(vertx, taxCode, TestTokens.trader(taxCode));
  }

  String sign(JsonObject declaration) {
    return sign(declaration.encode());
  }

  String sign(String payload) {
    return PhoneKeys.sign(key, payload);
  }

  /** The reference payload, exactly as a trader's app sends it. */
  static String referencePayload() {
    return ReferenceDeclaration.payload();
  }

  static JsonObject reference() {
    return new JsonObject(referencePayload());
  }

  static JsonObject referenceFor(String taxCode) {
    return reference().put("declarantTaxCode", taxCode);
  }
}
