package th.obec.dmc.support;

/** Logs its argument once through the product's logging, in a process of its own (see LogLinesTest). */
public final class LogOneLine {
  private LogOneLine() {}

  public static void main(String[] args) {
    org.slf4j.LoggerFactory.getLogger("th.obec.dmc.test").warn("event=probe value={}", args[0]);
    org.slf4j.LoggerFactory.getLogger("th.obec.dmc.test").warn("event=failed", new IllegalStateException(args[0]));
  }
}
