package vn.customs.digital.notifications;

/** One outbox message to one device, in the language that device's user chose. */
public record Push(OutboxMessage message, String token, String platform, String lang) {}
