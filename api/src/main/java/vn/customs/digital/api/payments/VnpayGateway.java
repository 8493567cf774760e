package vn.customs.digital.api.payments;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/** The {@link PaymentGateway} adapter for VNPAY (payment URL 2.1.0 and IPN), see {@link Vnpay}. */
public final class VnpayGateway implements PaymentGateway {
  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
  private final PaymentsConfig config;

  public VnpayGateway(PaymentsConfig config) {
    this.config = config;
  }

  @Override
  public String name() {
    return "VNPAY";
  }

  @Override
  public String paymentUrl(Order order) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("vnp_Version", Vnpay.VERSION);
    p.put("vnp_Command", Vnpay.COMMAND_PAY);
    p.put("vnp_TmnCode", config.tmnCode());
    // VNPAY amounts are in hundredths of a dong: 1,000,000 VND travels as 100000000.
    p.put("vnp_Amount", order.amountVnd().multiply(HUNDRED).toBigIntegerExact().toString());
    p.put("vnp_CurrCode", "VND");
    p.put("vnp_TxnRef", order.reference());
    p.put("vnp_OrderInfo", order.description());
    p.put("vnp_OrderType", "billpayment");
    p.put("vnp_Locale", order.locale());
    p.put("vnp_ReturnUrl", config.returnUrl());
    p.put("vnp_IpAddr", order.payerIp());
    p.put("vnp_CreateDate", Vnpay.time(order.createdAt()));
    p.put("vnp_ExpireDate", Vnpay.time(order.expiresAt()));
    String base = config.payUrl();
    return base + (base.contains("?") ? "&" : "?") + Vnpay.signedQuery(config.hashSecret(), p);
  }

  @Override
  public Notification read(Map<String, String> params) {
    boolean authentic = Vnpay.verify(config.hashSecret(), params);
    return new Notification(
        authentic,
        params.get("vnp_TmnCode"),
        params.get("vnp_TxnRef"),
        amount(params.get("vnp_Amount")),
        params.get("vnp_CurrCode"),
        Vnpay.SUCCESS.equals(params.get("vnp_ResponseCode"))
            && Vnpay.SUCCESS.equals(params.get("vnp_TransactionStatus")),
        params.get("vnp_ResponseCode"),
        params.get("vnp_TransactionNo"),
        params.get("vnp_BankCode"),
        Vnpay.parseTime(params.get("vnp_PayDate")));
  }

  /**
   * vnp_Amount in whole dong; null unless it is a non-negative integer count of hundredths that
   * makes whole dong.
   */
  static BigDecimal amount(String hundredths) {
    if (hundredths == null || !hundredths.matches("[0-9]{1,22}")) {
      return null;
    }
    BigDecimal[] qr = new BigDecimal(hundredths).divideAndRemainder(HUNDRED);
    return qr[1].signum() == 0 ? qr[0] : null;
  }
}
