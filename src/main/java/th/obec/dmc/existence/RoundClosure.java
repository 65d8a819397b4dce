package th.obec.dmc.existence;

/** A round's closure: who closed it, when, and the students it counted. */
public record RoundClosure(Round round, ExistenceRepository.Closure closure) {}
