package dev.portcullis.bootstrap;

/** The version in the jar manifest, or {@code dev} when running from a build directory. */
public final class Version {
  private Version() {}

  public static String current() {
    String version = Version.class.getPackage().getImplementationVersion();
    return version == null ? "dev" : version;
  }
}
