package dev.portcullis.bench;

/** async-profiler, loaded at run time from where {@code -Dbench.asyncProfiler} says (never a build dependency). */
final class Profiler {
  private Profiler() {}

  /**
   * Drives async-profiler (Maven Central: tools.profiler:async-profiler, linux-x64 jar, unpacked) around the profiled
   * workload only, when {@code -Dbench.asyncProfiler=<unpacked dir>} names it; else does nothing.
   */
  static void command(String command) throws Exception {
    String dir = System.getProperty("bench.asyncProfiler");
    if (dir == null) {
      return;
    }
    java.nio.file.Path root = java.nio.file.Path.of(dir);
    ClassLoader loader = new java.net.URLClassLoader(new java.net.URL[] {root.toUri().toURL()}, Profiler.class.getClassLoader());
    Class<?> type = loader.loadClass("one.profiler.AsyncProfiler");
    Object instance = type.getMethod("getInstance", String.class).invoke(null, root.resolve("linux-x64/libasyncProfiler.so").toString());
    System.out.println("async-profiler: " + type.getMethod("execute", String.class).invoke(instance, command).toString().strip());
  }
}
