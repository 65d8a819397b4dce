package th.obec.dmc.kernel;

import java.time.ZoneOffset;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * The clock every business rule reads. In a drill it starts at a chosen instant when the process
 * starts and then runs at normal speed; security checks (token lifetimes) never use it.
 */
public final class BusinessClock {
  private final Clock clock;
  private final boolean drill;

  private BusinessClock(Clock clock, boolean drill) {
    this.clock = clock;
    this.drill = drill;
  }

  public static BusinessClock system() {
    return new BusinessClock(Clock.systemUTC(), false);
  }

  /** A drill clock: {@code start} now, advancing with the given real clock. */
  public static BusinessClock drill(OffsetDateTime start, Clock real) {
    Duration offset = Duration.between(real.instant(), start.toInstant());
    return new BusinessClock(Clock.offset(real, offset), true);
  }

  public static BusinessClock fixed(Instant instant) {
    return new BusinessClock(Clock.fixed(instant, ZoneOffset.UTC), true);
  }

  public Instant now() {
    return clock.instant();
  }

  public boolean isDrill() {
    return drill;
  }
}
