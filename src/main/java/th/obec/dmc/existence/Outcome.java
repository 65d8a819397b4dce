package th.obec.dmc.existence;

/**
 * What became of one existence request: answered; refused for a closed round, a certified school, unknown IDs;
 * or not tried because its school's lock was held elsewhere (BUSY: the coalescer tries it again).
 */
enum Outcome {
  ANSWERED, CLOSED, CERTIFIED, UNKNOWN, BUSY;

  /** existence_answer_batch's word for it. */
  static Outcome of(String sql) {
    return switch (sql) {
      case "ok" -> ANSWERED;
      case "closed" -> CLOSED;
      case "certified" -> CERTIFIED;
      case "unknown" -> UNKNOWN;
      case "busy" -> BUSY;
      default -> throw new IllegalStateException("existence_answer_batch answered the outcome " + sql);
    };
  }
}
