package dev.portcullis.bench;

import dev.portcullis.adapter.crypto.JcaProviders;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/** {@code bench/run.sh crypto}: the JMH benchmarks ({@link EnvelopeBenchmark}, {@link GrantCryptoBenchmark}) and their report. */
final class CryptoBench {
  private static final PrintStream out = System.out;

  private CryptoBench() {}

  /** Runs the JMH benchmarks and prints their report; returns the chosen provider's crypto-only ceilings ({@code sign}, {@code RS384}, {@code ES384}). */
  static Map<String, Double> run() throws Exception {
    JcaProviders.Active active = JcaProviders.install();
    out.println("== crypto only (JMH) ==");
    out.println("active JCA provider: " + active.description());
    Map<String, Double> scores = new HashMap<>();
    OptionsBuilder options = new OptionsBuilder();
    options.include(EnvelopeBenchmark.class.getSimpleName()).include(GrantCryptoBenchmark.class.getSimpleName());
    if (Runtime.version().feature() >= 24) {
      // unknown to JDK 21; the second lets ACCP load its native library without a warning
      options.jvmArgsAppend("--sun-misc-unsafe-memory-access=allow", "--enable-native-access=ALL-UNNAMED");
    }
    for (RunResult result : new Runner(options.build()).run()) {
      String name = result.getParams().getBenchmark().replaceAll(".*\\.", "");
      String provider = result.getParams().getParam("provider");
      scores.put(provider == null ? name : name + "/" + provider, result.getPrimaryResult().getScore());
    }
    out.printf(Locale.ROOT, "%n-- vault envelope (average time per operation, 1 thread) --%n");
    double baseline = scores.get("baselineAesGcmEncrypt");
    for (String name : List.of("baselineAesGcmEncrypt", "seal", "open", "rewrap")) {
      out.printf(Locale.ROOT, "%-24s %9.2f us/op   %6.1f x baseline%n", name, scores.get(name), scores.get(name) / baseline);
    }
    return grantCrypto(active, scores);
  }

  /**
   * GrantCryptoBenchmark: ops/s per provider, cost in baselines, and the chosen provider's gain. JMH runs
   * every (method, provider) pair in a JVM of its own, one after the other; the baseline does not depend on
   * the provider, so its spread over its three JVMs shows how much the shared machine moved during the run.
   */
  private static Map<String, Double> grantCrypto(JcaProviders.Active active, Map<String, Double> scores) {
    List<String> providers = List.of("jdk", "bc", "chosen");
    Map<String, Double> baselines = opsPerProvider(scores, "baselineSha256OfAnAccessToken", providers);
    double[] sorted = baselines.values().stream().mapToDouble(Double::doubleValue).sorted().toArray();
    double baseline = sorted[1];
    out.printf(Locale.ROOT, "%n-- client_credentials crypto ceiling (throughput, 2 threads; each row and provider in its own JVM) --%n");
    out.printf(Locale.ROOT, "jdk = the JDK's providers (SunEC, SunRsaSign); bc = BouncyCastle first; chosen = %s%n", active.description());
    out.printf(Locale.ROOT, "baseline = SHA-256 of an access token (SUN provider): median %.0f ops/s of its 3 JVMs (spread %.0f..%.0f = the machine's noise)%n",
        baseline, sorted[0], sorted[2]);
    out.printf(Locale.ROOT, "x base = cost of one operation in baselines; chosen/jdk, chosen/bc = ops/s ratios%n");
    out.printf(Locale.ROOT, "%-40s %21s %21s %21s %10s %10s%n", "operation", "jdk  ops/s  x base", "bc  ops/s  x base", "chosen  ops/s  x base",
        "chosen/jdk", "chosen/bc");
    Map<String, Map<String, Double>> rows = new java.util.LinkedHashMap<>();
    rows.put("verify client assertion RS384", opsPerProvider(scores, "verifyAssertionRs384", providers));
    rows.put("verify client assertion ES384", opsPerProvider(scores, "verifyAssertionEs384", providers));
    rows.put("read client assertion RS384 (no verify)", opsPerProvider(scores, "parseAssertionRs384", providers));
    rows.put("sign access token ES256", opsPerProvider(scores, "signAccessTokenEs256", providers));
    rows.put("grant ceiling RS384 (verify + sign)", ceiling(rows.get("verify client assertion RS384"), rows.get("sign access token ES256")));
    rows.put("grant ceiling ES384 (verify + sign)", ceiling(rows.get("verify client assertion ES384"), rows.get("sign access token ES256")));
    Map<String, Double> chosenCeilings = Map.of("sign", rows.get("sign access token ES256").get("chosen"),
        "RS384", rows.get("grant ceiling RS384 (verify + sign)").get("chosen"), "ES384", rows.get("grant ceiling ES384 (verify + sign)").get("chosen"));
    rows.forEach((label, ops) -> {
      StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-40s", label));
      for (String provider : providers) {
        line.append(String.format(Locale.ROOT, " %12.0f %7.0fx", ops.get(provider), baseline / ops.get(provider)));
      }
      line.append(String.format(Locale.ROOT, " %9.2fx %9.2fx", ops.get("chosen") / ops.get("jdk"), ops.get("chosen") / ops.get("bc")));
      out.println(line);
    });
    return chosenCeilings;
  }

  private static Map<String, Double> opsPerProvider(Map<String, Double> scores, String benchmark, List<String> providers) {
    Map<String, Double> ops = new HashMap<>();
    providers.forEach(p -> ops.put(p, scores.get(benchmark + "/" + p)));
    return ops;
  }

  /** Grants per second if the CPU did nothing but one verification and one signature per grant. */
  private static Map<String, Double> ceiling(Map<String, Double> verify, Map<String, Double> sign) {
    Map<String, Double> ops = new HashMap<>();
    verify.forEach((p, v) -> ops.put(p, 1 / (1 / v + 1 / sign.get(p))));
    return ops;
  }
}
