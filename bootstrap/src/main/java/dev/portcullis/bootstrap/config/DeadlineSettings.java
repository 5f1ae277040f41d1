package dev.portcullis.bootstrap.config;

import java.time.Duration;

/**
 * How long anything may take before the caller gets a 503 instead of a hang.
 *
 * @param request no request outlives it ({@code PORTCULLIS_REQUEST_TIMEOUT_MS})
 * @param postgresQuery every statement, and waiting for a pooled connection ({@code PORTCULLIS_PG_QUERY_TIMEOUT_MS})
 */
public record DeadlineSettings(Duration request, Duration postgresQuery) {}
