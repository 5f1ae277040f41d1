package dev.portcullis.adapter.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Lua scripts kept in a resource file beside the adapter, one after each {@code -- script: <name>} line. */
public final class LuaScripts {
  private static final String MARKER = "-- script: ";

  private LuaScripts() {}

  public static Map<String, String> load(Class<?> owner, String resource) {
    String text;
    try (InputStream in = owner.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource + " beside " + owner.getSimpleName());
      }
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, String> scripts = new LinkedHashMap<>();
    String name = null;
    StringBuilder body = new StringBuilder();
    for (String line : text.split("\n", -1)) {
      if (line.startsWith(MARKER)) {
        if (name != null) {
          scripts.put(name, body.toString().strip());
        }
        name = line.substring(MARKER.length()).strip();
        body.setLength(0);
      } else if (name != null) {
        body.append(line).append('\n');
      }
    }
    if (name != null) {
      scripts.put(name, body.toString().strip());
    }
    return Map.copyOf(scripts);
  }
}
