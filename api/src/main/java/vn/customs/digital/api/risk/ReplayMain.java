package vn.customs.digital.api.risk;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Map;
import java.util.Properties;
import vn.customs.digital.risk.ChannelDecision;
import vn.customs.digital.risk.DecisionReplay;
import vn.customs.digital.risk.DeclarationFacts;
import vn.customs.digital.risk.RandomKey;
import vn.customs.digital.risk.RiskJson;
import vn.customs.digital.risk.TraderProfile;
import vn.customs.digital.risk.ruleset.Ruleset;
import vn.customs.digital.risk.ruleset.RulesetLoader;

/**
 * {@code ops/risk replay --declaration NUMBER [--version N]}: recomputes a stored risk decision
 * from its stored facts, profile, ruleset version and random key, and says whether it matches. Exit
 * 0 on a match, 1 on a mismatch (or stored inputs that no longer read), 2 on a usage or connection
 * error. A standalone program over JDBC: it needs the database, not a running api. Connection:
 * PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE.
 */
public final class ReplayMain {
  static final String USAGE = "usage: ops/risk replay --declaration NUMBER [--version N]";

  private ReplayMain() {}

  public static void main(String[] args) {
    System.exit(run(args, System.getenv(), System.out, System.err));
  }

  static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    String number = null;
    Integer version = null;
    int i = 0;
    if (args.length > 0 && args[0].equals("replay")) {
      i = 1;
    }
    try {
      for (; i < args.length; i++) {
        switch (args[i]) {
          case "--declaration" -> number = args[++i];
          case "--version" -> version = Integer.valueOf(args[++i]);
          default -> throw new IllegalArgumentException(args[i]);
        }
      }
    } catch (RuntimeException e) {
      err.println(USAGE);
      return 2;
    }
    if (number == null || !number.matches("[0-9]{12}")) {
      err.println(USAGE + " (NUMBER: the 12-digit declaration number)");
      return 2;
    }
    String url =
        "jdbc:postgresql://"
            + env.getOrDefault("PGHOST", "localhost")
            + ":"
            + env.getOrDefault("PGPORT", "5432")
            + "/"
            + env.getOrDefault("PGDATABASE", "digital_customs");
    Properties props = new Properties();
    props.setProperty("user", env.getOrDefault("PGUSER", System.getProperty("user.name")));
    if (env.get("PGPASSWORD") != null) {
      props.setProperty("password", env.get("PGPASSWORD"));
    }
    try (Connection c = DriverManager.getConnection(url, props)) {
      return replay(c, number, version, out);
    } catch (SQLException e) {
      err.println("replay: cannot read the database: " + e.getMessage());
      return 2;
    }
  }

  /**
   * Replays one declaration's decision (its latest version unless given) and prints the verdict.
   */
  static int replay(Connection c, String number, Integer version, PrintStream out)
      throws SQLException {
    try (PreparedStatement st = c.prepareStatement(RiskSql.REPLAY_INPUTS)) {
      st.setString(1, number);
      st.setObject(2, version, java.sql.Types.INTEGER);
      st.setObject(3, version, java.sql.Types.INTEGER);
      try (ResultSet rs = st.executeQuery()) {
        if (!rs.next()) {
          out.println(
              "NOT FOUND: no stored decision for declaration "
                  + number
                  + (version == null ? "" : " version " + version));
          return 2;
        }
        String what =
            "declaration "
                + number
                + " version "
                + rs.getInt("version")
                + " (ruleset "
                + rs.getString("ruleset_id")
                + "@"
                + rs.getString("ruleset_version")
                + ", key of "
                + rs.getDate("random_key_day")
                + ")";
        DecisionReplay.Outcome outcome;
        try {
          LocalDate day = rs.getDate("random_key_day").toLocalDate();
          RandomKey key = new RandomKey(day.toString(), day, rs.getBytes("key"));
          ChannelDecision stored = RiskJson.readDecision(rs.getString("decision"));
          DeclarationFacts facts = RiskJson.readFacts(rs.getString("facts"));
          TraderProfile profile = RiskJson.readProfile(rs.getString("profile"));
          Ruleset ruleset =
              "YAML".equals(rs.getString("format"))
                  ? RulesetLoader.fromYaml(rs.getString("document"))
                  : RulesetLoader.fromJson(rs.getString("document"));
          outcome = DecisionReplay.replay(stored, facts, profile, ruleset, key);
        } catch (RuntimeException e) {
          out.println(
              "MISMATCH " + what + ": the stored inputs cannot be replayed: " + e.getMessage());
          return 1;
        }
        if (outcome.matches()) {
          out.println("MATCH " + what + ": " + outcome.recomputed().channel());
          return 0;
        }
        out.println(
            "MISMATCH "
                + what
                + ": stored "
                + outcome.stored().channel()
                + ", recomputed "
                + outcome.recomputed().channel());
        outcome.differences().forEach(d -> out.println("  " + d));
        return 1;
      }
    }
  }
}
