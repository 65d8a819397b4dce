package th.obec.dmc.exchange;

import io.vertx.ext.web.Router;
import th.obec.dmc.kernel.Problem;
import th.obec.dmc.auth.Access;
import th.obec.dmc.auth.Role;
import th.obec.dmc.calendar.Action;
import th.obec.dmc.calendar.PhaseGate;

/** The Exchange file for the Ministry, by OBEC, while EXCHANGE_SEND is open. */
public final class ExchangeRoutes {
  private final ExchangeService exchange;
  private final Access access;
  private final PhaseGate gate;

  public ExchangeRoutes(ExchangeService exchange, Access access, PhaseGate gate) {
    this.exchange = exchange;
    this.access = access;
    this.gate = gate;
  }

  public void mount(Router router) {
    router.get("/api/v1/exchange/:academicYear/:file")
        .handler(access.require(Role.OBEC_ADMIN))
        .handler(ctx -> {
          String file = ctx.pathParam("file");
          if (!file.matches("[12]\\.zip") || !ctx.pathParam("academicYear").matches("\\d{4}")) {
            throw Problem.notFound("ROUND_NOT_FOUND", "The Exchange file is /api/v1/exchange/{academicYear}/{term}.zip.",
                "ไม่พบไฟล์ รูปแบบคือ /api/v1/exchange/{ปีการศึกษา}/{ภาคเรียน}.zip");
          }
          // The current round's file is sent in its window (step 2.2.7); an earlier closed round's stays available.
          if (exchange.isCurrent(Integer.parseInt(ctx.pathParam("academicYear")), file.charAt(0) - '0')) {
            gate.check(Action.SEND_EXCHANGE);
          }
          exchange.send(Access.principal(ctx), Integer.parseInt(ctx.pathParam("academicYear")), file.charAt(0) - '0',
                  ctx.response())
              .onFailure(e -> {
                if (ctx.response().headWritten()) ctx.response().reset();
                else ctx.fail(e);
              });
        });
  }
}
