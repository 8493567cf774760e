package vn.customs.digital.api.declarations;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import vn.customs.digital.api.assessment.Goods;

/**
 * The content of a customs declaration as a trader's app sends it (after the WCO Data Model and
 * VNACCS), once {@link DeclarationValidator} has accepted it. Field names are the public contract:
 * {@link #toJson()} renders exactly the names of the reference payload, so stored fields parse back
 * into an equal document.
 *
 * <p>Numbers are kept as {@link BigDecimal} with trailing zeros stripped (40000.00 becomes 40000),
 * so a document and its JSON round trip compare equal whatever the client's number formatting.
 *
 * @param brokerTaxCode the customs broker acting for the declarant, or null when the declarant
 *     files itself
 * @param containers ISO 6346 numbers, possibly empty (air, post, loose cargo), never null
 * @param documents the supporting documents the declarant attaches, each naming an uploaded file by
 *     its id and SHA-256, so that the declarant's signature covers the files; possibly empty
 */
public record DeclarationDocument(
    Type type,
    String procedureCode,
    String declarantTaxCode,
    String brokerTaxCode,
    String customsOfficeCode,
    String borderGateCode,
    TransportMode transportMode,
    String transportDocument,
    List<String> containers,
    Invoice invoice,
    String incoterm,
    String currency,
    List<Item> items,
    List<SupportingDocument> documents)
    implements Goods {

  /** A declaration without supporting documents. */
  public DeclarationDocument(
      Type type,
      String procedureCode,
      String declarantTaxCode,
      String brokerTaxCode,
      String customsOfficeCode,
      String borderGateCode,
      TransportMode transportMode,
      String transportDocument,
      List<String> containers,
      Invoice invoice,
      String incoterm,
      String currency,
      List<Item> items) {
    this(
        type,
        procedureCode,
        declarantTaxCode,
        brokerTaxCode,
        customsOfficeCode,
        borderGateCode,
        transportMode,
        transportDocument,
        containers,
        invoice,
        incoterm,
        currency,
        items,
        List.of());
  }

  /**
   * What a supporting document is, after the paperless dossier of a customs declaration (Circular
   * 38/2015/TT-BTC, Art. 16): the commercial documents, the transport document, origin, and the
   * licences and certificates of the specialised management agencies.
   */
  public enum DocumentKind {
    COMMERCIAL_INVOICE,
    PACKING_LIST,
    BILL_OF_LADING,
    AIR_WAYBILL,
    CONTRACT,
    CERTIFICATE_OF_ORIGIN,
    IMPORT_LICENCE,
    EXPORT_LICENCE,
    QUARANTINE_CERTIFICATE,
    INSPECTION_REGISTRATION,
    INSPECTION_RESULT,
    OTHER
  }

  /**
   * One supporting document as the signed declaration lists it.
   *
   * @param documentId the id the api gave the uploaded file
   * @param sha256 the file's SHA-256, lower-case hex: what the signature binds
   */
  public record SupportingDocument(
      DocumentKind kind,
      String number,
      String issuer,
      LocalDate date,
      java.util.UUID documentId,
      String sha256) {
    public SupportingDocument {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(documentId, "documentId");
      Objects.requireNonNull(sha256, "sha256");
    }

    public JsonObject toJson() {
      return new JsonObject()
          .put("kind", kind.name())
          .put("number", number)
          .put("issuer", issuer)
          .put("date", date.toString())
          .put("documentId", documentId.toString())
          .put("sha256", sha256);
    }
  }

  public enum Type {
    IMPORT,
    EXPORT
  }

  /**
   * Mode of transport at the border, the eight modes of UN/ECE Recommendation 19 (WCO data element
   * 15A): 1 sea, 2 rail, 3 road, 4 air, 5 post, 7 fixed installation (pipelines, power lines), 8
   * inland waterway, and multimodal.
   */
  public enum TransportMode {
    SEA,
    AIR,
    ROAD,
    RAIL,
    INLAND_WATERWAY,
    MULTIMODAL,
    POST,
    FIXED_INSTALLATION
  }

  public record Invoice(String number, LocalDate date) {
    public Invoice {
      Objects.requireNonNull(number, "number");
      Objects.requireNonNull(date, "date");
    }

    public JsonObject toJson() {
      return new JsonObject().put("number", number).put("date", date.toString());
    }
  }

  /**
   * @param certificateOfOrigin the preferential origin proof, or null when MFN duty applies
   */
  public record Item(
      String hsCode,
      String description,
      String origin,
      BigDecimal quantity,
      String unit,
      BigDecimal grossWeightKg,
      BigDecimal netWeightKg,
      BigDecimal value,
      CertificateOfOrigin certificateOfOrigin)
      implements Goods.Item {

    public Item {
      Objects.requireNonNull(hsCode, "hsCode");
      Objects.requireNonNull(value, "value");
    }

    @Override
    public String certificateForm() {
      return certificateOfOrigin == null ? null : certificateOfOrigin.form();
    }

    public JsonObject toJson() {
      JsonObject json =
          new JsonObject()
              .put("hsCode", hsCode)
              .put("description", description)
              .put("origin", origin)
              .put("quantity", quantity)
              .put("unit", unit)
              .put("grossWeightKg", grossWeightKg)
              .put("netWeightKg", netWeightKg)
              .put("value", value);
      if (certificateOfOrigin != null) {
        json.put("certificateOfOrigin", certificateOfOrigin.toJson());
      }
      return json;
    }
  }

  /**
   * @param form the C/O form or origin document, e.g. D (ATIGA), E (ACFTA), EUR.1 (EVFTA)
   */
  public record CertificateOfOrigin(String form, String number) {
    public JsonObject toJson() {
      return new JsonObject().put("form", form).put("number", number);
    }
  }

  public DeclarationDocument {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(currency, "currency");
    containers = containers == null ? List.of() : List.copyOf(containers);
    items = List.copyOf(items);
    documents = documents == null ? List.of() : List.copyOf(documents);
  }

  @Override
  public boolean export() {
    return type == Type.EXPORT;
  }

  private JsonArray containerArray() {
    JsonArray array = new JsonArray();
    containers.forEach(array::add);
    return array;
  }

  public JsonObject toJson() {
    JsonObject json =
        new JsonObject()
            .put("type", type.name())
            .put("procedureCode", procedureCode)
            .put("declarantTaxCode", declarantTaxCode);
    if (brokerTaxCode != null) {
      json.put("brokerTaxCode", brokerTaxCode);
    }
    json.put("customsOfficeCode", customsOfficeCode)
        .put("borderGateCode", borderGateCode)
        .put("transportMode", transportMode.name())
        .put("transportDocument", transportDocument)
        .put("containers", containerArray())
        .put("invoice", invoice.toJson())
        .put("incoterm", incoterm)
        .put("currency", currency);
    JsonArray lines = new JsonArray();
    items.forEach(item -> lines.add(item.toJson()));
    json.put("items", lines);
    if (!documents.isEmpty()) {
      JsonArray attached = new JsonArray();
      documents.forEach(d -> attached.add(d.toJson()));
      json.put("documents", attached);
    }
    return json;
  }
}
