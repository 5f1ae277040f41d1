package dev.portcullis.adapter.http;

/** Facts about this deployment that the API reports (never secrets). */
public record ServiceInfo(String version, String mode, String issuer) {}
