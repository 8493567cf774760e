package vn.customs.digital.edge.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.customs.digital.edge.support.JournalFile;

class JournalReconciliationTest {
  @TempDir Path dir;

  private EventJournal open() throws Exception {
    return EventJournal.open(dir, EventJournalTest.defaultQuota());
  }

  @Test
  @DisplayName(
      "An opening without its close becomes one PASSAGE_INTERRUPTED naming it; a later start finds nothing to do")
  void recordsTheInterruptedOpeningOnce() throws Exception {
    GateEvent opened;
    try (EventJournal journal = open()) {
      opened =
          journal
              .append(
                  List.of(EventJournalTest.barrier(EventType.BARRIER_OPENED, "L1", "MSCU1234566")))
              .get(0);
    }
    Instant now = Instant.parse("2026-12-04T08:00:00Z");
    try (EventJournal restarted = open()) {
      List<GateEvent> interrupted =
          JournalReconciliation.reconcile(restarted, "vnhph-l1-agent", now);

      assertThat(interrupted)
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.type()).isEqualTo(EventType.PASSAGE_INTERRUPTED);
                assertThat(e.lane()).isEqualTo("L1");
                assertThat(e.deviceId()).isEqualTo("vnhph-l1-agent");
                assertThat(e.occurredAt()).isEqualTo(now);
                assertThat(e.data().getString("openedEventId")).isEqualTo(opened.id());
                assertThat(e.data().getLong("openedSeq")).isEqualTo(opened.seq());
                assertThat(e.data().getString("openedAt"))
                    .isEqualTo(opened.occurredAt().toString());
                assertThat(e.data().getJsonArray("containerNumbers").getList())
                    .containsExactly("MSCU1234566");
                assertThat(e.data().getJsonArray("declarationNumbers").getList())
                    .containsExactly("D-1");
                assertThat(e.seq()).isGreaterThan(opened.seq());
              });
      assertThat(restarted.unsent(0, Long.MAX_VALUE, 10))
          .extracting(GateEvent::type)
          .containsExactly(EventType.BARRIER_OPENED, EventType.PASSAGE_INTERRUPTED);
    }
    try (EventJournal again = open()) {
      assertThat(JournalReconciliation.reconcile(again, "vnhph-l1-agent", now)).isEmpty();
      assertThat(JournalFile.events(dir)).hasSize(2);
    }
  }

  @Test
  @DisplayName("A closed cycle leaves nothing to reconcile")
  void closedCycleIsLeftAlone() throws Exception {
    try (EventJournal journal = open()) {
      journal.append(
          List.of(EventJournalTest.barrier(EventType.BARRIER_OPENED, "L1", "MSCU1234566")));
      journal.append(
          List.of(EventJournalTest.barrier(EventType.BARRIER_CLOSED, "L1", "MSCU1234566")));

      assertThat(JournalReconciliation.reconcile(journal, "agent", Instant.now())).isEmpty();
    }
  }
}
