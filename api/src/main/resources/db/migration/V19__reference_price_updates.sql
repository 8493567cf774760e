-- Reference prices a risk manager updates through the api (issue 17): who set each price and when. Every change
-- is also a record of the audit chain (REFERENCE_PRICE_SET, with the price it replaced); prices in force before
-- today are history and are not changed, a new price is set from a day on.
alter table reference_prices
  add column recorded_by text not null default 'V16 sample',
  add column recorded_at timestamptz not null default now();
alter table reference_prices
  alter column recorded_by drop default,
  alter column recorded_at drop default,
  add constraint reference_prices_source_length check (length(source) between 1 and 200);
