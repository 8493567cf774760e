/**
 * Gates: their registration and devices, pre-arrival information, the signed clearance feed the
 * gate agents follow ({@link vn.customs.digital.api.gates.ClearanceFeed}, pushed over a WebSocket
 * on {@code NOTIFY}), and the events the agents report ({@link
 * vn.customs.digital.api.gates.GateEvents}).
 *
 * <h2>The clearance feed follows the declarations in the database</h2>
 *
 * <p>What may pass a gate is the table {@code gate_feed}: append-only, one entry per container and
 * gate, a {@code CLEARANCE} (valid 72 hours, with the plate and e-seal given before arrival) or a
 * {@code REVOCATION} with its reason. No Java code writes a clearance. Triggers of migration V9
 * write the feed in the transaction that changes the declaration, so the feed never disagrees with
 * the declarations, whoever changes them and however:
 *
 * <ul>
 *   <li><b>{@code declarations_gate_feed}</b> (a constraint trigger on {@code declarations},
 *       deferred to commit; function {@code gate_feed_on_declaration}), on an insert, or a change
 *       of {@code status} or {@code border_gate_code}:
 *       <ul>
 *         <li>a declaration becoming {@code RELEASED} (registered green with nothing due, duties
 *             paid, an inspection cleared, rerouted to green, a hold lifted) clears each container
 *             of its current version at its border gate, except containers that have already exited
 *             there ({@code gate_container_exits}): those are never cleared again;
 *         <li>a {@code RELEASED} declaration leaving that status other than by exit revokes its
 *             clearances: reason {@code CANCELLED} for an officer's cancellation, {@code HOLD} for
 *             an officer's hold ({@code HELD});
 *         <li>a {@code RELEASED} declaration sent to another exit gate is revoked at the old gate
 *             ({@code REROUTE}) and cleared at the new one.
 *       </ul>
 *       It runs at commit because the row that releases may be written before the version the
 *       clearances are built from (a submission released at once inserts the declaration, then its
 *       version).
 *   <li><b>{@code pre_arrivals_gate_feed}</b> (function {@code gate_feed_on_pre_arrival}): a plate
 *       given or changed after release re-issues the clearances with it (the declaration row
 *       share-locked, so a release committing meanwhile sees the plate or is seen).
 *   <li><b>{@code gate_feed_notify}</b>: every entry is announced with {@code NOTIFY dc_gate_feed}
 *       (the gate's code), delivered at commit to every api instance ({@link
 *       vn.customs.digital.api.gates.GateFeedListener}).
 * </ul>
 *
 * <p>The one revocation Java asks for itself is at passage: the containers that passed are revoked
 * at once at their gate ({@code gate_feed_revoke(..., 'EXITED', ...)}, {@link
 * vn.customs.digital.api.gates.GateSql#REVOKE_EXITED}), so that no second truck passes on a cached
 * clearance. Writers of one gate's feed hold a transaction-scoped advisory lock ({@code
 * gate_feed_lock}), so entries commit in {@code seq} order and a reader's cursor never skips one.
 *
 * <p>Who relies on it: {@link vn.customs.digital.api.declarations.DeclarationLifecycle} (status
 * changes and cancellation), the payments' settlement (release), the officers' inspection, reroute,
 * hold and change of exit gate. None of them writes to the feed; changing how a declaration is
 * released, held or cancelled means reading the triggers. {@code ClearanceFeedTest} holds each rule
 * above.
 */
package vn.customs.digital.api.gates;
