-- Duty payments through a gateway (VNPAY protocol) and the service-signed e-receipts they earn.
--
-- A payment is PENDING until the gateway's IPN settles it: PAID (credited, exactly once) or
-- FAILED (declined or cancelled at the bank); an unpaid one past its expiry becomes EXPIRED and
-- may be replaced. At most one PENDING payment per declaration (partial unique index below).
-- Late payment (paid after the duty's due date) is what the trader profile's OVERDUE_DEBT and
-- compliance history feed on; nothing here writes the profile: it is read from these rows.

create table payments (
  id                      uuid primary key,
  declaration_id          uuid not null references declarations (id),
  reference               text not null unique check (reference ~ '^[A-Za-z0-9]{1,100}$'),  -- vnp_TxnRef
  gateway                 text not null check (gateway in ('VNPAY')),
  amount_vnd              numeric(20,0) not null check (amount_vnd > 0),
  currency                char(3) not null default 'VND' check (currency = 'VND'),
  status                  text not null check (status in ('PENDING', 'PAID', 'FAILED', 'EXPIRED')),
  payment_url             text not null,
  created_by              text not null,
  created_at              timestamptz not null,
  expires_at              timestamptz not null,
  settled_at              timestamptz,           -- when the IPN that settled it was processed
  paid_at                 timestamptz,           -- the bank's payment time (vnp_PayDate)
  gateway_transaction_no  text,                  -- vnp_TransactionNo of the settling IPN
  bank_code               text,
  response_code           text,                  -- vnp_ResponseCode of the settling IPN
  check ((status = 'PAID') = (paid_at is not null))
);
create unique index payments_one_open on payments (declaration_id) where status = 'PENDING';
create index payments_by_declaration on payments (declaration_id, created_at desc);
create index payments_expiring on payments (expires_at) where status = 'PENDING';
create index payments_paid_at on payments (paid_at) where paid_at is not null;

create table receipts (
  payment_id      uuid primary key references payments (id),
  declaration_id  uuid not null references declarations (id),
  jws             text not null,      -- compact JWS (ES256) by the service key, verifiable offline
  kid             text not null,
  issued_at       timestamptz not null
);
create index receipts_by_declaration on receipts (declaration_id, issued_at desc);
