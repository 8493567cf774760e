package vn.customs.digital.notifications;

import java.util.Locale;

/**
 * Visible title and body of a push, in Vietnamese or English. Only the declaration number, the
 * event and the channel appear: never amounts, names or other personal data, which a locked phone's
 * screen would show to anyone.
 */
public record PushText(String title, String body) {

  public static PushText of(OutboxMessage message, String lang) {
    boolean vi = !"en".equals(lang);
    String declaration = declaration(message.declarationNumber(), vi);
    String event = message.eventType();
    return switch (event) {
      case "declaration.submitted" ->
          vi
              ? new PushText(
                  declaration + " đã được tiếp nhận",
                  "Hải quan đã tiếp nhận tờ khai và đang xử lý.")
              : new PushText(
                  declaration + " received",
                  "Customs has received the declaration and is processing it.");
      case "declaration.channel-assigned" -> channelAssigned(declaration, message.channel(), vi);
      case "declaration.documents-requested" ->
          vi
              ? new PushText(
                  declaration + ": cần bổ sung chứng từ",
                  "Mở ứng dụng để xem và nộp chứng từ được yêu cầu.")
              : new PushText(
                  declaration + ": documents requested",
                  "Open the app to see and upload the requested documents.");
      case "declaration.inspection-result" ->
          vi
              ? new PushText(
                  declaration + ": đã có kết quả kiểm tra",
                  "Mở ứng dụng để xem kết quả kiểm tra hàng hóa.")
              : new PushText(
                  declaration + ": inspection result",
                  "Open the app to see the result of the goods inspection.");
      case "payment.confirmed" ->
          vi
              ? new PushText(
                  declaration + ": đã xác nhận nộp thuế", "Khoản nộp cho tờ khai đã được xác nhận.")
              : new PushText(
                  declaration + ": payment confirmed",
                  "The payment for the declaration has been confirmed.");
      case "declaration.released" ->
          vi
              ? new PushText(
                  declaration + ": hàng đã được thông quan",
                  "Hàng hóa đã được thông quan và có thể đưa ra khỏi khu vực giám sát.")
              : new PushText(
                  declaration + ": goods released",
                  "The goods are cleared and may leave the customs-controlled area.");
      case "declaration.held" ->
          vi
              ? new PushText(
                  declaration + ": hàng bị tạm dừng",
                  "Hải quan tạm dừng đưa hàng ra khỏi khu vực giám sát. Vui lòng liên hệ chi cục hải quan.")
              : new PushText(
                  declaration + ": goods on hold",
                  "Customs has put the goods on hold: they may not leave the customs-controlled area for now. Please contact the customs office.");
      case "declaration.hold-lifted" ->
          vi
              ? new PushText(
                  declaration + ": đã hủy tạm dừng",
                  "Hàng hóa lại được phép đưa ra khỏi khu vực giám sát.")
              : new PushText(
                  declaration + ": hold lifted",
                  "The goods may leave the customs-controlled area again.");
      case "declaration.exit-gate-changed" ->
          vi
              ? new PushText(
                  declaration + ": thay đổi cửa khẩu xuất",
                  "Hải quan đã thay đổi cửa khẩu đưa hàng ra. Mở ứng dụng để xem cửa khẩu mới.")
              : new PushText(
                  declaration + ": exit gate changed",
                  "Customs has changed the gate the goods leave through. Open the app to see the new gate.");
      case "gate.exited" ->
          vi
              ? new PushText(
                  declaration + ": hàng đã qua cổng",
                  "Hàng hóa đã ra khỏi khu vực giám sát hải quan.")
              : new PushText(
                  declaration + ": goods through the gate",
                  "The goods have left the customs-controlled area.");
      case "seal.alert" ->
          vi
              ? new PushText(
                  "Cảnh báo seal điện tử",
                  declaration
                      + ": phát hiện bất thường ở seal điện tử. Mở ứng dụng để xem chi tiết.")
              : new PushText(
                  "E-seal alert",
                  declaration
                      + ": an electronic seal reported tampering. Open the app for details.");
      case "gate.unreleased-passage" ->
          vi
              ? new PushText(
                  "Cảnh báo: hàng chưa thông quan qua cổng",
                  "Hàng chưa được thông quan cho cổng này đã đi qua cổng. Mở ứng dụng để xem chi tiết.")
              : new PushText(
                  "Alert: uncleared goods passed a gate",
                  "Goods not released for this gate have passed it. Open the app for details.");
      case "gate.passage-unknown" ->
          vi
              ? new PushText(
                  "Cảnh báo: không xác định được xe qua cổng",
                  declaration
                      + ": cổng đã mở nhưng không ghi nhận được xe đã qua hay chưa. Mở ứng dụng để xem chi tiết.")
              : new PushText(
                  "Alert: gate passage unknown",
                  declaration
                      + ": the gate opened but could not record whether the goods passed. Open the app for details.");
      default ->
          vi
              ? new PushText(
                  declaration + ": cập nhật trạng thái", "Mở ứng dụng để xem trạng thái mới.")
              : new PushText(
                  declaration + ": status updated", "Open the app to see the new status.");
    };
  }

  private static PushText channelAssigned(String declaration, String channel, boolean vi) {
    String c = channel == null ? "" : channel.toLowerCase(Locale.ROOT);
    return switch (c) {
      case "green" ->
          vi
              ? new PushText(
                  declaration + ": luồng xanh",
                  "Tờ khai được thông quan tự động, không kiểm tra chứng từ.")
              : new PushText(
                  declaration + ": green channel",
                  "The declaration is cleared automatically, without a document check.");
      case "yellow" ->
          vi
              ? new PushText(
                  declaration + ": luồng vàng",
                  "Công chức hải quan sẽ kiểm tra chứng từ của tờ khai.")
              : new PushText(
                  declaration + ": yellow channel",
                  "A customs officer will check the declaration's documents.");
      case "red" ->
          vi
              ? new PushText(declaration + ": luồng đỏ", "Hàng hóa sẽ được kiểm tra thực tế.")
              : new PushText(
                  declaration + ": red channel", "The goods will be physically inspected.");
      default ->
          vi
              ? new PushText(
                  declaration + ": đã phân luồng", "Mở ứng dụng để xem kết quả phân luồng.")
              : new PushText(
                  declaration + ": channel assigned", "Open the app to see the assigned channel.");
    };
  }

  private static String declaration(String number, boolean vi) {
    String noun = vi ? "Tờ khai" : "Declaration";
    return number == null || number.isBlank() ? noun : noun + " " + number;
  }
}
