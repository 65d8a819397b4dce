package th.obec.dmc.existence;

import java.util.List;

/** A school's rooms, with their active and answered students. */
public record SchoolRooms(String schoolCode, List<ExistenceRepository.RoomCount> rooms) {}
