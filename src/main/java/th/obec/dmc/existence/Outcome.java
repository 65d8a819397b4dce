package th.obec.dmc.existence;

/** What became of one existence request: answered, or refused for a closed round, a certified school, unknown IDs. */
enum Outcome {
  ANSWERED, CLOSED, CERTIFIED, UNKNOWN;

  /** existence_answer_batch's word for it. */
  static Outcome of(String sql) {
    return switch (sql) {
      case "ok" -> ANSWERED;
      case "closed" -> CLOSED;
      case "certified" -> CERTIFIED;
      case "unknown" -> UNKNOWN;
      default -> throw new IllegalStateException("existence_answer_batch answered the outcome " + sql);
    };
  }
}
