package th.obec.dmc.existence;

import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import th.obec.dmc.kernel.Bodies;
import th.obec.dmc.kernel.Json;
import th.obec.dmc.auth.Access;
import th.obec.dmc.auth.Role;
import th.obec.dmc.calendar.Action;
import th.obec.dmc.calendar.PhaseGate;

/** The 10 November round over HTTP: steps 2.2.2 to 2.2.6 of the calendar. */
public final class ExistenceRoutes {
  private final ExistenceService existence;
  private final RoundService rounds;
  private final Access access;
  private final PhaseGate gate;
  private final ExistenceWorkbooks workbooks;

  private final DayProgress day;

  public ExistenceRoutes(ExistenceService existence, RoundService rounds, Access access, PhaseGate gate,
                         ExistenceWorkbooks workbooks, DayProgress day) {
    this.day = day;
    this.workbooks = workbooks;
    this.existence = existence;
    this.rounds = rounds;
    this.access = access;
    this.gate = gate;
  }

  /** {@code {"force": true, "reason": ...}} closes before every area has acknowledged; a forced close needs a reason. */
  private Future<RoundClosure> closed(RoutingContext ctx, JsonObject body) {
    boolean force = Boolean.TRUE.equals(body.getValue("force"));
    return rounds.close(Access.principal(ctx), force, force ? Json.requiredText(body, "reason") : null);
  }

  public void mount(Router router) {
    mountDay(router);
    mountSchool(router);
    mountArea(router);
    router.post("/api/v1/rounds/current/close").handler(Bodies.hold()).handler(access.require(Role.OBEC_ADMIN))
        .handler(Bodies.json()).handler(gate.require(Action.CLOSE_ROUND))
        .handler(ctx -> Json.reply(ctx, closed(ctx, Json.bodyOrEmpty(ctx)).map(ExistenceJson::closure)));
  }

  /** The day's charts: answers per quarter hour, and every area's schools by state. */
  private void mountDay(Router router) {
    router.get("/api/v1/areas/:areaCode/timeline").handler(access.requireArea(Role.AREA_STAFF, Role.OBEC_ADMIN))
        .handler(ctx -> Json.reply(ctx, day.areaTimeline(ctx.pathParam("areaCode")).map(DayProgress.Timeline::toJson)));
    router.get("/api/v1/rounds/current/timeline").handler(access.require(Role.OBEC_ADMIN))
        .handler(ctx -> Json.reply(ctx, day.nationalTimeline().map(DayProgress.Timeline::toJson)));
    router.get("/api/v1/rounds/current/areas").handler(access.require(Role.OBEC_ADMIN))
        .handler(ctx -> Json.reply(ctx, day.areas().map(DayProgress.AreaStates::toJson)));
  }

  /** A school's answers, its summary and rooms, its workbook, and its director's certification. */
  private void mountSchool(Router router) {
    var readers = access.requireSchool(Role.SCHOOL_STAFF, Role.SCHOOL_DIRECTOR, Role.AREA_STAFF, Role.OBEC_ADMIN);
    router.post("/api/v1/schools/:schoolCode/existence").handler(Bodies.hold())
        .handler(access.requireSchool(Role.SCHOOL_STAFF)).handler(Bodies.json())
        .handler(gate.require(Action.CONFIRM_EXISTENCE))
        .handler(ctx -> Json.reply(ctx, existence.answer(Access.principal(ctx), ctx.pathParam("schoolCode"),
            Json.body(ctx)).map(ExistenceJson::summary)));
    router.get("/api/v1/schools/:schoolCode/existence.xlsx").handler(readers)
        .handler(ctx -> workbooks.existence(Access.principal(ctx), ctx.pathParam("schoolCode"))
            .onSuccess(file -> file.send(ctx))
            .onFailure(ctx::fail));
    router.get("/api/v1/schools/:schoolCode/existence").handler(readers)
        .handler(ctx -> Json.reply(ctx, existence.summary(ctx.pathParam("schoolCode")).map(ExistenceJson::summary)));
    router.get("/api/v1/schools/:schoolCode/existence/rooms").handler(readers)
        .handler(ctx -> Json.reply(ctx, existence.rooms(ctx.pathParam("schoolCode")).map(ExistenceJson::rooms)));
    router.post("/api/v1/schools/:schoolCode/certification").handler(access.requireSchool(Role.SCHOOL_DIRECTOR))
        .handler(gate.require(Action.CERTIFY_EXISTENCE))
        .handler(ctx -> Json.reply(ctx, existence.certify(Access.principal(ctx), ctx.pathParam("schoolCode"))
            .map(ExistenceJson::summary)));
  }

  /** An area's progress, its duplicates, its acknowledgement, and the reopening of a certified school. */
  private void mountArea(Router router) {
    var areaReaders = access.requireArea(Role.AREA_STAFF, Role.OBEC_ADMIN);
    router.post("/api/v1/schools/:schoolCode/certification/reopening").handler(Bodies.hold())
        .handler(access.requireSchool(Role.AREA_STAFF)).handler(Bodies.json())
        // Until the area acknowledges and OBEC closes, a certified school can still be reopened.
        .handler(gate.requireAny(Action.CERTIFY_EXISTENCE, Action.ACKNOWLEDGE_AREA))
        .handler(ctx -> Json.reply(ctx, existence.reopen(Access.principal(ctx), ctx.pathParam("schoolCode"),
            Json.requiredText(Json.body(ctx), "reason")).map(ExistenceJson::summary)));
    router.get("/api/v1/areas/:areaCode/duplicates.xlsx").handler(areaReaders)
        .handler(ctx -> workbooks.duplicates(Access.principal(ctx), ctx.pathParam("areaCode"), rounds)
            .onSuccess(file -> file.send(ctx))
            .onFailure(ctx::fail));
    router.get("/api/v1/areas/:areaCode/progress").handler(areaReaders)
        .handler(ctx -> Json.reply(ctx, rounds.progress(ctx.pathParam("areaCode")).map(ExistenceJson::progress)));
    router.get("/api/v1/areas/:areaCode/duplicates").handler(areaReaders)
        .handler(ctx -> Json.reply(ctx, rounds.duplicates(Access.principal(ctx), ctx.pathParam("areaCode"))
            .map(ExistenceJson::duplicates)));
    router.post("/api/v1/areas/:areaCode/acknowledgement").handler(access.requireArea(Role.AREA_STAFF))
        .handler(gate.require(Action.ACKNOWLEDGE_AREA))
        .handler(ctx -> Json.reply(ctx, rounds.acknowledge(Access.principal(ctx), ctx.pathParam("areaCode"))
            .map(ExistenceJson::acknowledgement)));
  }
}
