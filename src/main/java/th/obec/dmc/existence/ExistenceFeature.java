package th.obec.dmc.existence;

import io.vertx.ext.web.Router;
import th.obec.dmc.existence.Round;
import th.obec.dmc.kernel.Feature;
import th.obec.dmc.sheet.SheetSpec;
import th.obec.dmc.upload.UploadKind;
import th.obec.dmc.wiring.Shared;

/** The 10 November round: answers, certification, acknowledgement, the close, and their meters. */
public final class ExistenceFeature implements Feature {
  private final ExistenceService existence;
  private final RoundService rounds;
  private final ExistenceUploads uploads;
  private final ExistenceRoutes routes;

  /**
   * {@code answerBatch}: DMC_ANSWER_BATCH, the most existence requests written in one transaction;
   * {@code perSchool}: DMC_ANSWER_PER_SCHOOL, the most requests of one school waiting for their batch.
   */
  public ExistenceFeature(Shared shared, int answerBatch, int perSchool) {
    Round round = Round.of(shared.calendar());
    ExistenceRepository repository = new ExistenceRepository(shared.pool());
    RoundMeters meters = new RoundMeters(shared.meters());
    meters.refreshEvery(shared.vertx(), repository, round);
    SheetSpec existenceSpec = shared.specs().require("existence");
    this.existence = new ExistenceService(repository, shared.registry(), shared.audit(), shared.clock(), round,
        shared.specs().require("students").require("grade"), shared.specs().require("students").require("room"),
        existenceSpec.require("reason"), meters,
        new AnswerCoalescer(shared.vertx(), repository, round, shared.clock(), answerBatch, perSchool,
            shared.meters()));
    this.rounds = new RoundService(repository, shared.registry(), shared.audit(), shared.clock(), round, meters,
        shared.calendar().countDate());
    this.uploads = new ExistenceUploads(existenceSpec, repository, round);
    this.routes = new ExistenceRoutes(existence, rounds, shared.access(), shared.gate(), new ExistenceWorkbooks(
        existenceSpec, shared.specs().require("duplicates"), repository, shared.registry(), shared.workers(), round),
        new DayProgress(new DayProgressRepository(shared.pool()), shared.registry(), round, shared.calendar().zone()));
  }

  /** Uploads of the roll check this, inside their transaction: a certified roll is read-only. */
  public ExistenceService existence() {
    return existence;
  }

  public RoundService rounds() {
    return rounds;
  }

  /** The existence workbook, sent back marked. */
  public UploadKind uploadKind() {
    return uploads;
  }

  @Override
  public void mount(Router router) {
    routes.mount(router);
  }
}
