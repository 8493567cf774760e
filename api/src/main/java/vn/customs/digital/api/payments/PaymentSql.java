package vn.customs.digital.api.payments;

/** Every SQL statement of the payments package. */
final class PaymentSql {
  private PaymentSql() {}

  /**
   * Locks the declaration first, always: creation and settlement take the same locks in the same
   * order.
   */
  static final String LOCK_DECLARATION =
      """
      select id, status, number, total_payable_vnd from declarations where id = $1 for update
      """;

  static final String EXPIRE_OVERDUE_OF_DECLARATION =
      """
      update payments set status = 'EXPIRED' where declaration_id = $1 and status = 'PENDING' and expires_at <= $2
      """;

  static final String OPEN_OF_DECLARATION =
      """
      select id, expires_at, amount_vnd from payments where declaration_id = $1 and status = 'PENDING'
      """;

  /** An open payment for an amount the declaration no longer owes (it was amended meanwhile). */
  static final String SUPERSEDE =
      "update payments set status = 'EXPIRED' where id = $1 and status = 'PENDING'";

  static final String INSERT =
      """
      insert into payments (id, declaration_id, reference, gateway, amount_vnd, currency, status, payment_url, created_by,
                            created_at, expires_at)
      values ($1, $2, $3, $4, $5, 'VND', 'PENDING', $6, $7, $8, $9)
      """;

  static final String DECLARATION_OF_REFERENCE =
      "select declaration_id from payments where reference = $1";

  static final String LOCK_BY_REFERENCE = "select * from payments where reference = $1 for update";

  static final String PAID_OF_DECLARATION =
      "select count(*) from payments where declaration_id = $1 and status = 'PAID'";

  static final String SUPERSEDE_OPEN =
      """
      update payments set status = 'EXPIRED' where declaration_id = $1 and status = 'PENDING' and id <> $2
      """;

  static final String MARK_PAID =
      """
      update payments set status = 'PAID', settled_at = $2, paid_at = $3, gateway_transaction_no = $4, bank_code = $5,
                          response_code = $6
       where id = $1 and status = $7
      """;

  static final String MARK_FAILED =
      """
      update payments set status = 'FAILED', settled_at = $2, gateway_transaction_no = $3, bank_code = $4, response_code = $5
       where id = $1 and status = 'PENDING'
      """;

  static final String INSERT_RECEIPT =
      """
      insert into receipts (payment_id, declaration_id, jws, kid, issued_at) values ($1, $2, $3, $4, $5)
      """;

  static final String LIST_OF_DECLARATION =
      """
      select * from payments where declaration_id = $1 order by created_at desc, id limit 50
      """;

  static final String ONE = "select * from payments where id = $1 and declaration_id = $2";

  static final String BY_REFERENCE = "select * from payments where reference = $1";

  static final String LATEST_RECEIPT =
      """
      select jws, kid, issued_at, payment_id from receipts where declaration_id = $1 order by issued_at desc limit 1
      """;

  static final String EXPIRE_OVERDUE =
      """
      update payments set status = 'EXPIRED' where status = 'PENDING' and expires_at <= $1
      """;
}
