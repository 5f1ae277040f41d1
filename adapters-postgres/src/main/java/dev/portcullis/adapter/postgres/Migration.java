package dev.portcullis.adapter.postgres;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One versioned schema change: {@code V<version>__<description>.sql}, applied once, never edited. */
public record Migration(int version, String description, String sql) {
  private static final Pattern FILE_NAME = Pattern.compile("V(\\d+)__([A-Za-z0-9_]+)\\.sql");

  public Migration {
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(sql, "sql");
    if (version < 1) {
      throw new IllegalArgumentException("migration versions start at 1");
    }
  }

  /** SHA-256 of the SQL text: an applied migration whose file changed afterwards stops the start. */
  public String checksum() {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(sql.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  /**
   * The migrations listed, in order, in {@code <directory>/INDEX} on the classpath. An index file
   * (rather than a directory scan) works the same from a jar and from a build directory.
   */
  public static List<Migration> fromClasspath(String directory) {
    List<Migration> migrations = new ArrayList<>();
    for (String line : read(directory + "/INDEX").split("\n")) {
      String name = line.strip();
      if (name.isEmpty() || name.startsWith("#")) {
        continue;
      }
      Matcher m = FILE_NAME.matcher(name);
      if (!m.matches()) {
        throw new IllegalStateException("migration file name must look like V1__description.sql: " + name);
      }
      int version = Integer.parseInt(m.group(1));
      if (version != migrations.size() + 1) {
        throw new IllegalStateException("migrations must be numbered 1, 2, 3 ... without gaps; found " + name);
      }
      migrations.add(new Migration(version, m.group(2).replace('_', ' '), read(directory + "/" + name)));
    }
    return List.copyOf(migrations);
  }

  private static String read(String resource) {
    try (InputStream in = Migration.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing classpath resource " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
