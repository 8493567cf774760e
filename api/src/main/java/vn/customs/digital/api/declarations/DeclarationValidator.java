package vn.customs.digital.api.declarations;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import vn.customs.digital.problems.Problem.FieldError;

/**
 * Checks a declaration payload field by field and reports every violation at once, each with the
 * JSON pointer (RFC 6901) of the offending value, so that a phone can mark all the fields of a form
 * in one round trip. It never throws, whatever the JSON: wrong types, nulls, oversized arrays and
 * unknown enum values all become errors. Fields it does not know are ignored (clients may send
 * more).
 *
 * <p>The declarant's tax code is checked for shape only (10 digits, or 13 for a dependent unit).
 * The General Department of Taxation check digit (weights 31, 29, 23, 19, 17, 13, 7, 5, 3; 10 - sum
 * mod 11) is deliberately not enforced: the contract's reference enterprise 0101234567 does not
 * satisfy it (the digit would be 5), and the contract payload must be accepted as it is.
 *
 * <p>Whether the HS codes are in the tariff and the currency has an exchange rate is the
 * assessment's concern ({@code DutyCalculator}), which reports at the same pointers.
 */
public final class DeclarationValidator {
  public static final int MAX_ITEMS = 50;
  public static final int MAX_CONTAINERS = 50;
  public static final int INVOICE_MAX_AGE_YEARS = 5;
  public static final int DESCRIPTION_MAX = 200;
  public static final int INVOICE_NUMBER_MAX = 35;
  public static final int CERTIFICATE_NUMBER_MAX = 40;
  public static final int MAX_DOCUMENTS = 30;
  public static final int MAX_PERMITS = 10;
  private static final Pattern AGENCY = Pattern.compile("[A-Z0-9]{2,10}");
  private static final Pattern PERMIT_NUMBER = Pattern.compile("[A-Z0-9./-]{1,40}");
  public static final int DOCUMENT_NUMBER_MAX = 40;
  public static final int DOCUMENT_ISSUER_MAX = 120;
  public static final BigDecimal QUANTITY_MAX = new BigDecimal("1E12");
  public static final BigDecimal VALUE_MAX = new BigDecimal("1E13");

  /** One million tonnes: more than the largest bulk carrier loads. */
  public static final BigDecimal WEIGHT_MAX_KG = new BigDecimal("1E9");

  private static final ZoneId VIETNAM = ZoneId.of("Asia/Ho_Chi_Minh");
  private static final Pattern TAX_CODE = Pattern.compile("[0-9]{10}([0-9]{3})?");
  private static final Pattern CUSTOMS_OFFICE = Pattern.compile("[0-9A-Z]{4}");

  /** UN/LOCODE of a Vietnamese location: country VN and three letters or digits 2-9. */
  public static final Pattern BORDER_GATE = Pattern.compile("VN[A-Z2-9]{3}");

  public static final String BORDER_GATE_RULE =
      "must be a Vietnamese UN/LOCODE: VN and 3 upper-case letters or digits 2-9, e.g. VNHPH";
  private static final Pattern TRANSPORT_DOCUMENT = Pattern.compile("[A-Z0-9/-]{1,35}");
  private static final Pattern HS_CODE = Pattern.compile("[0-9]{8}");
  private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern UUID_TEXT =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  private DeclarationValidator() {}

  /**
   * @param document the parsed declaration, or null when there are errors
   */
  public record Result(DeclarationDocument document, List<FieldError> errors) {
    public Result {
      errors = List.copyOf(errors);
    }

    public boolean valid() {
      return errors.isEmpty();
    }
  }

  /** Validates against today's date in Vietnam. */
  public static Result validate(JsonObject json) {
    return validate(json, LocalDate.now(VIETNAM));
  }

  /**
   * @param today the date invoice dates are checked against (not after it, not more than 5 years
   *     before it)
   */
  public static Result validate(JsonObject json, LocalDate today) {
    List<FieldError> errors = new ArrayList<>();
    if (json == null) {
      errors.add(new FieldError("", "the declaration must be a JSON object"));
      return new Result(null, errors);
    }
    DeclarationDocument document = new Reader(errors, today).declaration(json);
    return new Result(errors.isEmpty() ? document : null, errors);
  }

  /**
   * Reads one payload; each method records its errors and returns null (or a placeholder) on
   * failure.
   */
  private static final class Reader {
    private final List<FieldError> errors;
    private final LocalDate today;

    Reader(List<FieldError> errors, LocalDate today) {
      this.errors = errors;
      this.today = today;
    }

    DeclarationDocument declaration(JsonObject json) {
      DeclarationDocument.Type type =
          enumValue(json, "type", "", DeclarationDocument.Type.class, true);
      String procedure = procedureCode(json, type);
      String declarant =
          matching(
              json,
              "declarantTaxCode",
              "",
              TAX_CODE,
              true,
              "must be a tax code of 10 digits, or 13 digits for a dependent unit");
      String broker =
          matching(
              json,
              "brokerTaxCode",
              "",
              TAX_CODE,
              false,
              "must be a tax code of 10 digits, or 13 digits for a dependent unit");
      String office =
          matching(
              json,
              "customsOfficeCode",
              "",
              CUSTOMS_OFFICE,
              true,
              "must be a customs office code of 4 upper-case letters or digits, e.g. 03CC");
      String gate = matching(json, "borderGateCode", "", BORDER_GATE, true, BORDER_GATE_RULE);
      DeclarationDocument.TransportMode mode =
          enumValue(json, "transportMode", "", DeclarationDocument.TransportMode.class, true);
      String transportDocument =
          matching(
              json,
              "transportDocument",
              "",
              TRANSPORT_DOCUMENT,
              true,
              "must be 1 to 35 upper-case letters, digits, '-' or '/' (bill of lading, air waybill, CMR number)");
      List<String> containers = containers(json);
      DeclarationDocument.Invoice invoice = invoice(json);
      String incoterm =
          member(
              json,
              "incoterm",
              "",
              ReferenceCodes.INCOTERMS_2020,
              true,
              "must be an Incoterms 2020 rule: EXW, FCA, CPT, CIP, DAP, DPU, DDP, FAS, FOB, CFR or CIF");
      String currency =
          member(
              json,
              "currency",
              "",
              ReferenceCodes.CURRENCIES,
              true,
              "must be an active ISO 4217 currency code, e.g. USD");
      List<DeclarationDocument.Item> items = items(json);
      List<DeclarationDocument.SupportingDocument> documents = documents(json);
      List<DeclarationDocument.CitedPermit> permits = permits(json);
      if (!errors.isEmpty()) {
        return null;
      }
      return new DeclarationDocument(
          type,
          procedure,
          declarant,
          broker,
          office,
          gate,
          mode,
          transportDocument,
          containers,
          invoice,
          incoterm,
          currency,
          items,
          documents,
          permits);
    }

    private List<DeclarationDocument.CitedPermit> permits(JsonObject json) {
      Object raw = json.getValue("permits");
      if (raw == null) {
        return List.of();
      }
      if (!(raw instanceof JsonArray array) || array.size() > MAX_PERMITS) {
        errors.add(
            new FieldError("/permits", "must be an array of at most " + MAX_PERMITS + " permits"));
        return null;
      }
      List<DeclarationDocument.CitedPermit> permits = new ArrayList<>();
      Map<String, Integer> seen = new HashMap<>();
      for (int i = 0; i < array.size(); i++) {
        String at = "/permits/" + i;
        if (!(array.getValue(i) instanceof JsonObject permit)) {
          errors.add(new FieldError(at, "must be an object"));
          continue;
        }
        String agency =
            matching(
                permit, "agency", at, AGENCY, true, "must be an agency code: 2 to 10 of A-Z 0-9");
        String number =
            matching(
                permit,
                "number",
                at,
                PERMIT_NUMBER,
                true,
                "must be the permit's number: 1 to 40 of A-Z 0-9 . / -");
        if (agency != null && number != null) {
          String key = agency + " " + number;
          if (seen.containsKey(key)) {
            errors.add(new FieldError(at, "repeats /permits/" + seen.get(key)));
          } else {
            seen.put(key, i);
            permits.add(new DeclarationDocument.CitedPermit(agency, number));
          }
        }
      }
      return permits;
    }

    private List<DeclarationDocument.SupportingDocument> documents(JsonObject json) {
      Object raw = json.getValue("documents");
      if (raw == null) {
        return List.of();
      }
      if (!(raw instanceof JsonArray array)) {
        errors.add(
            new FieldError(
                "/documents", "must be an array of at most " + MAX_DOCUMENTS + " documents"));
        return null;
      }
      if (array.size() > MAX_DOCUMENTS) {
        errors.add(
            new FieldError("/documents", "must hold at most " + MAX_DOCUMENTS + " documents"));
      }
      List<DeclarationDocument.SupportingDocument> documents = new ArrayList<>();
      Map<String, Integer> seen = new HashMap<>();
      for (int i = 0; i < Math.min(array.size(), MAX_DOCUMENTS); i++) {
        String at = "/documents/" + i;
        if (!(array.getValue(i) instanceof JsonObject document)) {
          errors.add(new FieldError(at, "must be an object"));
          continue;
        }
        DeclarationDocument.DocumentKind kind =
            enumValue(document, "kind", at, DeclarationDocument.DocumentKind.class, true);
        String number = text(document, "number", at, DOCUMENT_NUMBER_MAX, true);
        String issuer = text(document, "issuer", at, DOCUMENT_ISSUER_MAX, true);
        LocalDate date = null;
        String rawDate = string(document, "date", at, true);
        if (rawDate != null) {
          date = date(rawDate);
          if (date == null) {
            errors.add(
                new FieldError(at + "/date", "must be a date in ISO 8601 form, e.g. 2026-11-20"));
          } else if (date.isAfter(today)) {
            errors.add(new FieldError(at + "/date", "must not be after today (" + today + ")"));
            date = null;
          }
        }
        String id =
            matching(
                document,
                "documentId",
                at,
                UUID_TEXT,
                true,
                "must be the id the api gave the uploaded document (a UUID in lower case)");
        String sha256 =
            matching(
                document,
                "sha256",
                at,
                SHA256,
                true,
                "must be the document's SHA-256: 64 lower-case hexadecimal digits");
        if (id != null && seen.containsKey(id)) {
          errors.add(new FieldError(at + "/documentId", "repeats /documents/" + seen.get(id)));
          id = null;
        } else if (id != null) {
          seen.put(id, i);
        }
        if (kind != null
            && number != null
            && issuer != null
            && date != null
            && id != null
            && sha256 != null) {
          documents.add(
              new DeclarationDocument.SupportingDocument(
                  kind, number, issuer, date, java.util.UUID.fromString(id), sha256));
        }
      }
      return documents;
    }

    private String procedureCode(JsonObject json, DeclarationDocument.Type type) {
      String code = string(json, "procedureCode", "", true);
      if (code == null) {
        return null;
      }
      String pointer = "/procedureCode";
      if (!ReferenceCodes.allProcedures().contains(code)) {
        errors.add(
            new FieldError(
                pointer,
                "must be a VNACCS type code, e.g. A11 or A12 for imports, B11 for exports"));
        return null;
      }
      if (type != null && !ReferenceCodes.isProcedureFor(type.name(), code)) {
        errors.add(
            new FieldError(
                pointer, code + " is not a type code for " + type.name() + " declarations"));
        return null;
      }
      return code;
    }

    private List<String> containers(JsonObject json) {
      Object raw = json.getValue("containers");
      if (raw == null) {
        return List.of();
      }
      if (!(raw instanceof JsonArray array)) {
        errors.add(new FieldError("/containers", "must be an array of ISO 6346 container numbers"));
        return null;
      }
      if (array.size() > MAX_CONTAINERS) {
        errors.add(
            new FieldError("/containers", "must hold at most " + MAX_CONTAINERS + " containers"));
      }
      List<String> numbers = new ArrayList<>();
      Map<String, Integer> seen = new HashMap<>();
      for (int i = 0; i < Math.min(array.size(), MAX_CONTAINERS); i++) {
        String pointer = "/containers/" + i;
        Object value = array.getValue(i);
        if (!(value instanceof String number)) {
          errors.add(new FieldError(pointer, "must be a string"));
        } else if (!ContainerNumbers.isValid(number)) {
          errors.add(
              new FieldError(
                  pointer,
                  "must be an ISO 6346 container number with a correct check digit, e.g. MSCU1234566"));
        } else if (seen.containsKey(number)) {
          errors.add(new FieldError(pointer, "repeats /containers/" + seen.get(number)));
        } else {
          seen.put(number, i);
          numbers.add(number);
        }
      }
      return numbers;
    }

    private DeclarationDocument.Invoice invoice(JsonObject json) {
      JsonObject invoice = object(json, "invoice", "", true);
      if (invoice == null) {
        return null;
      }
      String number = text(invoice, "number", "/invoice", INVOICE_NUMBER_MAX, true);
      LocalDate date = null;
      String raw = string(invoice, "date", "/invoice", true);
      if (raw != null) {
        date = date(raw);
        if (date == null) {
          errors.add(
              new FieldError("/invoice/date", "must be a date in ISO 8601 form, e.g. 2026-11-20"));
        } else if (date.isAfter(today)) {
          errors.add(new FieldError("/invoice/date", "must not be after today (" + today + ")"));
          date = null;
        } else if (date.isBefore(today.minusYears(INVOICE_MAX_AGE_YEARS))) {
          errors.add(
              new FieldError(
                  "/invoice/date",
                  "must not be more than " + INVOICE_MAX_AGE_YEARS + " years old"));
          date = null;
        }
      }
      return number == null || date == null ? null : new DeclarationDocument.Invoice(number, date);
    }

    private List<DeclarationDocument.Item> items(JsonObject json) {
      Object raw = json.getValue("items");
      if (raw == null) {
        errors.add(new FieldError("/items", "is required: 1 to " + MAX_ITEMS + " items"));
        return null;
      }
      if (!(raw instanceof JsonArray array)) {
        errors.add(new FieldError("/items", "must be an array of 1 to " + MAX_ITEMS + " items"));
        return null;
      }
      if (array.isEmpty() || array.size() > MAX_ITEMS) {
        errors.add(
            new FieldError(
                "/items",
                "must hold 1 to " + MAX_ITEMS + " items (the VNACCS limit), not " + array.size()));
      }
      List<DeclarationDocument.Item> items = new ArrayList<>();
      for (int i = 0; i < Math.min(array.size(), MAX_ITEMS); i++) {
        String pointer = "/items/" + i;
        if (!(array.getValue(i) instanceof JsonObject item)) {
          errors.add(new FieldError(pointer, "must be an object"));
          continue;
        }
        items.add(item(item, pointer));
      }
      return items;
    }

    private DeclarationDocument.Item item(JsonObject item, String at) {
      String hs =
          matching(
              item,
              "hsCode",
              at,
              HS_CODE,
              true,
              "must be an HS code of exactly 8 digits, e.g. 85171300");
      String description = text(item, "description", at, DESCRIPTION_MAX, true);
      String origin =
          member(
              item,
              "origin",
              at,
              ReferenceCodes.COUNTRIES,
              true,
              "must be an ISO 3166-1 alpha-2 country code, e.g. CN");
      BigDecimal quantity = amount(item, "quantity", at, 3, QUANTITY_MAX);
      String unit =
          member(
              item,
              "unit",
              at,
              ReferenceCodes.UNITS,
              true,
              "must be a UN/ECE Recommendation 20 unit code, e.g. C62, KGM, LTR");
      BigDecimal gross = amount(item, "grossWeightKg", at, 3, WEIGHT_MAX_KG);
      BigDecimal net = amount(item, "netWeightKg", at, 3, WEIGHT_MAX_KG);
      if (gross != null && net != null && net.compareTo(gross) > 0) {
        errors.add(
            new FieldError(
                at + "/netWeightKg",
                "must not exceed grossWeightKg (" + gross.toPlainString() + ")"));
      }
      BigDecimal value = amount(item, "value", at, 2, VALUE_MAX);
      DeclarationDocument.CertificateOfOrigin certificate = null;
      JsonObject co = object(item, "certificateOfOrigin", at, false);
      if (co != null) {
        String coAt = at + "/certificateOfOrigin";
        String form =
            member(
                co,
                "form",
                coAt,
                ReferenceCodes.ORIGIN_FORMS,
                true,
                "must be a certificate of origin form Vietnam accepts: "
                    + String.join(", ", ReferenceCodes.ORIGIN_FORMS.stream().sorted().toList()));
        String number = text(co, "number", coAt, CERTIFICATE_NUMBER_MAX, true);
        certificate = new DeclarationDocument.CertificateOfOrigin(form, number);
      }
      if (hs == null || value == null) {
        return null;
      }
      return new DeclarationDocument.Item(
          hs, description, origin, quantity, unit, gross, net, value, certificate);
    }

    // --- typed readers --------------------------------------------------------------------

    /**
     * A member converted by {@code as}, which returns null for a value of the wrong type; absent or
     * JSON null counts as missing ("is required" when required), the wrong type is reported with
     * {@code mismatch}.
     */
    private <T> T typed(
        JsonObject json,
        String field,
        String at,
        boolean required,
        Function<Object, T> as,
        String mismatch) {
      Object value = json.getValue(field);
      String pointer = at + "/" + field;
      if (value == null) {
        if (required) {
          errors.add(new FieldError(pointer, "is required"));
        }
        return null;
      }
      T typed = as.apply(value);
      if (typed == null) {
        errors.add(new FieldError(pointer, mismatch));
      }
      return typed;
    }

    /** A string member; absent or JSON null counts as missing. */
    private String string(JsonObject json, String field, String at, boolean required) {
      return typed(
          json,
          field,
          at,
          required,
          value -> value instanceof String s ? s : null,
          "must be a string");
    }

    private String matching(
        JsonObject json, String field, String at, Pattern pattern, boolean required, String rule) {
      String value = string(json, field, at, required);
      // The length guard keeps the regular expression off megabyte strings.
      if (value != null && (value.length() > 64 || !pattern.matcher(value).matches())) {
        errors.add(new FieldError(at + "/" + field, rule));
        return null;
      }
      return value;
    }

    private String member(
        JsonObject json,
        String field,
        String at,
        Set<String> allowed,
        boolean required,
        String rule) {
      String value = string(json, field, at, required);
      if (value != null && !allowed.contains(value)) {
        errors.add(new FieldError(at + "/" + field, rule));
        return null;
      }
      return value;
    }

    /** Free text: 1 to max characters, not blank, no control characters, no surrounding spaces. */
    private String text(JsonObject json, String field, String at, int max, boolean required) {
      String value = string(json, field, at, required);
      if (value == null) {
        return null;
      }
      String pointer = at + "/" + field;
      int length = value.codePointCount(0, value.length());
      if (value.isBlank() || length > max) {
        errors.add(new FieldError(pointer, "must be 1 to " + max + " characters, not blank"));
        return null;
      }
      if (!value.strip().equals(value) || CONTROL.matcher(value).find()) {
        errors.add(
            new FieldError(
                pointer, "must not contain control characters or leading or trailing spaces"));
        return null;
      }
      return value;
    }

    private <E extends Enum<E>> E enumValue(
        JsonObject json, String field, String at, Class<E> type, boolean required) {
      String value = string(json, field, at, required);
      if (value == null) {
        return null;
      }
      for (E constant : type.getEnumConstants()) {
        if (constant.name().equals(value)) {
          return constant;
        }
      }
      List<String> names = new ArrayList<>();
      for (E constant : type.getEnumConstants()) {
        names.add(constant.name());
      }
      errors.add(new FieldError(at + "/" + field, "must be one of " + String.join(", ", names)));
      return null;
    }

    private JsonObject object(JsonObject json, String field, String at, boolean required) {
      return typed(
          json,
          field,
          at,
          required,
          value -> value instanceof JsonObject o ? o : null,
          "must be an object");
    }

    /**
     * A positive JSON number with at most the given decimals and at most max; trailing zeros
     * stripped.
     */
    private BigDecimal amount(
        JsonObject json, String field, String at, int decimals, BigDecimal max) {
      BigDecimal value =
          typed(json, field, at, true, DeclarationValidator::decimal, "must be a number");
      if (value == null) {
        return null;
      }
      String pointer = at + "/" + field;
      if (value.signum() <= 0) {
        errors.add(new FieldError(pointer, "must be greater than 0"));
        return null;
      }
      if (value.compareTo(max) > 0) {
        errors.add(new FieldError(pointer, "must not exceed " + max.toPlainString()));
        return null;
      }
      // Normalised only once bounded above: 1E+999999999 must not be expanded to its digits.
      value = value.stripTrailingZeros();
      if (value.scale() < 0) {
        value = value.setScale(0);
      }
      if (value.scale() > decimals) {
        errors.add(new FieldError(pointer, "must have at most " + decimals + " decimals"));
        return null;
      }
      return value;
    }
  }

  /**
   * The exact decimal of a JSON number, or null for anything else (strings, booleans, NaN). Parsers
   * hand fractions over as doubles; {@code BigDecimal.valueOf} takes their shortest decimal form,
   * which is exact for the 15 significant digits the bounds allow.
   */
  static BigDecimal decimal(Object raw) {
    BigDecimal value;
    if (raw instanceof BigDecimal d) {
      value = d;
    } else if (raw instanceof BigInteger i) {
      value = new BigDecimal(i);
    } else if (raw instanceof Integer
        || raw instanceof Long
        || raw instanceof Short
        || raw instanceof Byte) {
      value = BigDecimal.valueOf(((Number) raw).longValue());
    } else if (raw instanceof Double || raw instanceof Float) {
      double d = ((Number) raw).doubleValue();
      if (!Double.isFinite(d)) {
        return null;
      }
      value = BigDecimal.valueOf(d);
    } else {
      return null;
    }
    return value;
  }

  private static LocalDate date(String raw) {
    if (raw.length() != 10) {
      return null;
    }
    try {
      return LocalDate.parse(raw);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
