package dev.portcullis.adapter.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class MigrationTest {

  @Test
  void every_sql_file_in_the_migration_folder_is_listed_in_the_index() throws IOException, URISyntaxException {
    Path folder = Path.of(getClass().getClassLoader().getResource(PgMigrations.PORTCULLIS + "/INDEX").toURI()).getParent();
    List<String> files;
    try (Stream<Path> listing = Files.list(folder)) {
      files = listing.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".sql")).sorted().toList();
    }

    List<Migration> indexed = Migration.fromClasspath(PgMigrations.PORTCULLIS);

    assertThat(indexed).hasSameSizeAs(files);
    assertThat(indexed.get(0).version()).isEqualTo(1);
  }

  @Test
  void the_checksum_changes_when_the_sql_changes() {
    assertThat(new Migration(1, "a", "SELECT 1").checksum()).isNotEqualTo(new Migration(1, "a", "SELECT 2").checksum());
  }
}
