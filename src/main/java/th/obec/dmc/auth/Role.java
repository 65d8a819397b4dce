package th.obec.dmc.auth;

import java.util.Arrays;
import java.util.Optional;

/** Who a user is in the round. A school role belongs to one school, an area role to one area. */
public enum Role {
  SCHOOL_STAFF("school_staff", "เจ้าหน้าที่โรงเรียน", Scope.SCHOOL),
  SCHOOL_DIRECTOR("school_director", "ผู้อำนวยการโรงเรียน", Scope.SCHOOL),
  AREA_STAFF("area_staff", "เจ้าหน้าที่ สพท.", Scope.AREA),
  OBEC_ADMIN("obec_admin", "ผู้ดูแลระบบ สพฐ.", Scope.NATIONAL);

  public enum Scope { SCHOOL, AREA, NATIONAL }

  private final String wire;
  private final String nameTh;
  private final Scope scope;

  Role(String wire, String nameTh, Scope scope) {
    this.wire = wire;
    this.nameTh = nameTh;
    this.scope = scope;
  }

  public String wire() { return wire; }
  public String nameTh() { return nameTh; }
  public Scope scope() { return scope; }

  public static Optional<Role> fromWire(String text) {
    return Arrays.stream(values()).filter(r -> r.wire.equals(text)).findFirst();
  }
}
