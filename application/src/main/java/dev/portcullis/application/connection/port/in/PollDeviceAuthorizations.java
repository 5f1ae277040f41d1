package dev.portcullis.application.connection.port.in;

/** Polls due RFC 8628 device authorizations (a background job on every node; each is polled by one): how many were polled. */
public interface PollDeviceAuthorizations {
  int poll();
}
