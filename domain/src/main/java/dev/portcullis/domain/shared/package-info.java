/**
 * The shared kernel: value types every bounded context may use. JDK only (enforced by ArchUnit).
 */
package dev.portcullis.domain.shared;
