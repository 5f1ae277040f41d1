package dev.portcullis.application.shared;

import java.util.List;
import java.util.function.Function;

/** One page of a listing; {@code page} counts from 1. */
public record Page<T>(List<T> items, int page, int perPage, long total) {
  public static final int MAX_PER_PAGE = 100;

  public Page {
    items = List.copyOf(items);
  }

  public long totalPages() {
    return total == 0 ? 0 : (total + perPage - 1) / perPage;
  }

  public <R> Page<R> map(Function<T, R> mapper) {
    return new Page<>(items.stream().map(mapper).toList(), page, perPage, total);
  }

  /** Validates paging input: page ≥ 1, per_page 1..100. */
  public static void check(int page, int perPage) {
    if (page < 1) {
      throw new IllegalArgumentException("page must be 1 or more");
    }
    if (perPage < 1 || perPage > MAX_PER_PAGE) {
      throw new IllegalArgumentException("per_page must be between 1 and " + MAX_PER_PAGE);
    }
  }
}
