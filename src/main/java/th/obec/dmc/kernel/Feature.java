package th.obec.dmc.kernel;

import io.vertx.ext.web.Router;

/**
 * One feature of the product as the composition root sees it: built from what it needs, it mounts its
 * own routes. The root holds a list of these and no feature logic.
 */
public interface Feature {
  void mount(Router router);
}
