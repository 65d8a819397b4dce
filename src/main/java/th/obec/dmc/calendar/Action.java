package th.obec.dmc.calendar;

/** What a user can do in the round, and the phase of the calendar that governs it. */
public enum Action {
  ENTER_BUILDINGS("BOBEC_ENTRY", "record building data", "บันทึกข้อมูลอาคารและสิ่งก่อสร้าง"),
  UPDATE_STUDENTS("DMC_UPDATE", "update student records", "ปรับปรุงข้อมูลนักเรียนรายบุคคล"),
  MONITOR_DATA("DMC_MONITOR", "monitor the schools' data", "ติดตามตรวจสอบข้อมูลของโรงเรียน"),
  CONFIRM_EXISTENCE("DMC_CONFIRM", "confirm the existence of students", "ยืนยันการมีตัวตนของนักเรียน"),
  CERTIFY_EXISTENCE("DMC_CERTIFY", "certify the existence of students", "รับรองการมีตัวตนของนักเรียน"),
  ACKNOWLEDGE_AREA("AREA_ACKNOWLEDGE", "acknowledge the schools' reports", "รับทราบการรายงานข้อมูล"),
  CLOSE_ROUND("DMC_CLOSE", "close the round", "ปิดระบบ DMC เพื่อประมวลผล"),
  SEND_EXCHANGE("EXCHANGE_SEND", "send data to the Exchange system", "ส่งข้อมูลเข้าระบบ Exchange"),
  PROMOTE_STUDENTS("YEAR_END_PROMOTION", "promote students to the next grade", "เลื่อนชั้นนักเรียน");

  private final String phaseCode;
  private final String nameEn;
  private final String nameTh;

  Action(String phaseCode, String nameEn, String nameTh) {
    this.phaseCode = phaseCode;
    this.nameEn = nameEn;
    this.nameTh = nameTh;
  }

  public String phaseCode() { return phaseCode; }
  public String nameEn() { return nameEn; }
  public String nameTh() { return nameTh; }
}
