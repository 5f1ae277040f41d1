package dev.portcullis.application.secret.port.in;

import dev.portcullis.domain.secret.SecretRecord;

/** A saved version: the new state, and whether the secret was created by this save. */
public record Written(SecretRecord record, boolean created) {}
