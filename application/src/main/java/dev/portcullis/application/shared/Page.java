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

  /**
   * How many items precede {@code page}: computed in {@code long}, because {@code (page - 1) * perPage}
   * overflows an {@code int} for large page numbers (a page past the end is simply empty).
   */
  public static long offset(int page, int perPage) {
    return (long) (page - 1) * perPage;
  }

  /** The items of {@code page} out of all {@code matching} items (in order); empty past the end. */
  public static <T> Page<T> slice(List<T> matching, int page, int perPage) {
    int from = (int) Math.min(offset(page, perPage), matching.size());
    int to = (int) Math.min((long) from + perPage, matching.size());
    return new Page<>(matching.subList(from, to), page, perPage, matching.size());
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
