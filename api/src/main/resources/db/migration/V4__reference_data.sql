-- Reference data for duty and tax assessment: the tariff (HS 8-digit lines) and the customs
-- exchange rates by date. Read into immutable snapshots (TariffBook, ExchangeRates) at start-up.
--
-- Seed provenance, stated honestly: HS codes follow the AHTN 2022 based Vietnamese nomenclature
-- (Circular 31/2022/TT-BTC), MFN and export rates Decree 26/2023/ND-CP, preferential rates the FTA
-- decrees (e.g. 126/2022 ATIGA), special consumption tax rates the SCT law as amended; all entered
-- from the authors' knowledge, not imported from the official files. They are realistic but must be
-- reconciled against the published tariff before any real assessment.
-- VAT: 0.08 is the temporary 2-point reduction (Resolution 204/2025/QH15, until 2026-12-31) on goods
-- normally at 10% that are not excluded (IT and telecom goods, metals, petroleum, SCT goods are).

create table tariff (
  hs_code                  char(8) primary key check (hs_code ~ '^[0-9]{8}$'),
  description_vi           text not null,
  description_en           text not null,
  mfn_import_rate          numeric(7,4) not null check (mfn_import_rate >= 0),
  vat_rate                 numeric(5,4) not null check (vat_rate in (0, 0.05, 0.08, 0.10)),
  special_consumption_rate numeric(7,4) check (special_consumption_rate >= 0),
  export_rate              numeric(7,4) not null default 0 check (export_rate >= 0),
  -- Decree 26/2023/ND-CP took effect on 2023-07-15.
  valid_from               date not null default date '2023-07-15'
);

comment on column tariff.mfn_import_rate is 'Most-favoured-nation import duty, a fraction: 0.1500 = 15%';
comment on column tariff.special_consumption_rate is 'Special consumption tax rate; null when the goods bear none';

-- Special preferential import rates, one row per line and agreement (TradeAgreement in the code).
-- The certificate of origin form (D, E, AK, EUR.1...) chooses the agreement together with the origin.
create table tariff_preferential (
  hs_code   char(8) not null references tariff (hs_code),
  agreement text not null check (agreement in ('ATIGA', 'ACFTA', 'AKFTA', 'AJCEP', 'AIFTA', 'AANZFTA', 'AHKFTA',
                                              'VJEPA', 'VKFTA', 'VCFTA', 'VN_LAOS', 'VN_EAEU', 'CPTPP', 'EVFTA',
                                              'UKVFTA', 'RCEP')),
  rate      numeric(7,4) not null check (rate >= 0),
  primary key (hs_code, agreement)
);

create table exchange_rates (
  currency     char(3) not null check (currency ~ '^[A-Z]{3}$'),
  valid_on     date not null,
  vnd_per_unit numeric(18,4) not null check (vnd_per_unit > 0),
  primary key (currency, valid_on)
);

insert into tariff (hs_code, description_vi, description_en, mfn_import_rate, vat_rate, special_consumption_rate, export_rate) values
  -- Electronics and IT (VAT 10%: excluded from the reduction)
  ('85171300', 'Điện thoại thông minh', 'Smartphones', 0, 0.10, null, 0),
  ('85171400', 'Điện thoại khác dùng cho mạng di động tế bào hoặc mạng không dây khác', 'Other telephones for cellular networks or other wireless networks', 0, 0.10, null, 0),
  ('84713020', 'Máy tính xách tay kể cả notebook và subnotebook', 'Laptops including notebooks and subnotebooks', 0, 0.10, null, 0),
  ('84713090', 'Máy xử lý dữ liệu tự động loại xách tay khác', 'Other portable automatic data-processing machines', 0, 0.10, null, 0),
  ('85423100', 'Mạch điện tử tích hợp: bộ xử lý và bộ điều khiển', 'Electronic integrated circuits: processors and controllers', 0, 0.10, null, 0),
  ('85414200', 'Tế bào quang điện chưa lắp ráp thành mô-đun hoặc tấm', 'Photovoltaic cells not assembled in modules or made up into panels', 0, 0.10, null, 0),
  ('85414300', 'Tế bào quang điện đã lắp ráp thành mô-đun hoặc tấm', 'Photovoltaic cells assembled in modules or made up into panels', 0, 0.10, null, 0),
  -- Household appliances
  ('85094000', 'Máy nghiền và trộn thức ăn; máy ép quả hoặc rau', 'Food grinders and mixers; fruit or vegetable juice extractors', 0.25, 0.08, null, 0),
  ('85165000', 'Lò vi sóng', 'Microwave ovens', 0.25, 0.08, null, 0),
  ('84151010', 'Máy điều hòa không khí loại lắp vào cửa sổ, tường, công suất làm mát không quá 26,38 kW', 'Window or wall air conditioning machines, cooling capacity not exceeding 26.38 kW', 0.25, 0.10, 0.10, 0),
  -- Seafood, meat, agriculture (VAT 5% on unprocessed products at import)
  ('03061721', 'Tôm sú (Penaeus monodon) đông lạnh, đã bỏ đầu', 'Frozen giant tiger prawns (Penaeus monodon), headless', 0.15, 0.05, null, 0),
  ('03061730', 'Tôm thẻ chân trắng (Litopenaeus vannamei) đông lạnh', 'Frozen whiteleg shrimp (Litopenaeus vannamei)', 0.15, 0.05, null, 0),
  ('03061790', 'Tôm shrimps và tôm prawn khác, đông lạnh', 'Other shrimps and prawns, frozen', 0.15, 0.05, null, 0),
  ('03046200', 'Phi-lê cá da trơn (Pangasius spp., Silurus spp., Clarias spp., Ictalurus spp.) đông lạnh', 'Frozen fillets of catfish (Pangasius, Silurus, Clarias, Ictalurus spp.)', 0.15, 0.05, null, 0),
  ('02023000', 'Thịt trâu, bò không xương, đông lạnh', 'Frozen boneless meat of bovine animals', 0.14, 0.05, null, 0),
  ('10063030', 'Gạo nếp', 'Glutinous rice', 0.40, 0.05, null, 0),
  ('10063099', 'Gạo đã xát toàn bộ hoặc sơ bộ, loại khác', 'Semi-milled or wholly milled rice, other', 0.40, 0.05, null, 0),
  ('09011190', 'Cà phê chưa rang, chưa khử chất ca-phê-in, loại khác', 'Coffee, not roasted, not decaffeinated, other', 0.15, 0.05, null, 0),
  ('09012120', 'Cà phê đã rang, chưa khử chất ca-phê-in, đã xay', 'Coffee, roasted, not decaffeinated, ground', 0.30, 0.08, null, 0),
  ('09041120', 'Hạt tiêu đen, chưa xay hoặc chưa nghiền', 'Black pepper, neither crushed nor ground', 0.20, 0.05, null, 0),
  ('08013100', 'Hạt điều, chưa bóc vỏ', 'Cashew nuts, in shell', 0.05, 0.05, null, 0),
  ('08013200', 'Hạt điều, đã bóc vỏ', 'Cashew nuts, shelled', 0.25, 0.05, null, 0),
  ('08106000', 'Quả sầu riêng, tươi', 'Durians, fresh', 0.20, 0.05, null, 0),
  ('06031100', 'Hoa hồng, cành hoa tươi', 'Roses, fresh cut flowers', 0.20, 0.05, null, 0),
  ('12019000', 'Đậu tương, đã hoặc chưa vỡ mảnh, loại khác', 'Soya beans, whether or not broken, other', 0, 0.05, null, 0),
  ('40012210', 'Cao su tự nhiên định chuẩn về kỹ thuật (TSNR) 10', 'Technically specified natural rubber (TSNR) 10', 0.03, 0.05, null, 0),
  ('44034990', 'Gỗ nhiệt đới khác, dạng thô', 'Other tropical wood in the rough', 0, 0.05, null, 0),
  -- Energy and metals (VAT 10%)
  ('27090010', 'Dầu mỏ thô', 'Crude petroleum oils', 0.05, 0.10, null, 0.10),
  ('27101224', 'Xăng động cơ không pha chì, RON 95 trở lên', 'Unleaded motor spirit, RON 95 and above', 0.10, 0.10, 0.10, 0),
  ('71081210', 'Vàng chưa gia công, dạng cục, thỏi hoặc thanh đúc', 'Gold, unwrought, in lumps, ingots or cast bars', 0.01, 0, null, 0),
  ('72085100', 'Sắt hoặc thép không hợp kim cán phẳng, cán nóng, không ở dạng cuộn, chiều dày trên 10 mm', 'Flat-rolled iron or non-alloy steel, hot-rolled, not in coils, thickness exceeding 10 mm', 0, 0.10, null, 0),
  ('72104999', 'Sắt hoặc thép không hợp kim cán phẳng, được mạ hoặc tráng kẽm, loại khác', 'Flat-rolled iron or non-alloy steel, plated or coated with zinc, other', 0.10, 0.10, null, 0),
  ('72044900', 'Phế liệu và mảnh vụn khác của sắt hoặc thép', 'Other ferrous waste and scrap', 0, 0.10, null, 0),
  ('76042190', 'Thanh, que và hình bằng hợp kim nhôm, dạng hình rỗng, loại khác', 'Aluminium alloy hollow profiles, other', 0.15, 0.10, null, 0),
  ('39159000', 'Phế liệu, phế thải và mẩu vụn của plastic khác', 'Waste, parings and scrap of other plastics', 0.10, 0.10, null, 0),
  ('47079000', 'Giấy loại hoặc bìa loại thu hồi khác, kể cả phế liệu và vụn thừa chưa phân loại', 'Other recovered paper or paperboard, including unsorted waste and scrap', 0, 0.10, null, 0),
  -- Consumer goods (VAT 8% under the temporary reduction)
  ('61091010', 'Áo phông, áo ba lỗ bằng bông, dệt kim, cho nam giới hoặc trẻ em trai', 'T-shirts and singlets, knitted, of cotton, for men or boys', 0.20, 0.08, null, 0),
  ('62034290', 'Quần dài, quần ống chẽn và quần soóc nam bằng bông, loại khác', 'Men''s or boys'' trousers, breeches and shorts, of cotton, other', 0.20, 0.08, null, 0),
  ('64039990', 'Giày, dép khác có đế ngoài bằng cao su, plastic hoặc da thuộc và mũ giày bằng da thuộc, loại khác', 'Other footwear with uppers of leather, other', 0.30, 0.08, null, 0),
  ('33049990', 'Chế phẩm làm đẹp hoặc trang điểm khác', 'Other beauty or make-up preparations', 0.20, 0.08, null, 0),
  ('30049099', 'Thuốc khác đã đóng gói theo liều lượng hoặc để bán lẻ, loại khác', 'Other medicaments put up in measured doses or for retail sale, other', 0, 0.05, null, 0),
  -- Vehicles: SCT for cars under 10 seats by cylinder capacity (<=1,500 cc 35%; 2,000-2,500 cc 50%;
  -- 3,000-4,000 cc 90%; more above), battery electric cars 3% until 2027-02-28; motorcycles over 125 cc 20%
  ('87032190', 'Ô tô chở người dưới 10 chỗ, dung tích xi lanh không quá 1.000 cc, loại khác', 'Passenger cars under 10 seats, cylinder capacity not exceeding 1,000 cc, other', 0.70, 0.10, 0.35, 0),
  ('87032363', 'Ô tô chở người dưới 10 chỗ, dung tích xi lanh trên 2.000 cc nhưng không quá 2.500 cc', 'Passenger cars under 10 seats, cylinder capacity over 2,000 cc but not over 2,500 cc', 0.64, 0.10, 0.50, 0),
  ('87032490', 'Ô tô chở người dưới 10 chỗ, dung tích xi lanh trên 3.000 cc, loại khác', 'Passenger cars under 10 seats, cylinder capacity over 3,000 cc, other', 0.64, 0.10, 0.90, 0),
  ('87038099', 'Ô tô chở người dưới 10 chỗ chỉ chạy bằng động cơ điện, loại khác', 'Passenger cars under 10 seats with only an electric motor for propulsion, other', 0.70, 0.10, 0.03, 0),
  ('87112092', 'Mô tô có động cơ đốt trong, dung tích xi lanh trên 125 cc nhưng không quá 150 cc', 'Motorcycles with internal combustion engine over 125 cc but not over 150 cc', 0.56, 0.10, 0.20, 0),
  -- Alcohol and tobacco: SCT beer 65%, wine under 20% vol 35%, spirits 20% vol and over 65%, cigarettes and cigars 75%
  ('22030091', 'Bia làm từ malt, loại khác, nồng độ cồn không quá 5,8% tính theo thể tích', 'Beer made from malt, other, alcoholic strength not exceeding 5.8% vol', 0.35, 0.10, 0.65, 0),
  ('22042111', 'Rượu vang, đóng trong đồ chứa không quá 2 lít, nồng độ cồn không quá 15% tính theo thể tích', 'Wine in containers of 2 l or less, alcoholic strength not exceeding 15% vol', 0.50, 0.10, 0.35, 0),
  ('22083000', 'Rượu whisky', 'Whiskies', 0.45, 0.10, 0.65, 0),
  ('24021000', 'Xì gà, xì gà xén hai đầu và xì gà nhỏ, có chứa lá thuốc lá', 'Cigars, cheroots and cigarillos, containing tobacco', 1.00, 0.10, 0.75, 0),
  ('24022090', 'Thuốc lá điếu có chứa lá thuốc lá, loại khác', 'Cigarettes containing tobacco, other', 1.35, 0.10, 0.75, 0);

insert into tariff_preferential (hs_code, agreement, rate) values
  ('85171300', 'ATIGA', 0), ('85171300', 'ACFTA', 0),
  ('84713020', 'ATIGA', 0), ('84713020', 'ACFTA', 0),
  ('03061721', 'ATIGA', 0), ('03061721', 'ACFTA', 0), ('03061721', 'AKFTA', 0),
  ('03061730', 'ATIGA', 0), ('03061730', 'ACFTA', 0),
  ('03061790', 'ATIGA', 0),
  ('03046200', 'ATIGA', 0),
  ('02023000', 'ATIGA', 0), ('02023000', 'CPTPP', 0), ('02023000', 'AANZFTA', 0),
  ('10063030', 'ATIGA', 0),
  ('10063099', 'ATIGA', 0),
  ('09012120', 'ATIGA', 0),
  ('09041120', 'ATIGA', 0),
  ('08013200', 'ATIGA', 0),
  ('08106000', 'ATIGA', 0), ('08106000', 'ACFTA', 0),
  ('06031100', 'ATIGA', 0),
  ('85094000', 'ATIGA', 0), ('85094000', 'ACFTA', 0),
  ('85165000', 'ATIGA', 0),
  ('84151010', 'ATIGA', 0),
  ('72104999', 'ATIGA', 0),
  ('76042190', 'ATIGA', 0),
  ('61091010', 'ATIGA', 0), ('61091010', 'ACFTA', 0.05), ('61091010', 'AKFTA', 0),
  ('62034290', 'ATIGA', 0), ('62034290', 'AKFTA', 0),
  ('64039990', 'ATIGA', 0),
  ('33049990', 'ATIGA', 0),
  ('87032190', 'ATIGA', 0),
  ('87032363', 'ATIGA', 0),
  ('87032490', 'ATIGA', 0),
  ('87038099', 'ATIGA', 0),
  ('87112092', 'ATIGA', 0),
  ('22030091', 'ATIGA', 0.05),
  ('22083000', 'ATIGA', 0.05);

-- Customs exchange rates, VND per unit, for every day of 2026 and 2027 so that any date in that
-- span finds a rate. Generated, not historical: a realistic level on 2026-01-01 held constant for a
-- week at a time (customs publishes weekly) and drifting 0.05% a week, the dong's gradual slide.
insert into exchange_rates (currency, valid_on, vnd_per_unit)
select c.currency,
       d::date,
       round(c.base * (1 + 0.0005 * ((d::date - date '2026-01-01') / 7)), c.places)
from (values
        ('USD', 26300.00, 0), ('EUR', 30770.00, 0), ('JPY', 168.50, 2), ('CNY', 3750.00, 0),
        ('KRW', 18.10, 4), ('SGD', 20400.00, 0), ('THB', 835.00, 2), ('MYR', 6450.00, 0),
        ('AUD', 17500.00, 0), ('GBP', 35300.00, 0), ('HKD', 3380.00, 0), ('TWD', 840.00, 2),
        ('INR', 293.00, 2), ('IDR', 1.58, 4), ('PHP', 448.00, 2), ('LAK', 1.2150, 4),
        ('KHR', 6.5600, 4), ('CHF', 33100.00, 0), ('CAD', 19100.00, 0)
     ) as c (currency, base, places)
cross join generate_series(timestamp '2026-01-01', timestamp '2027-12-31', interval '1 day') as d;
