package dev.portcullis.bootstrap.config;

import java.time.Duration;

/**
 * The outbound token vault ({@code PORTCULLIS_CONNECT_*}).
 *
 * @param timeout bounds every call to a provider
 * @param refreshBuffer a stored access token with less than this left is refreshed before it is handed out
 */
public record ConnectionSettings(Duration timeout, Duration refreshBuffer) {}
