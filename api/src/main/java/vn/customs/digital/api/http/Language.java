package vn.customs.digital.api.http;

import io.vertx.ext.web.LanguageHeader;
import io.vertx.ext.web.RoutingContext;

/** The two languages the service speaks; Vietnamese unless the caller asks otherwise. */
public enum Language {
  VI,
  EN;

  public String tag() {
    return name().toLowerCase();
  }

  public static Language parse(String tag) {
    if (tag == null) {
      return null;
    }
    String t = tag.trim().toLowerCase();
    if (t.equals("vi") || t.startsWith("vi-")) {
      return VI;
    }
    if (t.equals("en") || t.startsWith("en-")) {
      return EN;
    }
    return null;
  }

  /** {@code lang} query parameter, else the best acceptable language we speak, else Vietnamese. */
  public static Language of(RoutingContext ctx) {
    Language explicit = parse(ctx.queryParams().get("lang"));
    if (explicit != null) {
      return explicit;
    }
    for (LanguageHeader header : ctx.acceptableLanguages()) {
      Language l = parse(header.tag() + (header.subtag() == null ? "" : "-" + header.subtag()));
      if (l != null && header.weight() > 0) {
        return l;
      }
    }
    return VI;
  }
}
