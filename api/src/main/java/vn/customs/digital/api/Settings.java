package vn.customs.digital.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import vn.customs.digital.api.app.AppConfig;
import vn.customs.digital.api.audit.AuditConfig;
import vn.customs.digital.api.payments.PaymentsConfig;
import vn.customs.digital.api.platform.RetentionConfig;
import vn.customs.digital.notifications.NotificationsConfig;

/**
 * Everything the api process is configured with, read once from the environment: the api's own
 * settings, the notifications', the payments', the audit log's, the retention of short-lived
 * records and the phone app's sign-in. Every problem of them all is reported together, so an
 * operator fixes them all from one start, not one per start.
 */
public record Settings(
    ApiConfig api,
    NotificationsConfig notifications,
    PaymentsConfig payments,
    AuditConfig audit,
    RetentionConfig retention,
    AppConfig app) {

  /**
   * @throws ApiConfig.InvalidConfig naming every problem of them all
   */
  public static Settings fromEnv(Map<String, String> env) {
    List<String> problems = new ArrayList<>();
    ApiConfig api = null;
    NotificationsConfig notifications = null;
    PaymentsConfig payments = null;
    AuditConfig audit = null;
    RetentionConfig retention = null;
    AppConfig app = null;
    try {
      api = ApiConfig.fromEnv(env);
    } catch (ApiConfig.InvalidConfig e) {
      problems.addAll(e.problems());
    }
    try {
      notifications = NotificationsConfig.fromEnv(env);
    } catch (NotificationsConfig.InvalidConfig e) {
      problems.addAll(e.problems());
    }
    try {
      payments = PaymentsConfig.fromEnv(env);
    } catch (ApiConfig.InvalidConfig e) {
      problems.addAll(e.problems());
    }
    try {
      audit = AuditConfig.fromEnv(env);
    } catch (ApiConfig.InvalidConfig e) {
      problems.addAll(e.problems());
    }
    try {
      retention = RetentionConfig.fromEnv(env);
    } catch (ApiConfig.InvalidConfig e) {
      problems.addAll(e.problems());
    }
    try {
      app = AppConfig.fromEnv(env);
    } catch (ApiConfig.InvalidConfig e) {
      problems.addAll(e.problems());
    }
    if (!problems.isEmpty()) {
      throw new ApiConfig.InvalidConfig(problems);
    }
    return new Settings(api, notifications, payments, audit, retention, app);
  }
}
