package th.obec.dmc.audit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import th.obec.dmc.kernel.Problem;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.List;

/**
 * How many children on other schools' rolls one account may be told of in a day. A check that names the other
 * school is what an officer needs to arrange a move, but any school account, in any phase (dry runs skip the
 * gate), could otherwise send 200,000 IDs and locate children across the country. Past the cap
 * (DMC_DISCLOSURE_DAILY_LIMIT distinct children per Bangkok day) the answer is 429 DISCLOSURE_LIMIT and names
 * nothing; both the disclosures and the refusals are counted for the alert rules.
 */
public final class DisclosureBudget {
  private final DisclosureRepository repository;
  private final int dailyLimit;
  private final Counter disclosed;
  private final Counter refused;

  public DisclosureBudget(DisclosureRepository repository, int dailyLimit, MeterRegistry metrics) {
    this.repository = repository;
    this.dailyLimit = dailyLimit;
    this.disclosed = Counter.builder("dmc_disclosures").description(
        "Students named to an uploader as being on another school's roll").register(metrics);
    this.refused = Counter.builder("dmc_disclosure_limit").description(
        "Checks refused because the account reached its daily disclosure limit").register(metrics);
  }

  /** Succeeds when these disclosures fit today's budget; otherwise fails with 429 DISCLOSURE_LIMIT. */
  public Future<Void> spend(String username, ZonedDateTime now, List<String> citizenIds) {
    return repository.record(username, now.toLocalDate(), citizenIds).map(total -> {
      if (total > dailyLimit) {
        refused.increment();
        throw new Problem(429, "DISCLOSURE_LIMIT", "Too many requests",
            "This account has been shown " + dailyLimit + " students today (on other schools' rolls, or with their"
                + " families' details), the most a day allows. Ask your area office, or try again tomorrow.",
            "วันนี้บัญชีนี้ได้รับข้อมูลนักเรียน (ที่มีชื่ออยู่ในโรงเรียนอื่น หรือข้อมูลครอบครัว) ครบ " + dailyLimit
                + " คนแล้ว ซึ่งเป็นจำนวนสูงสุดต่อวัน กรุณาติดต่อ สพท. หรือลองใหม่ในวันพรุ่งนี้")
            .retryAfter((int) Duration.between(now, now.toLocalDate().plusDays(1).atStartOfDay(now.getZone())).toSeconds());
      }
      disclosed.increment(citizenIds.size());
      return null;
    });
  }
}
