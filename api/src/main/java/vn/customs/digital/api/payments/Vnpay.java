package vn.customs.digital.api.payments;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * VNPAY's published merchant protocol (payment URL version 2.1.0), as plumbing only: which
 * parameters exist, how they are signed, how times are written. Shared by the api's gateway adapter
 * and by the sandbox bank, which must speak exactly the same dialect.
 *
 * <p>The signature: take every {@code vnp_*} parameter with a non-empty value except {@code
 * vnp_SecureHash} and {@code vnp_SecureHashType}, sort by name, write each as {@code
 * name=URLEncode(value)} (application/x-www-form-urlencoded, UTF-8, space as '+'), join with '&',
 * and HMAC-SHA512 that string with the terminal's hash secret; the hex digest is {@code
 * vnp_SecureHash}. The payment URL's query is the same string plus the hash.
 */
public final class Vnpay {
  public static final String VERSION = "2.1.0";
  public static final String COMMAND_PAY = "pay";
  public static final String SECURE_HASH = "vnp_SecureHash";
  public static final String SECURE_HASH_TYPE = "vnp_SecureHashType";

  /** vnp_CreateDate, vnp_ExpireDate and vnp_PayDate are wall-clock times in Vietnam (GMT+7). */
  public static final ZoneOffset ZONE = ZoneOffset.ofHours(7);

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

  /** VNPAY's success code for vnp_ResponseCode and vnp_TransactionStatus. */
  public static final String SUCCESS = "00";

  private Vnpay() {}

  /** The IPN answers of VNPAY's merchant documentation. */
  public enum IpnAnswer {
    CONFIRMED("00", "Confirm Success"),
    ORDER_NOT_FOUND("01", "Order not found"),
    ALREADY_CONFIRMED("02", "Order already confirmed"),
    INVALID_AMOUNT("04", "Invalid amount"),
    INVALID_SIGNATURE("97", "Invalid signature"),
    UNKNOWN_ERROR("99", "Unknown error");

    public final String code;
    public final String message;

    IpnAnswer(String code, String message) {
      this.code = code;
      this.message = message;
    }

    public String json() {
      return "{\"RspCode\":\"" + code + "\",\"Message\":\"" + message + "\"}";
    }
  }

  /** The string that is signed: sorted, URL-encoded {@code name=value} pairs joined by '&'. */
  public static String hashData(Map<String, String> params) {
    SortedMap<String, String> sorted = new TreeMap<>();
    params.forEach(
        (k, v) -> {
          if (k.startsWith("vnp_")
              && !SECURE_HASH.equals(k)
              && !SECURE_HASH_TYPE.equals(k)
              && v != null
              && !v.isEmpty()) {
            sorted.put(k, v);
          }
        });
    StringBuilder out = new StringBuilder(512);
    sorted.forEach(
        (k, v) -> {
          if (!out.isEmpty()) {
            out.append('&');
          }
          out.append(encode(k)).append('=').append(encode(v));
        });
    return out.toString();
  }

  public static String sign(String secret, Map<String, String> params) {
    return hmacSha512Hex(secret, hashData(params));
  }

  /**
   * True when {@code vnp_SecureHash} is the signature of the other parameters (compared in constant
   * time).
   */
  public static boolean verify(String secret, Map<String, String> params) {
    String given = params.get(SECURE_HASH);
    if (given == null || given.length() != 128) {
      return false;
    }
    byte[] expected = sign(secret, params).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(
        expected, given.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
  }

  /** The signed query string: the hash data followed by {@code &vnp_SecureHash=...}. */
  public static String signedQuery(String secret, Map<String, String> params) {
    String data = hashData(params);
    return data + "&" + SECURE_HASH + "=" + hmacSha512Hex(secret, data);
  }

  public static String hmacSha512Hex(String secret, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA512");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA512"));
      return HexFormat.of().formatHex(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA512 is unavailable", e);
    }
  }

  public static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  public static String time(Instant t) {
    return TIME.format(t.atZone(ZONE));
  }

  /** Parses a yyyyMMddHHmmss GMT+7 time; null when it is not one. */
  public static Instant parseTime(String s) {
    if (s == null || !s.matches("[0-9]{14}")) {
      return null;
    }
    try {
      return LocalDateTime.parse(s, TIME).toInstant(ZONE);
    } catch (java.time.format.DateTimeParseException e) {
      return null;
    }
  }
}
