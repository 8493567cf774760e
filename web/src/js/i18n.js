// Words and formats, Vietnamese first and English second. Shared by every screen (and the officer desk to come):
// t('key', {name: value}) looks a message up in the user's language; problem() turns an RFC 9457 problem into words.
const STORE = 'dc.lang';

const vi = {
  appName: 'Hải quan số',
  skip: 'Bỏ qua đến nội dung',
  langSwitch: 'English',
  langSwitchLabel: 'Switch to English',
  loading: 'Đang tải…',
  offline: 'Bạn đang ngoại tuyến; đang hiển thị bản đã lưu.',
  home: 'Trang chủ',
  searchTitle: 'Tra cứu thủ tục hành chính',
  searchLabel: 'Tìm thủ tục (không cần gõ dấu)',
  searchHint: 'Ví dụ: thông quan, nop thue, C/O',
  searchNone: 'Không tìm thấy thủ tục nào.',
  searchCount: '{n} thủ tục',
  level: 'Mức độ {n}',
  level4: 'Dịch vụ công trực tuyến mức độ 4',
  procSteps: 'Các bước',
  procDocs: 'Hồ sơ',
  procFees: 'Phí, lệ phí',
  procLegal: 'Căn cứ pháp lý',
  procTime: 'Thời hạn giải quyết',
  procAgency: 'Cơ quan thực hiện',
  share: 'Chia sẻ',
  copied: 'Đã chép đường dẫn.',
  back: 'Quay lại',
  signIn: 'Đăng nhập',
  signOut: 'Đăng xuất',
  signedInAs: '{role} · MST {taxCode}',
  signInUnavailable: 'Máy chủ chưa cấu hình nhà cung cấp định danh.',
  roles: { trader: 'Doanh nghiệp', broker: 'Đại lý hải quan', officer: 'Công chức hải quan', 'risk-manager': 'Quản lý rủi ro' },
  myDeclarations: 'Tờ khai của tôi',
  newDeclaration: 'Khai tờ khai mới',
  keysTitle: 'Khóa ký số trên điện thoại',
  keysIntro: 'Khóa ký được tạo và giữ trong điện thoại này; không bao giờ rời khỏi máy.',
  keyCreate: 'Tạo khóa ký trên điện thoại này',
  keyThisPhone: 'Điện thoại này',
  keyActive: 'Đang dùng',
  keyRevoked: 'Đã thu hồi',
  keyRevoke: 'Thu hồi',
  keyRevokeConfirm: 'Thu hồi khóa {kid}? Tờ khai ký bằng khóa này sẽ không được nhận nữa.',
  keyCreated: 'Đã tạo và đăng ký khóa.',
  keyNone: 'Chưa có khóa nào. Tạo khóa để ký tờ khai.',
  keyNeeded: 'Cần tạo khóa ký trên điện thoại này trước khi ký.',
  declTitle: 'Tờ khai hải quan',
  taskParties: 'Các bên',
  taskTransport: 'Vận tải',
  taskGoods: 'Hàng hóa',
  taskCheck: 'Kiểm tra lại',
  type: 'Loại tờ khai', IMPORT: 'Nhập khẩu', EXPORT: 'Xuất khẩu',
  procedureCode: 'Mã loại hình',
  declarantTaxCode: 'Mã số thuế người khai',
  principal: 'Doanh nghiệp ủy quyền',
  principalHint: 'Đại lý khai thay cho doanh nghiệp đã ủy quyền',
  customsOfficeCode: 'Chi cục hải quan',
  borderGateCode: 'Cửa khẩu',
  transportMode: 'Phương thức vận tải',
  transportDocument: 'Số vận đơn',
  containers: 'Số container (cách nhau bởi dấu phẩy)',
  invoiceNumber: 'Số hóa đơn thương mại',
  invoiceDate: 'Ngày hóa đơn',
  incoterm: 'Điều kiện giao hàng',
  currency: 'Đồng tiền',
  item: 'Dòng hàng {n}',
  addItem: 'Thêm dòng hàng',
  removeItem: 'Xóa dòng hàng {n}',
  hsCode: 'Mã HS (8 số)',
  hsLookup: {
    hint: 'Gõ mã số hoặc tên hàng (tiếng Việt hoặc tiếng Anh, không cần dấu), rồi chọn bằng phím mũi tên và Enter.',
    list: 'Mã HS phù hợp',
    count: '{n} mã phù hợp; dùng phím mũi tên để chọn.',
    none: 'Không có mã HS nào phù hợp.',
    offline: 'Không tra cứu được khi ngoại tuyến; bạn vẫn có thể gõ mã 8 số.',
    unavailable: 'Chưa tra cứu được mã HS; bạn vẫn có thể gõ mã 8 số.',
    picked: 'Đã chọn {code}: {description}',
    rates: 'Thuế NK {mfn} · VAT {vat}',
    sct: 'TTĐB {sct}',
    levels: { chapter: 'Chương (chọn để xem các nhóm)', heading: 'Nhóm (chọn để xem các dòng)', subheading: 'Phân nhóm (chọn để xem các dòng)', line: '' },
  },
  description: 'Mô tả hàng hóa',
  origin: 'Xuất xứ (mã nước, 2 chữ)',
  quantity: 'Số lượng',
  unit: 'Đơn vị tính',
  grossWeightKg: 'Trọng lượng cả bì (kg)',
  netWeightKg: 'Trọng lượng tịnh (kg)',
  value: 'Trị giá',
  coForm: 'Mẫu C/O (nếu có)',
  coNumber: 'Số C/O',
  none: '(không có)',
  totalValue: 'Tổng trị giá: {v}',
  saveDraft: 'Lưu nháp',
  draftSaved: 'Đã lưu nháp trên điện thoại.',
  review: 'Kiểm tra và ký',
  reviewTitle: 'Kiểm tra lại trước khi ký',
  reviewIntro: 'Bạn sắp ký số tờ khai {type} của MST {taxCode}: {items} dòng hàng, tổng trị giá {total}.',
  edit: 'Sửa',
  signSubmit: 'Ký và nộp tờ khai',
  submitting: 'Đang nộp… (thử lại an toàn, không tạo tờ khai trùng)',
  retrying: 'Mất kết nối, đang thử lại lần {n}…',
  errorSummary: 'Có {n} lỗi cần sửa',
  drafts: 'Bản nháp',
  draftOpen: 'Tiếp tục',
  channel: 'Luồng',
  GREEN: 'Luồng xanh', YELLOW: 'Luồng vàng', RED: 'Luồng đỏ',
  nextGREEN: 'Tờ khai được thông quan sau khi nộp thuế. Bước tiếp theo: nộp thuế.',
  nextYELLOW: 'Công chức hải quan sẽ kiểm tra hồ sơ, thường trong 2 giờ làm việc.',
  nextRED: 'Hàng sẽ được kiểm tra thực tế tại cửa khẩu, thường trong 8 giờ làm việc.',
  reasons: 'Lý do',
  reasonCodes: {
    'R-PROHIBITED': 'Hàng cấm nhập khẩu hoặc xuất khẩu.',
    'R-CONTROL': 'Hàng thuộc diện quản lý, cần kiểm tra.',
    'R-QUARANTINE': 'Hàng phải kiểm dịch động vật hoặc thực vật.',
    'R-INSPECTION': 'Hàng phải kiểm tra chuyên ngành.',
    'R-SCORE': 'Mức rủi ro của tờ khai cần kiểm tra thêm.',
    'R-DOCS': 'Thiếu chứng từ kèm theo.',
    'R-RANDOM': 'Được chọn ngẫu nhiên để kiểm tra tuân thủ.',
    'R-PRIORITY': 'Doanh nghiệp ưu tiên (AEO).',
    'R-LOW-RISK': 'Rủi ro thấp.',
  },
  statuses: {
    DRAFT: 'Nháp', SUBMITTED: 'Đã nộp', AWAITING_PAYMENT: 'Chờ nộp thuế', DOCUMENT_CHECK: 'Kiểm tra hồ sơ',
    PHYSICAL_INSPECTION: 'Kiểm tra thực tế', RELEASED: 'Đã thông quan', HELD: 'Tạm giữ', EXITED: 'Đã qua cửa khẩu',
    CANCELLED: 'Đã hủy',
  },
  number: 'Số tờ khai',
  status: 'Trạng thái',
  duties: 'Thuế phải nộp',
  taxes: { IMPORT_DUTY: 'Thuế nhập khẩu', EXPORT_DUTY: 'Thuế xuất khẩu', SPECIAL_CONSUMPTION: 'Thuế tiêu thụ đặc biệt', VAT: 'Thuế giá trị gia tăng' },
  taxBase: 'trên {base}',
  total: 'Tổng cộng',
  pay: 'Nộp thuế {amount}',
  payOpening: 'Đang mở cổng thanh toán…',
  payBack: 'Kết quả thanh toán',
  payOk: 'Thanh toán thành công.',
  payFailed: 'Thanh toán không thành công.',
  payPending: 'Ngân hàng đang xác nhận thanh toán…',
  payForged: 'Chữ ký của cổng thanh toán không hợp lệ.',
  receipt: 'Biên lai điện tử',
  receiptVerified: 'Đã xác minh chữ ký của Hải quan',
  receiptBad: 'Chữ ký biên lai KHÔNG hợp lệ',
  receiptNo: 'Số biên lai',
  paidAt: 'Thời điểm nộp',
  submittedAt: 'Ngày nộp tờ khai',
  live: 'Cập nhật trực tiếp',
  liveOn: 'Đang theo dõi trực tiếp',
  liveOff: 'Mất kết nối trực tiếp, đang kết nối lại…',
  statusChanged: 'Tờ khai {number}: {status}',
  listEmpty: 'Chưa có tờ khai nào.',
  allPrincipals: 'Tất cả doanh nghiệp',
  delegatedUntil: 'ủy quyền đến {date}',
  delegatedOpenEnded: 'ủy quyền không thời hạn',
  principalSwitch: 'Doanh nghiệp',
  refresh: 'Tải lại',
  notSignedIn: 'Vui lòng đăng nhập.',
  problems: {
    validation: 'Thông tin chưa hợp lệ. Vui lòng sửa các trường được đánh dấu.',
    'bad-request': 'Yêu cầu không hợp lệ.',
    unauthorized: 'Phiên đăng nhập đã hết. Vui lòng đăng nhập lại.',
    unauthenticated: 'Phiên đăng nhập đã hết. Vui lòng đăng nhập lại.',
    forbidden: 'Bạn không có quyền thực hiện thao tác này.',
    'not-found': 'Không tìm thấy.',
    'service-unavailable': 'Hệ thống đang bận. Vui lòng thử lại sau ít phút.',
    network: 'Không kết nối được máy chủ. Kiểm tra mạng và thử lại.',
    default: 'Đã có lỗi xảy ra.',
  },
};

const en = {
  appName: 'Digital Customs',
  skip: 'Skip to content',
  langSwitch: 'Tiếng Việt',
  langSwitchLabel: 'Chuyển sang tiếng Việt',
  loading: 'Loading…',
  offline: 'You are offline; showing the saved copy.',
  home: 'Home',
  searchTitle: 'Find an administrative procedure',
  searchLabel: 'Search procedures',
  searchHint: 'For example: clearance, pay duties, C/O',
  searchNone: 'No procedure found.',
  searchCount: '{n} procedures',
  level: 'Level {n}',
  level4: 'Level-4 online public service',
  procSteps: 'Steps',
  procDocs: 'Documents',
  procFees: 'Fees',
  procLegal: 'Legal basis',
  procTime: 'Processing time',
  procAgency: 'Handled by',
  share: 'Share',
  copied: 'Link copied.',
  back: 'Back',
  signIn: 'Sign in',
  signOut: 'Sign out',
  signedInAs: '{role} · tax code {taxCode}',
  signInUnavailable: 'No identity provider is configured on the server.',
  roles: { trader: 'Trader', broker: 'Customs broker', officer: 'Customs officer', 'risk-manager': 'Risk manager' },
  myDeclarations: 'My declarations',
  newDeclaration: 'New declaration',
  keysTitle: 'Signing keys on this phone',
  keysIntro: 'The signing key is made and kept on this phone; it never leaves it.',
  keyCreate: 'Create a signing key on this phone',
  keyThisPhone: 'This phone',
  keyActive: 'Active',
  keyRevoked: 'Revoked',
  keyRevoke: 'Revoke',
  keyRevokeConfirm: 'Revoke key {kid}? Declarations signed with it will no longer be accepted.',
  keyCreated: 'Key created and registered.',
  keyNone: 'No key yet. Create one to sign declarations.',
  keyNeeded: 'Create a signing key on this phone before signing.',
  declTitle: 'Customs declaration',
  taskParties: 'Parties',
  taskTransport: 'Transport',
  taskGoods: 'Goods',
  taskCheck: 'Check your answers',
  type: 'Declaration type', IMPORT: 'Import', EXPORT: 'Export',
  procedureCode: 'Type code',
  declarantTaxCode: 'Declarant tax code',
  principal: 'Principal',
  principalHint: 'The enterprise that delegated to you',
  customsOfficeCode: 'Customs office',
  borderGateCode: 'Border gate',
  transportMode: 'Transport mode',
  transportDocument: 'Bill of lading number',
  containers: 'Container numbers (comma-separated)',
  invoiceNumber: 'Commercial invoice number',
  invoiceDate: 'Invoice date',
  incoterm: 'Incoterm',
  currency: 'Currency',
  item: 'Goods line {n}',
  addItem: 'Add a goods line',
  removeItem: 'Remove goods line {n}',
  hsCode: 'HS code (8 digits)',
  hsLookup: {
    hint: 'Type the code or the goods (Vietnamese or English, accents optional), then choose with the arrow keys and Enter.',
    list: 'Matching HS codes',
    count: '{n} matching codes; use the arrow keys to choose.',
    none: 'No HS code matches.',
    offline: 'The lookup needs a connection; you can still type the 8-digit code.',
    unavailable: 'The lookup did not answer; you can still type the 8-digit code.',
    picked: 'Chosen {code}: {description}',
    rates: 'Import duty {mfn} · VAT {vat}',
    sct: 'SCT {sct}',
    levels: { chapter: 'Chapter (choose to see its headings)', heading: 'Heading (choose to see its lines)', subheading: 'Subheading (choose to see its lines)', line: '' },
  },
  description: 'Description of goods',
  origin: 'Origin (2-letter country code)',
  quantity: 'Quantity',
  unit: 'Unit',
  grossWeightKg: 'Gross weight (kg)',
  netWeightKg: 'Net weight (kg)',
  value: 'Value',
  coForm: 'Certificate of origin form (if any)',
  coNumber: 'Certificate number',
  none: '(none)',
  totalValue: 'Total value: {v}',
  saveDraft: 'Save draft',
  draftSaved: 'Draft saved on this phone.',
  review: 'Check and sign',
  reviewTitle: 'Check your answers before signing',
  reviewIntro: 'You are about to sign the {type} declaration of tax code {taxCode}: {items} goods lines, total value {total}.',
  edit: 'Change',
  signSubmit: 'Sign and submit',
  submitting: 'Submitting… (safe to retry: never a second declaration)',
  retrying: 'Connection lost, retry {n}…',
  errorSummary: 'There are {n} problems to fix',
  drafts: 'Drafts',
  draftOpen: 'Continue',
  channel: 'Channel',
  GREEN: 'Green channel', YELLOW: 'Yellow channel', RED: 'Red channel',
  nextGREEN: 'Cleared once duties are paid. Next step: pay duties.',
  nextYELLOW: 'A customs officer checks the documents, usually within 2 working hours.',
  nextRED: 'The goods will be physically inspected at the gate, usually within 8 working hours.',
  reasons: 'Reasons',
  reasonCodes: {
    'R-PROHIBITED': 'The goods are prohibited.',
    'R-CONTROL': 'The goods are under a management requirement and must be checked.',
    'R-QUARANTINE': 'The goods need animal or plant quarantine.',
    'R-INSPECTION': 'The goods need a specialised inspection.',
    'R-SCORE': 'The declaration\u2019s risk level calls for a check.',
    'R-DOCS': 'Supporting documents are missing.',
    'R-RANDOM': 'Chosen at random to verify compliance.',
    'R-PRIORITY': 'Priority (AEO) enterprise.',
    'R-LOW-RISK': 'Low risk.',
  },
  statuses: {
    DRAFT: 'Draft', SUBMITTED: 'Submitted', AWAITING_PAYMENT: 'Awaiting payment', DOCUMENT_CHECK: 'Document check',
    PHYSICAL_INSPECTION: 'Physical inspection', RELEASED: 'Cleared', HELD: 'Held', EXITED: 'Exited the gate',
    CANCELLED: 'Cancelled',
  },
  number: 'Declaration number',
  status: 'Status',
  duties: 'Duties and taxes',
  taxes: { IMPORT_DUTY: 'Import duty', EXPORT_DUTY: 'Export duty', SPECIAL_CONSUMPTION: 'Special consumption tax', VAT: 'Value added tax' },
  taxBase: 'on {base}',
  total: 'Total',
  pay: 'Pay {amount}',
  payOpening: 'Opening the payment gateway…',
  payBack: 'Payment result',
  payOk: 'Payment succeeded.',
  payFailed: 'The payment did not go through.',
  payPending: 'The bank is confirming the payment…',
  payForged: 'The payment gateway\u2019s signature is not valid.',
  receipt: 'E-receipt',
  receiptVerified: 'Customs signature verified',
  receiptBad: 'The receipt signature is NOT valid',
  receiptNo: 'Receipt number',
  paidAt: 'Paid at',
  submittedAt: 'Submitted',
  live: 'Live updates',
  liveOn: 'Following live',
  liveOff: 'Live connection lost, reconnecting…',
  statusChanged: 'Declaration {number}: {status}',
  listEmpty: 'No declarations yet.',
  allPrincipals: 'All enterprises',
  delegatedUntil: 'delegated until {date}',
  delegatedOpenEnded: 'delegated until revoked',
  principalSwitch: 'Enterprise',
  refresh: 'Reload',
  notSignedIn: 'Please sign in.',
  problems: {
    validation: 'Some information is not valid. Please fix the marked fields.',
    'bad-request': 'The request is not valid.',
    unauthorized: 'Your session has ended. Please sign in again.',
    unauthenticated: 'Your session has ended. Please sign in again.',
    forbidden: 'You are not allowed to do this.',
    'not-found': 'Not found.',
    'service-unavailable': 'The service is busy. Please try again in a few minutes.',
    network: 'Cannot reach the server. Check the connection and try again.',
    default: 'Something went wrong.',
  },
};

const dictionaries = { vi, en };

/** More words for another page (the officer's desk): {vi: {...}, en: {...}}, under keys of their own. */
export function addWords(words) {
  Object.assign(vi, words.vi);
  Object.assign(en, words.en);
}
let current = localStorage.getItem(STORE) === 'en' ? 'en' : 'vi';

export function lang() {
  return current;
}

export function setLang(l) {
  current = l === 'en' ? 'en' : 'vi';
  localStorage.setItem(STORE, current);
  document.documentElement.lang = current;
}

/** The message `key` (a dotted path) in the current language, with {name} placeholders filled. */
export function t(key, params = {}) {
  let v = key.split('.').reduce((o, k) => (o == null ? o : o[k]), dictionaries[current]);
  if (v == null) v = key.split('.').reduce((o, k) => (o == null ? o : o[k]), vi);
  if (typeof v !== 'string') return key;
  return v.replace(/\{(\w+)\}/g, (_, n) => (params[n] == null ? '' : String(params[n])));
}

/** The message for an api problem (its type's slug), or for a network failure. */
export function problemMessage(p) {
  if (!p || p.network) return t('problems.network');
  const slug = (p.type || '').replace('urn:digital-customs:problem:', '');
  const known = dictionaries[current].problems[slug];
  return known || p.detail || p.title || t('problems.default');
}

const vnd = () => new Intl.NumberFormat(current === 'en' ? 'en-GB' : 'vi-VN', { style: 'currency', currency: 'VND' });

/** Whole dong, as the api gives it (a decimal string): 1.234.567 ₫ */
export function money(amount) {
  const n = Number(amount);
  return Number.isFinite(n) ? vnd().format(n) : String(amount);
}

export function amount(n, currency) {
  const v = Number(n);
  if (!Number.isFinite(v)) return '';
  try {
    return new Intl.NumberFormat(current === 'en' ? 'en-GB' : 'vi-VN', { style: 'currency', currency }).format(v);
  } catch {
    return `${v} ${currency}`;
  }
}

/** A date and time in Vietnam (dd/mm/yyyy hh:mm), whatever the phone's zone. */
export function dateTime(iso) {
  if (!iso) return '';
  return new Intl.DateTimeFormat('vi-VN', {
    timeZone: 'Asia/Ho_Chi_Minh', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit',
  }).format(new Date(iso));
}

/** Adds a screen's own messages ({vi, en}, nested like the dictionaries) to the shared ones. */
export function addMessages(more) {
  const merge = (into, from) => {
    for (const [k, v] of Object.entries(from)) {
      if (v && typeof v === 'object') merge(into[k] || (into[k] = {}), v);
      else into[k] = v;
    }
  };
  for (const l of Object.keys(dictionaries)) if (more[l]) merge(dictionaries[l], more[l]);
}
