package dev.portcullis.adapter.http.connection;

import dev.portcullis.application.connection.port.in.DeleteProvider;
import dev.portcullis.application.connection.port.in.GetProvider;
import dev.portcullis.application.connection.port.in.ListProviders;
import dev.portcullis.application.connection.port.in.RegisterProvider;
import dev.portcullis.application.connection.port.in.UpdateProvider;
import jakarta.inject.Inject;

/** The provider use cases {@code /v1/tenants/{tenant}/providers} drives, injected together. */
public record ProviderUseCases(RegisterProvider register, ListProviders list, GetProvider get, UpdateProvider update, DeleteProvider delete) {
  @Inject
  public ProviderUseCases {
  }
}
