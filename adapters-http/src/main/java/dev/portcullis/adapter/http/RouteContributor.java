package dev.portcullis.adapter.http;

/** A capability's endpoints. Bound into a Guice set; the HTTP server registers every contributor. */
public interface RouteContributor {
  void register(Routes routes);
}
