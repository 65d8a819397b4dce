package th.obec.dmc.sheet;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A1 references read without overflow. */
class CellRefTest {
  @Test
  void columnsRowsAndLetters() {
    assertEquals(0, CellRef.column("A1", 16_384));
    assertEquals(27, CellRef.column("AB12", 16_384));
    assertEquals(16_384, CellRef.column("ZZZZZZZZZZ1", 16_384), "capped, never overflowing");
    assertEquals(-1, CellRef.column("12", 16_384));
    assertEquals(12, CellRef.row("AB12"));
    assertEquals(-1, CellRef.row("AB"));
    assertEquals(-1, CellRef.row("A1234567890"));
    assertEquals("A", CellRef.letters(0));
    assertEquals("Z", CellRef.letters(25));
    assertEquals("AA", CellRef.letters(26));
    assertEquals("XFD", CellRef.letters(16_383));
  }
}
