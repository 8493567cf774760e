package vn.customs.digital.edge.journal;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the agent does with its journal at start, before any decision: a barrier opening that no
 * close followed (the agent was killed, lost power or was stopped between the two) is recorded as
 * {@code PASSAGE_INTERRUPTED}. Whether the vehicle crossed is unknown - the loop's report, if any,
 * died with the process - so the api raises it with officers rather than leaving the declaration as
 * if nothing had happened. The barrier itself is closed by then: the relay is created in its closed
 * state before the journal is opened.
 *
 * <p>The event closes the opening in the journal (same transaction), so a second start finds
 * nothing to do.
 */
public final class JournalReconciliation {
  private static final Logger log = LoggerFactory.getLogger(JournalReconciliation.class);

  private JournalReconciliation() {}

  /**
   * Blocking (JDBC). Journals one {@code PASSAGE_INTERRUPTED} per dangling opening; returns what
   * was journaled (with a quota alarm, should this append have crossed a level).
   */
  public static List<GateEvent> reconcile(EventJournal journal, String deviceId, Instant now)
      throws SQLException {
    List<GateEvent> interrupted = new ArrayList<>();
    for (GateEvent opening : journal.openBarriers()) {
      interrupted.add(new LaneEvents(opening.lane(), deviceId).passageInterrupted(now, opening));
    }
    if (interrupted.isEmpty()) {
      return interrupted;
    }
    List<GateEvent> stored = journal.append(interrupted);
    for (GateEvent e : interrupted) {
      log.atWarn()
          .addKeyValue("lane", e.lane())
          .addKeyValue("openedEventId", e.data().getString("openedEventId"))
          .addKeyValue("openedAt", e.data().getString("openedAt"))
          .addKeyValue("containers", e.data().getJsonArray("containerNumbers"))
          .log(
              "a barrier opening was never closed before the agent stopped: passage unknown, journaled");
    }
    return stored;
  }
}
