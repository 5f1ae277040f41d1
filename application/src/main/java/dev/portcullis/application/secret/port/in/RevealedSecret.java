package dev.portcullis.application.secret.port.in;

import dev.portcullis.domain.secret.SecretRecord;
import dev.portcullis.domain.shared.SecretBytes;

/** A secret with one version's value, for the caller that asked to read it. */
public record RevealedSecret(SecretRecord record, int version, SecretBytes value) {}
