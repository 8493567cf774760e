-- Valuation reference prices (issue 17): the customs price database's reference unit price of goods, per HS
-- code, unit of quantity and (optionally) origin, in VND. The risk core compares each declared line's customs
-- value per unit with it (UNDERVALUATION indicators: e.g. electrical machinery at under 60 % of it).
--
-- A row with origin null holds for every origin without a row of its own. The sample below is illustrative,
-- at about the market prices of late 2026 (USD 26,300): real values come from the General Department's price
-- database (Circular 39/2015/TT-BTC, Art. 22; Decision 1810/QD-TCHQ) and must be loaded before real use.
create table reference_prices (
  hs_code      char(8) not null check (hs_code ~ '^[0-9]{8}$'),
  origin       char(2) check (origin ~ '^[A-Z]{2}$'),
  unit         text not null check (unit ~ '^[A-Z0-9]{2,3}$'),
  price_vnd    numeric(20,0) not null check (price_vnd > 0),
  valid_from   date not null,
  source       text not null
);
-- One price per goods, origin (or none) and unit from a date.
create unique index reference_prices_key on reference_prices (hs_code, coalesce(origin, '--'), unit, valid_from);

insert into reference_prices (hs_code, origin, unit, price_vnd, valid_from, source) values
  -- Smartphones: mid-range handsets from China, any handset from elsewhere.
  ('85171300', 'CN', 'C62',   5500000, '2026-01-01', 'sample: declared prices of mid-range handsets, 2025'),
  ('85171300', null, 'C62',   7000000, '2026-01-01', 'sample: declared prices of handsets, 2025'),
  -- Laptops.
  ('84713020', null, 'C62',  15000000, '2026-01-01', 'sample: declared prices of 14-inch laptops, 2025'),
  -- Passenger cars of 2.0-2.5 litres.
  ('87032363', null, 'C62', 900000000, '2026-01-01', 'sample: declared prices of 2.0-2.5 l passenger cars, 2025'),
  -- Wine in bottles of 2 l or less, per litre; spirits (whisky), per litre.
  ('22042111', null, 'LTR',    180000, '2026-01-01', 'sample: declared prices of bottled wine, 2025'),
  ('22083000', null, 'LTR',    450000, '2026-01-01', 'sample: declared prices of whisky, 2025'),
  -- Frozen whiteleg shrimp, per kilogram.
  ('03061730', null, 'KGM',    160000, '2026-01-01', 'sample: declared prices of frozen whiteleg shrimp, 2025');
