package th.obec.dmc.existence;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import th.obec.dmc.kernel.Json;
import th.obec.dmc.kernel.Problem;
import th.obec.dmc.sheet.CellTypes;
import th.obec.dmc.sheet.ColumnSpec;
import th.obec.dmc.sheet.RowValidator;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** One existence request of a school: everyone still unanswered, one room, or individual answers. */
sealed interface AnswerRequest permits AnswerRequest.All, AnswerRequest.Room, AnswerRequest.Answers {
  int MAX_ANSWERS = 5000;

  /** Everyone of the school still unanswered, marked present. */
  record All() implements AnswerRequest {}

  /** Everyone of one room still unanswered, marked present. */
  record Room(String grade, String room) implements AnswerRequest {}

  /** Individual answers, each student at most once. */
  record Answers(List<Answer> answers) implements AnswerRequest {}

  /** A student present, or not present with a reason (a code of templates/existence.json). */
  record Answer(String studentId, boolean present, String reason) {}

  /** The longest student ID or reason text taken before it is looked up (IDs are 13, reasons' labels shorter). */
  int MAX_TEXT = 100;

  /**
   * The request's body read and checked; a Problem names what is wrong, in Thai and English. Every text is
   * checked for control characters and length before anything else, so a value no column can hold is the
   * sender's 422 here and never reaches (and fails) a batch shared with other schools.
   */
  static AnswerRequest of(JsonObject body, ColumnSpec gradeColumn, ColumnSpec roomColumn, ColumnSpec reasonColumn) {
    if (Boolean.TRUE.equals(body.getValue("all"))) return new All();
    if (body.getValue("grade") != null || body.getValue("room") != null) {
      // Checked as sent: Json.requiredText's trim would drop a NUL at either end unseen.
      if (body.getValue("grade") instanceof String sent) plain("grade", sent, MAX_TEXT);
      if (body.getValue("room") instanceof String sent) plain("room", sent, roomColumn.maxLength());
      String grade = RowValidator.code(gradeColumn, Json.requiredText(body, "grade"));
      if (grade == null) {
        throw Problem.unprocessable("UNKNOWN_GRADE", "No grade is called " + body.getValue("grade") + ".",
            "ไม่มีชั้น " + body.getValue("grade"), null);
      }
      return new Room(grade, Json.requiredText(body, "room"));
    }
    if (!(body.getValue("answers") instanceof JsonArray list) || list.isEmpty() || list.size() > MAX_ANSWERS) {
      throw Problem.badRequest("INVALID_EXISTENCE_REQUEST",
          "Send {\"answers\": [{\"studentId\", \"present\", \"reason\"}]} (1 to " + MAX_ANSWERS
              + "), {\"all\": true} or {\"grade\", \"room\"}.",
          "รูปแบบคำขอไม่ถูกต้อง: ส่งรายการ answers (1-" + MAX_ANSWERS + " คน) หรือ all หรือ grade กับ room");
    }
    List<Answer> answers = new ArrayList<>(list.size());
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      JsonObject a = list.getValue(i) instanceof JsonObject o ? o : new JsonObject();
      if (a.getValue("studentId") instanceof String text) plain("answers[" + i + "].studentId", text, MAX_TEXT);
      if (a.getValue("reason") instanceof String text) plain("answers[" + i + "].reason", text, MAX_TEXT);
      String id = a.getValue("studentId") instanceof String text ? CellTypes.personId(text) : null;
      if (id == null || !(a.getValue("present") instanceof Boolean present)) {
        throw Problem.unprocessable("INVALID_ANSWER", "Answer " + (i + 1) + " needs a studentId and present: true or false.",
            "รายการที่ " + (i + 1) + " ต้องมี studentId และ present (true หรือ false)", null);
      }
      if (!seen.add(id)) {
        throw Problem.unprocessable("DUPLICATE_STUDENT", "Student " + id + " is answered twice in one request.",
            "นักเรียน " + id + " ถูกส่งซ้ำในคำขอเดียวกัน", null);
      }
      // Any code, Thai label or alias of templates/existence.json's reasons; stored as the code.
      String reason = a.getValue("reason") instanceof String r ? RowValidator.code(reasonColumn, r) : null;
      if (!present && reason == null) {
        List<String> allowed = reasonColumn.codes().stream().map(o -> o.code() + " (" + o.labelTh() + ")").toList();
        throw Problem.unprocessable("REASON_REQUIRED", "Student " + id + " is not present: the reason must be one of "
            + allowed + ".", "นักเรียน " + id + " ไม่มีตัวตน ต้องระบุเหตุผลเป็นค่าใดค่าหนึ่งใน " + allowed, null);
      }
      answers.add(new Answer(id, present, present ? null : reason));
    }
    return new Answers(List.copyOf(answers));
  }

  /**
   * The text as sent, if it has no control character (NUL among them), non-character or lone surrogate (the
   * workbooks' own rule, {@link RowValidator#badCharacter}) and is at most {@code max} long.
   */
  private static String plain(String field, String text, int max) {
    int bad = RowValidator.badCharacter(text);
    if (bad >= 0) {
      String hex = String.format("U+%04X", bad);
      throw Problem.unprocessable("INVALID_TEXT", "The field " + field + " holds the control character " + hex + ".",
          "ช่อง " + field + " มีอักขระควบคุมที่ไม่อนุญาต (" + hex + ")", new JsonObject().put("field", field));
    }
    if (text.length() > max) {
      throw Problem.unprocessable("TEXT_TOO_LONG", "The field " + field + " is longer than " + max + " characters.",
          "ช่อง " + field + " ยาวเกิน " + max + " ตัวอักษร", new JsonObject().put("field", field));
    }
    return text;
  }
}
