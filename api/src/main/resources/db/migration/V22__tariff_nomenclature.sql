-- The tariff nomenclature a trader looks an HS code up in as they type (GET /api/v1/tariff): the chapters (2 digits),
-- headings (4) and subheadings (6) above the 8-digit lines. The lines themselves, with their rates, stay where they
-- are, in V4's tariff (the assessment reads them from there): the lookup reads both, nothing is copied.
--
-- Provenance as in V4: AHTN 2022 based Vietnamese nomenclature (Circular 31/2022/TT-BTC), rates Decree 26/2023/ND-CP,
-- entered from the authors' knowledge, a realistic subset, not the official file; to be reconciled before real use.

create table tariff_nomenclature (
  code           text primary key check (code ~ '^([0-9]{2}|[0-9]{4}|[0-9]{6})$'),
  description_vi text not null,
  description_en text not null,
  -- accent- and case-folded words of both languages: what the lookup matches word prefixes against
  search_doc     tsvector generated always as (
                   to_tsvector('simple', dc_fold(description_vi)) || to_tsvector('simple', dc_fold(description_en))
                 ) stored
);
create index tariff_nomenclature_search on tariff_nomenclature using gin (search_doc);
create index tariff_nomenclature_code_prefix on tariff_nomenclature (code text_pattern_ops);

alter table tariff add column search_doc tsvector generated always as (
  to_tsvector('simple', dc_fold(description_vi)) || to_tsvector('simple', dc_fold(description_en))
) stored;
create index tariff_search on tariff using gin (search_doc);
create index tariff_code_prefix on tariff (hs_code bpchar_pattern_ops);

-- More 8-digit lines, with their rates (VAT as in V4: 5% unprocessed farm products, 8% under the temporary reduction,
-- 10% excluded goods, 0 goods not subject to VAT such as animal feed).
insert into tariff (hs_code, description_vi, description_en, mfn_import_rate, vat_rate, special_consumption_rate, export_rate) values
  ('08045020', 'Quả xoài, tươi', 'Mangoes, fresh', 0.15, 0.05, null, 0),
  ('08061000', 'Quả nho, tươi', 'Grapes, fresh', 0.08, 0.05, null, 0),
  ('08081000', 'Quả táo (apples), tươi', 'Apples, fresh', 0.08, 0.05, null, 0),
  ('10059090', 'Ngô, loại khác', 'Maize (corn), other', 0.02, 0.05, null, 0),
  ('23040090', 'Khô dầu đậu tương, loại khác', 'Soya-bean oil-cake and other solid residues, other', 0.02, 0, null, 0),
  ('27111200', 'Propan, đã hóa lỏng', 'Propane, liquefied', 0.05, 0.10, null, 0),
  ('40111000', 'Lốp loại bơm hơi bằng cao su, chưa qua sử dụng, loại dùng cho ô tô con', 'New pneumatic tyres of rubber, of a kind used on motor cars', 0.25, 0.08, null, 0),
  ('42022100', 'Túi xách tay có mặt ngoài bằng da thuộc hoặc da tổng hợp', 'Handbags with outer surface of leather or of composition leather', 0.25, 0.08, null, 0),
  ('52010000', 'Xơ bông, chưa chải thô hoặc chưa chải kỹ', 'Cotton, not carded or combed', 0, 0.05, null, 0),
  ('61046200', 'Quần dài, quần ống chẽn và quần soóc dùng cho phụ nữ hoặc trẻ em gái, dệt kim, bằng bông', 'Women''s or girls'' trousers, breeches and shorts, knitted, of cotton', 0.20, 0.08, null, 0),
  ('84716030', 'Bàn phím máy tính', 'Computer keyboards', 0, 0.10, null, 0),
  ('84716040', 'Thiết bị nhập theo tọa độ X-Y, kể cả chuột, bút quang, cần điều khiển', 'X-Y coordinate input devices, including mouses, light pens, joysticks', 0, 0.10, null, 0),
  ('85171800', 'Bộ điện thoại khác', 'Other telephone sets', 0, 0.10, null, 0),
  ('94016100', 'Ghế có khung bằng gỗ, đã nhồi đệm', 'Seats with wooden frames, upholstered', 0.25, 0.08, null, 0),
  ('94036090', 'Đồ nội thất bằng gỗ khác, loại khác', 'Other wooden furniture, other', 0.25, 0.08, null, 0);

insert into tariff_preferential (hs_code, agreement, rate) values
  ('08081000', 'ATIGA', 0), ('40111000', 'ATIGA', 0), ('42022100', 'ATIGA', 0), ('61046200', 'ATIGA', 0),
  ('94016100', 'ATIGA', 0), ('94036090', 'ATIGA', 0), ('94036090', 'ACFTA', 0);

insert into tariff_nomenclature (code, description_vi, description_en) values
  -- chapters
  ('02', 'Thịt và phụ phẩm dạng thịt ăn được sau giết mổ', 'Meat and edible meat offal'),
  ('03', 'Cá và động vật giáp xác, động vật thân mềm và động vật thủy sinh không xương sống khác', 'Fish and crustaceans, molluscs and other aquatic invertebrates'),
  ('06', 'Cây sống và các loại cây trồng khác; củ, rễ và loại tương tự; cành hoa và cành lá trang trí', 'Live trees and other plants; bulbs, roots and the like; cut flowers and ornamental foliage'),
  ('08', 'Quả và quả hạch (nut) ăn được; vỏ quả thuộc họ cam quýt hoặc các loại dưa', 'Edible fruit and nuts; peel of citrus fruit or melons'),
  ('09', 'Cà phê, chè, chè Paragoay và các loại gia vị', 'Coffee, tea, maté and spices'),
  ('10', 'Ngũ cốc', 'Cereals'),
  ('12', 'Hạt dầu và quả có dầu; các loại hạt, hạt giống và quả khác; cây công nghiệp hoặc cây dược liệu; rơm, rạ và cỏ khô', 'Oil seeds and oleaginous fruits; miscellaneous grains, seeds and fruit; industrial or medicinal plants; straw and fodder'),
  ('22', 'Đồ uống, rượu và giấm', 'Beverages, spirits and vinegar'),
  ('23', 'Phế liệu và phế thải từ ngành công nghiệp thực phẩm; thức ăn gia súc đã chế biến', 'Residues and waste from the food industries; prepared animal fodder'),
  ('24', 'Thuốc lá và nguyên liệu thay thế lá thuốc lá đã chế biến', 'Tobacco and manufactured tobacco substitutes'),
  ('27', 'Nhiên liệu khoáng, dầu khoáng và các sản phẩm chưng cất từ chúng; các chất chứa bi-tum; các loại sáp khoáng chất', 'Mineral fuels, mineral oils and products of their distillation; bituminous substances; mineral waxes'),
  ('30', 'Dược phẩm', 'Pharmaceutical products'),
  ('33', 'Tinh dầu và các chất tựa nhựa; nước hoa, mỹ phẩm hoặc các chế phẩm dùng cho vệ sinh', 'Essential oils and resinoids; perfumery, cosmetic or toilet preparations'),
  ('39', 'Plastic và các sản phẩm bằng plastic', 'Plastics and articles thereof'),
  ('40', 'Cao su và các sản phẩm bằng cao su', 'Rubber and articles thereof'),
  ('42', 'Các sản phẩm bằng da thuộc; yên cương và bộ yên cương; các mặt hàng du lịch, túi xách và các loại đồ chứa tương tự', 'Articles of leather; saddlery and harness; travel goods, handbags and similar containers'),
  ('44', 'Gỗ và các mặt hàng bằng gỗ; than từ gỗ', 'Wood and articles of wood; wood charcoal'),
  ('47', 'Bột giấy từ gỗ hoặc từ nguyên liệu xơ sợi xenlulo khác; giấy loại hoặc bìa loại thu hồi (phế liệu và vụn thừa)', 'Pulp of wood or of other fibrous cellulosic material; recovered (waste and scrap) paper or paperboard'),
  ('52', 'Bông', 'Cotton'),
  ('61', 'Quần áo và hàng may mặc phụ trợ, dệt kim hoặc móc', 'Articles of apparel and clothing accessories, knitted or crocheted'),
  ('62', 'Quần áo và các hàng may mặc phụ trợ, không dệt kim hoặc móc', 'Articles of apparel and clothing accessories, not knitted or crocheted'),
  ('64', 'Giày, dép, ghệt và các sản phẩm tương tự; các bộ phận của các sản phẩm trên', 'Footwear, gaiters and the like; parts of such articles'),
  ('71', 'Ngọc trai tự nhiên hoặc nuôi cấy, đá quý hoặc đá bán quý, kim loại quý, kim loại được dát phủ kim loại quý, và các sản phẩm của chúng; đồ trang sức làm bằng chất liệu khác; tiền kim loại', 'Natural or cultured pearls, precious or semi-precious stones, precious metals, metals clad with precious metal, and articles thereof; imitation jewellery; coin'),
  ('72', 'Sắt và thép', 'Iron and steel'),
  ('76', 'Nhôm và các sản phẩm bằng nhôm', 'Aluminium and articles thereof'),
  ('84', 'Lò phản ứng hạt nhân, nồi hơi, máy và thiết bị cơ khí; các bộ phận của chúng', 'Nuclear reactors, boilers, machinery and mechanical appliances; parts thereof'),
  ('85', 'Máy điện và thiết bị điện và các bộ phận của chúng; máy ghi và tái tạo âm thanh, máy ghi và tái tạo hình ảnh và âm thanh truyền hình, bộ phận và phụ kiện của các loại máy trên', 'Electrical machinery and equipment and parts thereof; sound recorders and reproducers, television image and sound recorders and reproducers, and parts and accessories of such articles'),
  ('87', 'Xe trừ phương tiện chạy trên đường sắt hoặc đường tàu điện, và các bộ phận và phụ kiện của chúng', 'Vehicles other than railway or tramway rolling-stock, and parts and accessories thereof'),
  ('94', 'Đồ nội thất; bộ đồ giường, đệm, khung đệm, nệm và các đồ dùng nhồi tương tự; đèn và bộ đèn chưa được chi tiết hoặc ghi ở nơi khác; biển hiệu được chiếu sáng, biển đề tên được chiếu sáng và các loại tương tự; nhà lắp ghép', 'Furniture; bedding, mattresses, mattress supports, cushions and similar stuffed furnishings; luminaires and lighting fittings, not elsewhere specified or included; illuminated signs, illuminated name-plates and the like; prefabricated buildings'),
  -- headings
  ('0202', 'Thịt của động vật họ trâu bò, đông lạnh', 'Meat of bovine animals, frozen'),
  ('0304', 'Phi-lê cá và các loại thịt cá khác (đã hoặc chưa băm, nghiền, xay), tươi, ướp lạnh hoặc đông lạnh', 'Fish fillets and other fish meat (whether or not minced), fresh, chilled or frozen'),
  ('0306', 'Động vật giáp xác, đã hoặc chưa bóc mai, vỏ, sống, tươi, ướp lạnh, đông lạnh, làm khô, muối hoặc ngâm nước muối', 'Crustaceans, whether in shell or not, live, fresh, chilled, frozen, dried, salted or in brine'),
  ('0603', 'Cành hoa và nụ hoa dùng làm hoa bó hoặc để trang trí, tươi, khô, đã nhuộm, tẩy, thấm tẩm hoặc xử lý cách khác', 'Cut flowers and flower buds of a kind suitable for bouquets or for ornamental purposes, fresh, dried, dyed, bleached, impregnated or otherwise prepared'),
  ('0801', 'Dừa, quả hạch Brazil và hạt điều, tươi hoặc khô, đã hoặc chưa bóc vỏ hoặc lột vỏ', 'Coconuts, Brazil nuts and cashew nuts, fresh or dried, whether or not shelled or peeled'),
  ('0804', 'Quả chà là, sung, vả, dứa, bơ, ổi, xoài và măng cụt, tươi hoặc khô', 'Dates, figs, pineapples, avocados, guavas, mangoes and mangosteens, fresh or dried'),
  ('0806', 'Quả nho, tươi hoặc khô', 'Grapes, fresh or dried'),
  ('0808', 'Quả táo (apples), lê và quả mộc qua, tươi', 'Apples, pears and quinces, fresh'),
  ('0810', 'Quả khác, tươi', 'Other fruit, fresh'),
  ('0901', 'Cà phê, rang hoặc chưa rang, đã hoặc chưa khử chất ca-phê-in; vỏ quả và vỏ lụa cà phê; các chất thay thế cà phê có chứa cà phê', 'Coffee, whether or not roasted or decaffeinated; coffee husks and skins; coffee substitutes containing coffee'),
  ('0902', 'Chè, đã hoặc chưa pha hương liệu', 'Tea, whether or not flavoured'),
  ('0904', 'Hạt tiêu thuộc chi Piper; quả ớt thuộc chi Capsicum hoặc chi Pimenta, khô hoặc xay hoặc nghiền', 'Pepper of the genus Piper; dried or crushed or ground fruits of the genus Capsicum or of the genus Pimenta'),
  ('1005', 'Ngô', 'Maize (corn)'),
  ('1006', 'Lúa gạo', 'Rice'),
  ('1201', 'Đậu tương, đã hoặc chưa vỡ mảnh', 'Soya beans, whether or not broken'),
  ('2203', 'Bia sản xuất từ malt', 'Beer made from malt'),
  ('2204', 'Rượu vang làm từ nho tươi, kể cả rượu vang cao độ; hèm nho', 'Wine of fresh grapes, including fortified wines; grape must'),
  ('2208', 'Cồn ê-ti-lích chưa biến tính có nồng độ cồn dưới 80% tính theo thể tích; rượu mạnh, rượu mùi và đồ uống có rượu khác', 'Undenatured ethyl alcohol of an alcoholic strength by volume of less than 80% vol; spirits, liqueurs and other spirituous beverages'),
  ('2304', 'Khô dầu và phế liệu rắn khác, đã hoặc chưa xay hoặc ở dạng viên, thu được từ quá trình chiết xuất dầu đậu tương', 'Oil-cake and other solid residues, whether or not ground or in the form of pellets, resulting from the extraction of soya-bean oil'),
  ('2402', 'Xì gà, xì gà xén hai đầu, xì gà nhỏ và thuốc lá điếu, từ lá thuốc lá hoặc từ các chất thay thế lá thuốc lá', 'Cigars, cheroots, cigarillos and cigarettes, of tobacco or of tobacco substitutes'),
  ('2709', 'Dầu mỏ và các loại dầu thu được từ các khoáng bi-tum, ở dạng thô', 'Petroleum oils and oils obtained from bituminous minerals, crude'),
  ('2710', 'Dầu có nguồn gốc từ dầu mỏ và các loại dầu thu được từ các khoáng bi-tum, trừ dầu thô', 'Petroleum oils and oils obtained from bituminous minerals, other than crude'),
  ('2711', 'Khí dầu mỏ và các loại khí hydrocarbon khác', 'Petroleum gases and other gaseous hydrocarbons'),
  ('3004', 'Thuốc gồm các sản phẩm đã hoặc chưa pha trộn dùng cho phòng bệnh hoặc chữa bệnh, đã đóng gói theo liều lượng hoặc để bán lẻ', 'Medicaments consisting of mixed or unmixed products for therapeutic or prophylactic uses, put up in measured doses or for retail sale'),
  ('3304', 'Mỹ phẩm hoặc các chế phẩm để trang điểm và các chế phẩm dưỡng da, kể cả các chế phẩm chống nắng; các chế phẩm dùng cho móng tay hoặc móng chân', 'Beauty or make-up preparations and preparations for the care of the skin, including sunscreen preparations; manicure or pedicure preparations'),
  ('3915', 'Phế liệu, phế thải và mẩu vụn, của plastic', 'Waste, parings and scrap, of plastics'),
  ('4001', 'Cao su tự nhiên, nhựa cây balata, nhựa cây két, nhựa cây cúc cao su, nhựa chicle và các loại nhựa tự nhiên tương tự, ở dạng nguyên sinh hoặc dạng tấm, lá hoặc dải', 'Natural rubber, balata, gutta-percha, guayule, chicle and similar natural gums, in primary forms or in plates, sheets or strip'),
  ('4011', 'Lốp loại bơm hơi bằng cao su, chưa qua sử dụng', 'New pneumatic tyres, of rubber'),
  ('4202', 'Hòm, vali, xắc đựng đồ nữ trang, cặp tài liệu, cặp sách, túi xách tay và các loại đồ chứa tương tự', 'Trunks, suit-cases, vanity-cases, brief-cases, school satchels, handbags and similar containers'),
  ('4403', 'Gỗ cây dạng thô, đã hoặc chưa bóc vỏ hoặc dác gỗ hoặc đẽo vuông thô', 'Wood in the rough, whether or not stripped of bark or sapwood, or roughly squared'),
  ('4707', 'Giấy loại hoặc bìa loại thu hồi (phế liệu và vụn thừa)', 'Recovered (waste and scrap) paper or paperboard'),
  ('5201', 'Xơ bông, chưa chải thô hoặc chưa chải kỹ', 'Cotton, not carded or combed'),
  ('6104', 'Bộ com-lê, bộ quần áo đồng bộ, áo jacket, áo blazer, váy liền thân, chân váy, quần dài, quần ống chẽn và quần soóc, dùng cho phụ nữ hoặc trẻ em gái, dệt kim hoặc móc', 'Women''s or girls'' suits, ensembles, jackets, blazers, dresses, skirts, trousers, breeches and shorts, knitted or crocheted'),
  ('6109', 'Áo phông, áo ba lỗ (singlet) và các loại áo lót khác, dệt kim hoặc móc', 'T-shirts, singlets and other vests, knitted or crocheted'),
  ('6203', 'Bộ com-lê, bộ quần áo đồng bộ, áo jacket, áo blazer, quần dài, quần ống chẽn và quần soóc, dùng cho nam giới hoặc trẻ em trai', 'Men''s or boys'' suits, ensembles, jackets, blazers, trousers, breeches and shorts'),
  ('6403', 'Giày, dép có đế ngoài bằng cao su, plastic, da thuộc hoặc da tổng hợp và mũ giày bằng da thuộc', 'Footwear with outer soles of rubber, plastics, leather or composition leather and uppers of leather'),
  ('7108', 'Vàng (kể cả vàng mạ bạch kim) chưa gia công hoặc ở dạng bán thành phẩm, hoặc ở dạng bột', 'Gold (including gold plated with platinum), unwrought or in semi-manufactured forms, or in powder form'),
  ('7204', 'Phế liệu và mảnh vụn sắt; thỏi đúc phế liệu nấu lại từ sắt hoặc thép', 'Ferrous waste and scrap; remelting scrap ingots of iron or steel'),
  ('7208', 'Các sản phẩm sắt hoặc thép không hợp kim được cán phẳng, có chiều rộng từ 600 mm trở lên, được cán nóng, chưa phủ, mạ hoặc tráng', 'Flat-rolled products of iron or non-alloy steel, of a width of 600 mm or more, hot-rolled, not clad, plated or coated'),
  ('7210', 'Các sản phẩm sắt hoặc thép không hợp kim được cán phẳng, có chiều rộng từ 600 mm trở lên, đã phủ, mạ hoặc tráng', 'Flat-rolled products of iron or non-alloy steel, of a width of 600 mm or more, clad, plated or coated'),
  ('7604', 'Nhôm ở dạng thanh, que và hình', 'Aluminium bars, rods and profiles'),
  ('8415', 'Máy điều hòa không khí, gồm có một quạt chạy bằng mô tơ và các bộ phận làm thay đổi nhiệt độ và độ ẩm', 'Air conditioning machines, comprising a motor-driven fan and elements for changing the temperature and humidity'),
  ('8471', 'Máy xử lý dữ liệu tự động và các khối chức năng của chúng; đầu đọc từ tính hay đầu đọc quang học', 'Automatic data processing machines and units thereof; magnetic or optical readers'),
  ('8509', 'Thiết bị cơ điện gia dụng có động cơ điện gắn liền, trừ máy hút bụi', 'Electro-mechanical domestic appliances, with self-contained electric motor, other than vacuum cleaners'),
  ('8516', 'Dụng cụ điện đun nước nóng; dụng cụ điện làm nóng không gian; dụng cụ nhiệt điện làm tóc; lò vi sóng; các loại lò, bếp điện khác', 'Electric water heaters; electric space heating apparatus; electro-thermic hairdressing apparatus; microwave ovens; other electric ovens and cookers'),
  ('8517', 'Bộ điện thoại, kể cả điện thoại thông minh và điện thoại khác cho mạng di động tế bào hoặc mạng không dây khác; thiết bị khác để truyền hoặc nhận tiếng, hình ảnh hoặc dữ liệu khác', 'Telephone sets, including smartphones and other telephones for cellular networks or for other wireless networks; other apparatus for the transmission or reception of voice, images or other data'),
  ('8541', 'Thiết bị bán dẫn; thiết bị bán dẫn cảm quang, kể cả tế bào quang điện; điốt phát quang (LED)', 'Semiconductor devices; photosensitive semiconductor devices, including photovoltaic cells; light-emitting diodes (LED)'),
  ('8542', 'Mạch điện tử tích hợp', 'Electronic integrated circuits'),
  ('8703', 'Ô tô và các loại xe khác có động cơ được thiết kế chủ yếu để chở người, kể cả ô tô chở người có khoang hành lý chung và ô tô đua', 'Motor cars and other motor vehicles principally designed for the transport of persons, including station wagons and racing cars'),
  ('8711', 'Mô tô (kể cả xe gắn máy có bàn đạp) và xe đạp có gắn động cơ phụ trợ, có hoặc không có thùng xe bên cạnh', 'Motorcycles (including mopeds) and cycles fitted with an auxiliary motor, with or without side-cars'),
  ('9401', 'Ghế ngồi, có hoặc không chuyển được thành giường, và bộ phận của chúng', 'Seats, whether or not convertible into beds, and parts thereof'),
  ('9403', 'Đồ nội thất khác và các bộ phận của chúng', 'Other furniture and parts thereof'),
  -- subheadings
  ('030617', 'Tôm shrimp và tôm prawn khác, đông lạnh', 'Other shrimps and prawns, frozen'),
  ('090111', 'Cà phê chưa rang, chưa khử chất ca-phê-in', 'Coffee, not roasted, not decaffeinated'),
  ('090121', 'Cà phê đã rang, chưa khử chất ca-phê-in', 'Coffee, roasted, not decaffeinated'),
  ('100630', 'Gạo đã xát toàn bộ hoặc sơ bộ, đã hoặc chưa được đánh bóng hoặc hồ', 'Semi-milled or wholly milled rice, whether or not polished or glazed'),
  ('847130', 'Máy xử lý dữ liệu tự động loại xách tay, có trọng lượng không quá 10 kg, gồm ít nhất một đơn vị xử lý dữ liệu trung tâm, một bàn phím và một màn hình', 'Portable automatic data processing machines, weighing not more than 10 kg, consisting of at least a central processing unit, a keyboard and a display'),
  ('847160', 'Bộ nhập hoặc bộ xuất, có hoặc không chứa bộ lưu trữ trong cùng một vỏ', 'Input or output units, whether or not containing storage units in the same housing'),
  ('851713', 'Điện thoại thông minh', 'Smartphones'),
  ('851714', 'Điện thoại khác dùng cho mạng di động tế bào hoặc mạng không dây khác', 'Other telephones for cellular networks or for other wireless networks'),
  ('870321', 'Xe khác, loại chỉ sử dụng động cơ đốt trong kiểu piston đốt cháy bằng tia lửa điện, dung tích xi lanh không quá 1.000 cc', 'Other vehicles, with only spark-ignition internal combustion piston engine, of a cylinder capacity not exceeding 1,000 cc'),
  ('870380', 'Xe khác, loại chỉ sử dụng động cơ điện để tạo động lực', 'Other vehicles, with only electric motor for propulsion');
