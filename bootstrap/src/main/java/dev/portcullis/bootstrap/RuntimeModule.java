package dev.portcullis.bootstrap;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

/** The Vert.x instance every adapter shares; the lifecycle closes it last. */
final class RuntimeModule extends AbstractModule {
  @Provides
  @Singleton
  Vertx vertx() {
    return Vertx.vertx(new VertxOptions().setPreferNativeTransport(false));
  }
}
