package dev.portcullis.adapter.memory.secret;

import dev.portcullis.adapter.memory.InMemoryTransactions;
import dev.portcullis.application.secret.port.out.SecretStore;
import dev.portcullis.application.shared.Page;
import dev.portcullis.domain.shared.SealedValue;
import dev.portcullis.domain.secret.SecretMetadata;
import dev.portcullis.domain.secret.SecretName;
import dev.portcullis.domain.secret.SecretRecord;
import dev.portcullis.domain.secret.SecretVersion;
import dev.portcullis.domain.shared.TenantId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.IntFunction;

/** Secrets in memory ({@code dev} mode, fast tests). One lock for the whole store keeps every operation atomic. */
public final class InMemorySecretStore implements SecretStore {
  private record Key(TenantId tenant, SecretName name) {}

  private static final class Entry {
    final String id;
    final Instant createdAt;
    final List<SecretVersion> versions = new ArrayList<>();
    SecretMetadata metadata;
    Instant updatedAt;
    Instant deletedAt;

    Entry(String id, Instant createdAt, SecretMetadata metadata) {
      this.id = id;
      this.createdAt = createdAt;
      this.updatedAt = createdAt;
      this.metadata = metadata;
    }

    SecretRecord record(Key key) {
      return new SecretRecord(id, key.tenant(), key.name(), versions.size(), metadata, createdAt, updatedAt, Optional.ofNullable(deletedAt));
    }
  }

  private final Map<Key, Entry> entries = new HashMap<>();

  @Override
  public synchronized Write write(TenantId tenant, SecretName name, NewVersion version, OptionalInt expectedVersion, Instant now, IntFunction<SealedValue> sealer) {
    Key key = new Key(tenant, name);
    Entry found = entries.get(key);
    int next;
    switch (dev.portcullis.domain.secret.SecretWrite.decide(Optional.ofNullable(found).map(e -> e.record(key)), expectedVersion)) {
      case dev.portcullis.domain.secret.SecretWrite.Missing missing -> {
        return new Write.Missing();
      }
      case dev.portcullis.domain.secret.SecretWrite.Deleted deleted -> {
        return new Write.Deleted();
      }
      case dev.portcullis.domain.secret.SecretWrite.Conflict conflict -> {
        return new Write.Conflict(conflict.currentVersion());
      }
      case dev.portcullis.domain.secret.SecretWrite.Append append -> next = append.version();
    }
    boolean created = found == null;
    Entry entry = created ? new Entry(UUID.randomUUID().toString(), now, new SecretMetadata(version.description(), version.tags(), version.createdBy()))
        : found;
    SealedValue sealed = sealer.apply(next);
    undoable(key, entry, created);
    if (!created) {
      entry.metadata = SecretStore.merge(entry.metadata, version);
    }
    entry.versions.add(new SecretVersion(next, sealed, now, version.createdBy()));
    entry.updatedAt = now;
    entries.put(key, entry);
    return new Write.Written(entry.record(key), created);
  }

  /** Records how to put {@code entry} back as it is now (or remove it, when {@code created}) if the unit of work fails. */
  private void undoable(Key key, Entry entry, boolean created) {
    int versions = created ? 0 : entry.versions.size();
    SecretMetadata metadata = entry.metadata;
    Instant updatedAt = entry.updatedAt;
    Instant deletedAt = entry.deletedAt;
    InMemoryTransactions.undoable(() -> {
      synchronized (this) {
        if (created) {
          entries.remove(key, entry);
          return;
        }
        entries.put(key, entry);
        while (entry.versions.size() > versions) {
          entry.versions.remove(entry.versions.size() - 1);
        }
        entry.metadata = metadata;
        entry.updatedAt = updatedAt;
        entry.deletedAt = deletedAt;
      }
    });
  }

  @Override
  public synchronized Optional<SecretRecord> find(TenantId tenant, SecretName name) {
    Key key = new Key(tenant, name);
    return Optional.ofNullable(entries.get(key)).map(e -> e.record(key));
  }

  @Override
  public synchronized Optional<SecretName> nameOf(TenantId tenant, String id) {
    return entries.entrySet().stream().filter(e -> e.getKey().tenant().equals(tenant) && e.getValue().id.equals(id)).map(e -> e.getKey().name()).findFirst();
  }

  @Override
  public synchronized Optional<SecretVersion> version(TenantId tenant, SecretName name, int version) {
    Entry entry = entries.get(new Key(tenant, name));
    return entry == null || version < 1 || version > entry.versions.size() ? Optional.empty() : Optional.of(entry.versions.get(version - 1));
  }

  @Override
  public synchronized Optional<Found> findVersion(TenantId tenant, SecretName name, OptionalInt version) {
    Key key = new Key(tenant, name);
    Entry entry = entries.get(key);
    if (entry == null || entry.deletedAt != null) {
      return Optional.empty();
    }
    int wanted = version.orElse(entry.versions.size());
    return wanted < 1 || wanted > entry.versions.size() ? Optional.empty() : Optional.of(new Found(entry.record(key), entry.versions.get(wanted - 1)));
  }

  @Override
  public synchronized List<VersionInfo> versions(TenantId tenant, SecretName name) {
    Entry entry = entries.get(new Key(tenant, name));
    return entry == null ? List.of() : entry.versions.stream().map(v -> new VersionInfo(v.version(), v.createdAt(), v.createdBy())).toList();
  }

  @Override
  public synchronized Update updateMetadata(TenantId tenant, SecretName name, String description, Set<String> tags, OptionalInt expectedVersion, Instant now) {
    Key key = new Key(tenant, name);
    Entry entry = entries.get(key);
    if (entry == null || entry.deletedAt != null) {
      return new Update.Missing();
    }
    if (expectedVersion.isPresent() && expectedVersion.getAsInt() != entry.versions.size()) {
      return new Update.Conflict(entry.versions.size());
    }
    undoable(key, entry, false);
    entry.metadata = entry.metadata.with(description, tags);
    entry.updatedAt = now;
    return new Update.Updated(entry.record(key));
  }

  @Override
  public synchronized Optional<SecretRecord> softDelete(TenantId tenant, SecretName name, Instant now) {
    Key key = new Key(tenant, name);
    Entry entry = entries.get(key);
    if (entry == null || entry.deletedAt != null) {
      return Optional.empty();
    }
    undoable(key, entry, false);
    entry.deletedAt = now;
    entry.updatedAt = now;
    return Optional.of(entry.record(key));
  }

  @Override
  public synchronized Optional<SecretRecord> restore(TenantId tenant, SecretName name, Instant now) {
    Key key = new Key(tenant, name);
    Entry entry = entries.get(key);
    if (entry == null || entry.deletedAt == null) {
      return Optional.empty();
    }
    undoable(key, entry, false);
    entry.deletedAt = null;
    entry.updatedAt = now;
    return Optional.of(entry.record(key));
  }

  @Override
  public synchronized boolean purge(TenantId tenant, SecretName name) {
    Key key = new Key(tenant, name);
    Entry removed = entries.remove(key);
    if (removed != null) {
      undoable(key, removed, false);
    }
    return removed != null;
  }

  @Override
  public synchronized Page<SecretRecord> search(TenantId tenant, SecretQuery query) {
    List<SecretRecord> matching = entries.entrySet().stream()
        .filter(e -> e.getKey().tenant().equals(tenant) && e.getValue().deletedAt == null)
        .filter(e -> query.prefix() == null || e.getKey().name().value().startsWith(query.prefix()))
        .filter(e -> query.search() == null || e.getKey().name().value().toLowerCase(Locale.ROOT).contains(query.search().toLowerCase(Locale.ROOT)))
        .filter(e -> query.tag() == null || e.getValue().metadata.tags().contains(query.tag()))
        .map(e -> e.getValue().record(e.getKey()))
        .sorted(Comparator.comparing(r -> r.name().value()))
        .toList();
    return Page.slice(matching, query.page(), query.perPage());
  }

  @Override
  public synchronized List<Wrapped> wrappedWithOtherThan(String kekId, int limit) {
    List<Wrapped> found = new ArrayList<>();
    for (Map.Entry<Key, Entry> e : entries.entrySet()) {
      for (SecretVersion v : e.getValue().versions) {
        if (found.size() < limit && !v.sealed().kekId().equals(kekId)) {
          found.add(new Wrapped(e.getKey().tenant(), e.getKey().name(), v.version(), v.sealed()));
        }
      }
    }
    return found;
  }

  @Override
  public synchronized boolean replaceWrapping(Wrapped current, SealedValue rewrapped) {
    Entry entry = entries.get(new Key(current.tenant(), current.name()));
    if (entry == null || current.version() > entry.versions.size()) {
      return false;
    }
    SecretVersion stored = entry.versions.get(current.version() - 1);
    if (!stored.sealed().kekId().equals(current.sealed().kekId())) {
      return false;
    }
    entry.versions.set(current.version() - 1, new SecretVersion(stored.version(), rewrapped, stored.createdAt(), stored.createdBy()));
    return true;
  }

  @Override
  public synchronized Map<String, Long> countByKek() {
    Map<String, Long> counts = new TreeMap<>();
    entries.values().forEach(e -> e.versions.forEach(v -> counts.merge(v.sealed().kekId(), 1L, Long::sum)));
    return counts;
  }

  @Override
  public synchronized int purgeDeletedBefore(Instant cutoff) {
    int before = entries.size();
    entries.values().removeIf(e -> e.deletedAt != null && e.deletedAt.isBefore(cutoff));
    return before - entries.size();
  }
}
