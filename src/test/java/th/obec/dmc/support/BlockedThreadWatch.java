package th.obec.dmc.support;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Collects Vert.x "Thread ... has been blocked" warnings: each one is a bug the tests report. */
public final class BlockedThreadWatch extends AppenderBase<ILoggingEvent> {
  private static final List<String> SEEN = new CopyOnWriteArrayList<>();

  @Override
  protected void append(ILoggingEvent event) {
    if (event.getFormattedMessage().contains("has been blocked")) SEEN.add(event.getFormattedMessage());
  }

  public static List<String> seen() {
    return List.copyOf(SEEN);
  }
}
