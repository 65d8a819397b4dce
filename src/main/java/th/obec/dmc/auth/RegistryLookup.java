package th.obec.dmc.auth;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import io.vertx.core.Future;

import java.util.Optional;

/**
 * What accounts need to know of the registry: which area a school belongs to (to check an area
 * user's scope) and whether an area exists. The registry implements it, so auth does not depend on it.
 */
public interface RegistryLookup {
  Future<Optional<String>> areaOf(String schoolCode);

  Future<Boolean> areaExists(String areaCode);

  /** Each known school among these, with its area. */
  Future<Map<String, String>> areasOf(Collection<String> schoolCodes);

  Future<List<String>> schoolCodesOfArea(String areaCode);

  /** The school's Thai name, if the registry knows it: the pages greet a school by name. */
  Future<Optional<String>> schoolName(String schoolCode);
}
