-- Outcomes that feed the trader profile besides inspections (those are the violations table):
-- amendments made to a declaration after its release, and duties paid after their due date.
-- Each row is written in the transaction of the change it records (the amendment, the payment's
-- settlement); RiskQueries.PROFILE counts them over the last 12 months. Nothing before this
-- migration is backfilled: amendments after release were not accepted before, and whether a payment
-- was late depends on the configured term (PAYMENT_DUE_DAYS).
create table profile_outcomes (
  id             uuid primary key,
  tax_code       text not null,                     -- the declarant whose profile it feeds
  kind           text not null check (kind in ('AMENDMENT_AFTER_RELEASE', 'LATE_PAYMENT')),
  declaration_id uuid not null references declarations (id),
  version        int,                               -- the amending version (AMENDMENT_AFTER_RELEASE)
  payment_id     uuid references payments (id),     -- the late payment (LATE_PAYMENT)
  occurred_on    date not null,                     -- customs day (Vietnam time) of the amendment, or of the bank's payment
  details        jsonb not null,
  recorded_at    timestamptz not null,
  check ((kind = 'AMENDMENT_AFTER_RELEASE') = (version is not null)),
  check ((kind = 'LATE_PAYMENT') = (payment_id is not null))
);
create index profile_outcomes_by_trader on profile_outcomes (tax_code, occurred_on);
create unique index profile_outcomes_one_per_amendment on profile_outcomes (declaration_id, version)
  where kind = 'AMENDMENT_AFTER_RELEASE';
create unique index profile_outcomes_one_per_payment on profile_outcomes (payment_id) where kind = 'LATE_PAYMENT';
