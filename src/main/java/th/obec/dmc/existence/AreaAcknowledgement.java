package th.obec.dmc.existence;

/** An area's acknowledgement of its schools' data in a round. */
public record AreaAcknowledgement(String areaCode, Round round, ExistenceRepository.Acknowledgement acknowledgement) {}
