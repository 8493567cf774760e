package vn.customs.digital.api.payments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("VNPAY protocol: signing and reading gateway parameters")
class PaymentSignatureTest {

  /**
   * The reference vector, computed independently of this code with OpenSSL:
   *
   * <pre>
   * printf '%s' 'vnp_Amount=1806000000&amp;vnp_Command=pay&amp;vnp_CreateDate=20261123153000&amp;vnp_CurrCode=VND&amp;vnp_ExpireDate=20261123154500&amp;vnp_IpAddr=113.160.92.202&amp;vnp_Locale=vn&amp;vnp_OrderInfo=Nop+thue+to+khai+hai+quan+100000000001&amp;vnp_OrderType=billpayment&amp;vnp_ReturnUrl=https%3A%2F%2Fapp.example.vn%2Fpayments%2Freturn%3Fsrc%3Dvnpay&amp;vnp_TmnCode=DCTEST01&amp;vnp_TxnRef=9f1c2a7e4b6d4f0e8a3b5c7d9e1f2a3b&amp;vnp_Version=2.1.0' \
   *   | openssl dgst -sha512 -hmac 'TESTSECRETFORVNPAYHMACSHA512KEYS'
   * </pre>
   */
  static final String HASH_DATA =
      "vnp_Amount=1806000000&vnp_Command=pay&vnp_CreateDate=20261123153000&vnp_CurrCode=VND"
          + "&vnp_ExpireDate=20261123154500&vnp_IpAddr=113.160.92.202&vnp_Locale=vn"
          + "&vnp_OrderInfo=Nop+thue+to+khai+hai+quan+100000000001&vnp_OrderType=billpayment"
          + "&vnp_ReturnUrl=https%3A%2F%2Fapp.example.vn%2Fpayments%2Freturn%3Fsrc%3Dvnpay&vnp_TmnCode=DCTEST01"
          + "&vnp_TxnRef=9f1c2a7e4b6d4f0e8a3b5c7d9e1f2a3b&vnp_Version=2.1.0";

  static final String OPENSSL_HMAC =
      "070f79d7c83154f9704f48e85d22fc8458db72c90ebf72ffebe92ff0241cc5c57e99e4f4682058c5b4f345ca89fbd4a1c41706f84e9d0bbccdb65f079510e877";
  static final String SECRET = "TESTSECRETFORVNPAYHMACSHA512KEYS";

  private static PaymentsConfig config() {
    return new PaymentsConfig(
        "DCTEST01",
        SECRET,
        "https://sandbox.vnpayment.vn/paymentv2/vpcpay.html",
        "https://app.example.vn/payments/return?src=vnpay",
        Duration.ofMinutes(15),
        new DutyDueDate(DutyDueDate.DEFAULT_DAYS));
  }

  private static PaymentGateway.Order order() {
    // 15:30:00 and 15:45:00 in Vietnam (GMT+7) on 23 November 2026.
    return new PaymentGateway.Order(
        "9f1c2a7e4b6d4f0e8a3b5c7d9e1f2a3b",
        new BigDecimal("18060000"),
        "Nop thue to khai hai quan 100000000001",
        "113.160.92.202",
        "vn",
        Instant.parse("2026-11-23T08:30:00Z"),
        Instant.parse("2026-11-23T08:45:00Z"));
  }

  private static Map<String, String> query(String url) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String pair : URI.create(url).getRawQuery().split("&")) {
      String[] kv = pair.split("=", 2);
      out.put(
          java.net.URLDecoder.decode(kv[0], java.nio.charset.StandardCharsets.UTF_8),
          java.net.URLDecoder.decode(kv[1], java.nio.charset.StandardCharsets.UTF_8));
    }
    return out;
  }

  @Test
  @DisplayName(
      "the payment URL is signed with the HMAC-SHA512 that openssl computes over the sorted, form-encoded parameters")
  void paymentUrlMatchesOpensslVector() {
    String url = new VnpayGateway(config()).paymentUrl(order());
    assertThat(url)
        .startsWith(
            "https://sandbox.vnpayment.vn/paymentv2/vpcpay.html?" + HASH_DATA + "&vnp_SecureHash=");
    Map<String, String> params = query(url);
    assertThat(params.get("vnp_SecureHash")).isEqualTo(OPENSSL_HMAC);
    assertThat(params)
        .containsEntry("vnp_Amount", "1806000000")
        .containsEntry("vnp_CurrCode", "VND")
        .containsEntry("vnp_CreateDate", "20261123153000")
        .containsEntry("vnp_ExpireDate", "20261123154500");
    assertThat(Vnpay.hashData(params)).isEqualTo(HASH_DATA);
    assertThat(Vnpay.hmacSha512Hex(SECRET, HASH_DATA)).isEqualTo(OPENSSL_HMAC);
  }

  @Test
  @DisplayName(
      "a hash over the same parameters verifies, in either case of hex; a changed value or another secret does not")
  void verification() {
    Map<String, String> params = query(new VnpayGateway(config()).paymentUrl(order()));
    assertThat(Vnpay.verify(SECRET, params)).isTrue();
    Map<String, String> upper = new HashMap<>(params);
    upper.put("vnp_SecureHash", OPENSSL_HMAC.toUpperCase());
    upper.put("vnp_SecureHashType", "HmacSHA512");
    assertThat(Vnpay.verify(SECRET, upper)).isTrue();
    Map<String, String> altered = new HashMap<>(params);
    altered.put("vnp_Amount", "1806000100");
    assertThat(Vnpay.verify(SECRET, altered)).isFalse();
    assertThat(Vnpay.verify("ANOTHERSECRETFORVNPAYHMACSHA512K", params)).isFalse();
    Map<String, String> unsigned = new HashMap<>(params);
    unsigned.remove("vnp_SecureHash");
    assertThat(Vnpay.verify(SECRET, unsigned)).isFalse();
  }

  @Test
  @DisplayName(
      "an IPN amount counts in hundredths of a dong; anything but whole dong is no amount at all")
  void amounts() {
    assertThat(VnpayGateway.amount("1806000000")).isEqualByComparingTo("18060000");
    assertThat(VnpayGateway.amount("1806000050")).isNull();
    assertThat(VnpayGateway.amount("-100")).isNull();
    assertThat(VnpayGateway.amount("1e5")).isNull();
    assertThat(VnpayGateway.amount(null)).isNull();
  }

  @Test
  @DisplayName("VNPAY times are wall-clock times in Vietnam, GMT+7")
  void times() {
    assertThat(Vnpay.time(Instant.parse("2026-11-23T17:00:00Z"))).isEqualTo("20261124000000");
    assertThat(Vnpay.parseTime("20261124000000")).isEqualTo(Instant.parse("2026-11-23T17:00:00Z"));
    assertThat(Vnpay.parseTime("2026112400000")).isNull();
  }

  @Test
  @DisplayName(
      "payment configuration: sandbox defaults outside production; in production terminal, secret and URLs are required and the sandbox's refused")
  void configuration() {
    PaymentsConfig dev = PaymentsConfig.fromEnv(Map.of());
    assertThat(dev.tmnCode()).isEqualTo(PaymentsConfig.DEV_TMN_CODE);
    assertThat(dev.ttl()).isEqualTo(Duration.ofMinutes(15));
    assertThat(dev.toString()).doesNotContain(dev.hashSecret());
    assertThat(PaymentsConfig.fromEnv(Map.of("PAYMENT_TTL", "900s")).ttl())
        .isEqualTo(Duration.ofMinutes(15));
    assertThat(PaymentsConfig.fromEnv(Map.of("PAYMENT_TTL", "1h")).ttl())
        .isEqualTo(Duration.ofHours(1));
    assertThatThrownBy(() -> PaymentsConfig.fromEnv(Map.of("PAYMENT_TTL", "10s")))
        .hasMessageContaining("PAYMENT_TTL=10s is out of range");
    assertThat(dev.dueDate()).isEqualTo(new DutyDueDate(30));
    assertThat(PaymentsConfig.fromEnv(Map.of("PAYMENT_DUE_DAYS", "10")).dueDate())
        .isEqualTo(new DutyDueDate(10));
    assertThatThrownBy(() -> PaymentsConfig.fromEnv(Map.of("PAYMENT_DUE_DAYS", "0")))
        .hasMessageContaining("PAYMENT_DUE_DAYS=0 must be a whole number of days from 1 to 90");
    assertThatThrownBy(() -> PaymentsConfig.fromEnv(Map.of("APP_PROFILE", "production")))
        .hasMessageContaining("VNPAY_TMN_CODE is required")
        .hasMessageContaining("VNPAY_HASH_SECRET or VNPAY_HASH_SECRET_FILE is required")
        .hasMessageContaining("VNPAY_PAY_URL is required");
    assertThatThrownBy(
            () ->
                PaymentsConfig.fromEnv(
                    Map.of(
                        "APP_PROFILE",
                        "production",
                        "VNPAY_TMN_CODE",
                        "MERCHANT1",
                        "VNPAY_HASH_SECRET",
                        PaymentsConfig.DEV_HASH_SECRET,
                        "VNPAY_PAY_URL",
                        "https://pay.vnpay.vn/vpcpay.html",
                        "VNPAY_RETURN_URL",
                        "https://app.example.vn/r")))
        .hasMessageContaining("the sandbox hash secret is refused");
  }
}
