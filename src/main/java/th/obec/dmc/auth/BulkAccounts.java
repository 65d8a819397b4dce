package th.obec.dmc.auth;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import th.obec.dmc.kernel.Problem;
import th.obec.dmc.sheet.CellError;
import th.obec.dmc.sheet.CellErrors;
import th.obec.dmc.sheet.RowValidator;
import th.obec.dmc.sheet.SheetLimits;
import th.obec.dmc.sheet.SheetSpec;
import th.obec.dmc.sheet.SheetUpload;
import th.obec.dmc.sheet.TemplateWriter;
import th.obec.dmc.sheet.WorkbookFile;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Many accounts from one workbook (username, role, school or area code), all or none. The answer is a
 * workbook with each account's initial password: the only place those passwords ever appear, since
 * only their hashes are stored. Each must be changed at first login.
 */
public final class BulkAccounts {
  static final int MAX_ROWS = 2_000;

  private record Wanted(int row, String username, Role role, String schoolCode, String areaCode) {}

  private final UserService service;
  private final SheetSpec input;
  private final SheetSpec issued;

  public BulkAccounts(UserService service, SheetSpec input, SheetSpec issued) {
    this.service = service;
    this.input = input;
    this.issued = issued;
  }

  /**
   * Nothing is created when a username is taken. The answer names only the taken accounts the caller may manage
   * (OBEC any, an area office its own schools'); the rest are a count, so a workbook of guesses cannot list who
   * has an account elsewhere in the country.
   */
  private <T> Future<T> refuseTaken(Principal actor, List<UserRepository.Taken> taken) {
    Future<Set<String>> ownSchools = actor.role() == Role.OBEC_ADMIN ? Future.succeededFuture(null)
        : service.registry().schoolCodesOfArea(actor.areaCode()).map(Set::copyOf);
    return ownSchools.compose(schools -> {
      List<String> named = taken.stream()
          .filter(t -> schools == null || t.schoolCode() != null && schools.contains(t.schoolCode()))
          .map(UserRepository.Taken::username).toList();
      int elsewhere = taken.size() - named.size();
      String more = elsewhere == 0 ? "" : " and " + elsewhere + " more that cannot be used";
      String moreTh = elsewhere == 0 ? "" : " และอีก " + elsewhere + " ชื่อที่ไม่สามารถใช้ได้";
      return Future.failedFuture(new Problem(409, "USERNAME_TAKEN", "Conflict",
          "These usernames are already taken; nothing was created: " + named + more + ".",
          "ชื่อผู้ใช้ต่อไปนี้มีอยู่แล้ว ระบบยังไม่สร้างบัญชีใด ๆ: " + named + moreTh,
          new JsonObject().put("usernames", new JsonArray(named)).put("takenElsewhere", elsewhere)));
    });
  }

  public Future<WorkbookFile> create(Principal actor, SheetUpload upload) {
    return service.workers().sheets(actor.username(), () -> read(upload))
        .compose(wanted -> checkScopes(actor, wanted).map(wanted))
        .compose(wanted -> service.repository().taken(wanted.stream().map(Wanted::username).toList())
            .compose(taken -> taken.isEmpty() ? Future.succeededFuture(wanted) : refuseTaken(actor, taken)))
        .compose(wanted -> {
          List<String> passwords = wanted.stream().map(w -> Passwords.random()).toList();
          return hashAll(passwords).compose(hashes -> {
            List<UserRepository.NewAccount> accounts = new ArrayList<>();
            for (int i = 0; i < wanted.size(); i++) {
              Wanted w = wanted.get(i);
              accounts.add(new UserRepository.NewAccount(w.username(), hashes.get(i), w.role(), w.schoolCode(),
                  w.areaCode()));
            }
            return service.repository().insertMany(accounts, actor.username());
          }).compose(v -> service.audit().record(actor, actor.username(), "user.bulk_created", null,
                  actor.areaCode(), new JsonObject().put("usernames",
                      new JsonArray(wanted.stream().map(Wanted::username).toList()))))
              .compose(v -> service.workers().continuing(() -> workbook(wanted, passwords)));
        });
  }

  /** The hashes in order, in two jobs so that both hashing threads work and the queue is not flooded. */
  private Future<List<String>> hashAll(List<String> passwords) {
    int half = (passwords.size() + 1) / 2;
    List<String> first = passwords.subList(0, half);
    List<String> second = passwords.subList(half, passwords.size());
    Future<List<String>> a = service.workers().hashing(() -> first.stream().map(PasswordHasher::hash).toList());
    Future<List<String>> b = service.workers().hashing(() -> second.stream().map(PasswordHasher::hash).toList());
    return Future.all(a, b).map(v -> {
      List<String> all = new ArrayList<>(a.result());
      all.addAll(b.result());
      return all;
    });
  }

  private List<Wanted> read(SheetUpload upload) {
    RowValidator validator = new RowValidator(input);
    CellErrors errors = new CellErrors();
    List<Wanted> wanted = new ArrayList<>();
    Map<String, Integer> firstRow = new HashMap<>();
    upload.read(input, SheetLimits.DEFAULT.withMaxRows(MAX_ROWS), raw -> {
      int before = errors.size();
      String[] v = validator.validate(raw, errors);
      if (errors.size() > before) return;
      String username = v[input.indexOf("username")].toLowerCase();
      Role role = Role.fromWire(v[input.indexOf("role")]).orElseThrow();
      String school = v[input.indexOf("school_code")];
      String area = v[input.indexOf("area_code")];
      var schoolColumn = input.column("school_code").orElseThrow();
      var areaColumn = input.column("area_code").orElseThrow();
      if (role.scope() == Role.Scope.SCHOOL && school == null) {
        errors.add(CellError.of(raw, schoolColumn, null, "REQUIRED", "a school account needs the school code.",
            "บัญชีของโรงเรียนต้องระบุรหัสโรงเรียน"));
        return;
      }
      if (role.scope() == Role.Scope.AREA && area == null) {
        errors.add(CellError.of(raw, areaColumn, null, "REQUIRED", "an area account needs the area code.",
            "บัญชีของ สพท. ต้องระบุรหัส สพท."));
        return;
      }
      Integer earlier = firstRow.putIfAbsent(username, raw.rowNumber());
      if (earlier != null) {
        errors.add(CellError.of(raw, input.column("username").orElseThrow(), username, "DUPLICATE_IN_FILE",
            "the username is already on row " + earlier + ".", "ชื่อผู้ใช้ซ้ำกับแถวที่ " + earlier));
        return;
      }
      wanted.add(new Wanted(raw.rowNumber(), username, role, role.scope() == Role.Scope.SCHOOL ? school : null,
          role.scope() == Role.Scope.AREA ? area : null));
    });
    if (!errors.isEmpty()) {
      JsonArray listed = new JsonArray();
      errors.detailed().forEach(e -> listed.add(e.toJson()));
      throw Problem.unprocessable("INVALID_ROWS",
          errors.size() + " problem(s) in the file; no account was created. Fix the rows listed and upload again.",
          "พบข้อผิดพลาด " + errors.size() + " รายการ ระบบยังไม่สร้างบัญชีใด ๆ กรุณาแก้ไขแถวที่ระบุแล้วส่งใหม่",
          new JsonObject().put("errorCount", errors.size()).put("errors", listed));
    }
    if (wanted.isEmpty()) {
      throw Problem.unprocessable("NO_ROWS", "The file has a header but no accounts.",
          "ไฟล์มีแต่หัวตาราง ไม่มีรายการบัญชี", null);
    }
    return wanted;
  }

  /** Every school must exist (and be in an area office's own area); every area must exist. */
  private Future<Void> checkScopes(Principal actor, List<Wanted> wanted) {
    Set<String> schools = new LinkedHashSet<>();
    Set<String> areas = new LinkedHashSet<>();
    for (Wanted w : wanted) {
      if (actor.role() != Role.OBEC_ADMIN && w.role().scope() != Role.Scope.SCHOOL) {
        return service.checkScope(actor, w.role(), w.schoolCode(), w.areaCode());
      }
      if (w.schoolCode() != null) schools.add(w.schoolCode());
      if (w.areaCode() != null) areas.add(w.areaCode());
    }
    return service.registry().areasOf(schools).compose(found -> {
      List<String> unknown = schools.stream().filter(s -> !found.containsKey(s)).toList();
      if (!unknown.isEmpty()) {
        throw Problem.unprocessable("UNKNOWN_SCHOOL", "No school has these codes: " + unknown + ".",
            "ไม่พบโรงเรียนรหัสต่อไปนี้ในทะเบียน: " + unknown, null);
      }
      if (actor.role() == Role.AREA_STAFF) {
        List<String> foreign = schools.stream().filter(s -> !found.get(s).equals(actor.areaCode())).toList();
        if (!foreign.isEmpty()) {
          throw Problem.forbidden("OUT_OF_SCOPE", "These schools are not in your area: " + foreign + ".",
              "โรงเรียนต่อไปนี้ไม่อยู่ในสังกัดของ สพท. ของคุณ: " + foreign);
        }
      }
      Future<Void> checked = Future.succeededFuture();
      for (String area : areas) {
        checked = checked.compose(v -> service.checkScope(actor, Role.AREA_STAFF, null, area));
      }
      return checked;
    });
  }

  private WorkbookFile workbook(List<Wanted> wanted, List<String> passwords) {
    List<String[]> rows = new ArrayList<>();
    for (int i = 0; i < wanted.size(); i++) {
      Wanted w = wanted.get(i);
      rows.add(new String[] {w.username(), w.role().wire(), w.schoolCode(), w.areaCode(), passwords.get(i)});
    }
    return TemplateWriter.filled(issued, rows, "accounts-created.xlsx", "บัญชีผู้ใช้ที่สร้าง.xlsx");
  }
}
