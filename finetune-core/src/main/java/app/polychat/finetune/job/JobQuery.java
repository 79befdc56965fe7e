package app.polychat.finetune.job;

import java.time.Instant;

/**
 * Filters for {@link CustomizationBackend#list}. Null fields do not filter.
 *
 * @param state only jobs in this state
 * @param nameContains only jobs whose name contains this
 * @param createdAfter only jobs created after this time
 * @param maxResults page size (1–1000)
 * @param pageToken the {@link Page#nextToken()} of the previous page, or null for the first
 */
public record JobQuery(
    JobState state, String nameContains, Instant createdAfter, int maxResults, String pageToken) {
  /**
   * Checks the page size.
   *
   * @param state only jobs in this state
   * @param nameContains only jobs whose name contains this
   * @param createdAfter only jobs created after this time
   * @param maxResults page size (1–1000)
   * @param pageToken the {@link Page#nextToken()} of the previous page, or null for the first
   * @throws IllegalArgumentException when {@code maxResults} is outside 1-1000
   */
  public JobQuery {
    if (maxResults < 1 || maxResults > 1000) {
      throw new IllegalArgumentException("maxResults must be 1-1000, was " + maxResults);
    }
  }

  /** {@return the first page of up to 50 jobs, newest first} */
  public static JobQuery firstPage() {
    return new JobQuery(null, null, null, 50, null);
  }

  /**
   * The same filters, for the page after {@code token}.
   *
   * @param token the previous page's {@link Page#nextToken()}
   * @return the query for that page
   */
  public JobQuery withPageToken(String token) {
    return new JobQuery(state, nameContains, createdAfter, maxResults, token);
  }
}
