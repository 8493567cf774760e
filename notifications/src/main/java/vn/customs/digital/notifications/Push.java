package vn.customs.digital.notifications;

/**
 * One outbox message to one device, in the language that device's user chose.
 *
 * @param traceparent the W3C trace context of the push's span (a child of the request that wrote
 *     the message), sent to the device in the message's data so that the app can continue the
 *     trace; null when the push is not traced
 */
public record Push(
    OutboxMessage message, String token, String platform, String lang, String traceparent) {}
