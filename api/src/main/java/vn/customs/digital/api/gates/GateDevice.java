package vn.customs.digital.api.gates;

import io.vertx.ext.web.RoutingContext;
import vn.customs.digital.problems.Problem;

/**
 * A gate device authenticated by its own token ({@link DeviceAuthenticator}): role {@code
 * gate-device}, for the gate it is registered at and no other; {@code officeCode} is the customs
 * office of that gate, whose officers its alerts go to.
 */
public record GateDevice(String deviceId, String gateCode, String officeCode) {
  static final String CONTEXT_KEY = "vn.customs.digital.gates.device";

  /**
   * The device of this request if it belongs to {@code gate}: 401 without a device token, 403 for
   * another gate.
   */
  static GateDevice require(RoutingContext ctx, String gate) {
    GateDevice device = ctx.get(CONTEXT_KEY);
    if (device == null) {
      throw Problem.unauthorized("this operation needs a gate device token").exception();
    }
    if (!device.gateCode.equals(gate)) {
      throw Problem.forbidden(
              "device "
                  + device.deviceId
                  + " is registered at gate "
                  + device.gateCode
                  + ", not "
                  + gate)
          .exception();
    }
    return device;
  }

  /** How the device appears in audit records. */
  String actor() {
    return "gate-device:" + deviceId;
  }
}
