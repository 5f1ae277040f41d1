package dev.portcullis.bootstrap.config;

import java.time.Duration;

/**
 * How nodes hear of changes to what they cache (the invalidation log in Postgres, rung through Redis).
 *
 * @param poll how often each node reads the log ({@code PORTCULLIS_INVALIDATION_POLL_MS})
 * @param maxStaleness how old a node's last read may be before it stops answering from caches
 *     ({@code PORTCULLIS_INVALIDATION_MAX_STALENESS_SECONDS}): the bound on how long a node cut off from
 *     Postgres may still honour a revoked credential
 */
public record InvalidationSettings(Duration poll, Duration maxStaleness) {}
