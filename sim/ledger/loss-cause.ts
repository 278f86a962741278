/**
 * Why a line never reached the backend. Every loss in a run carries one of
 * these names; the report lists lines by cause, never an anonymous "lost".
 * Rate and stream limits are not here: Loki answers them with a retryable 429,
 * so their lines end delivered later or lost as retry_exhausted.
 */
export const LOSS_CAUSES = {
  dropped_when_full: 'the agent buffer was full and the policy dropped the line',
  sampled_head: 'a head sampler dropped the line at emit, before it was written',
  retry_exhausted: 'the agent gave up on a batch after its retry budget',
  rejected_non_retryable: 'the backend refused the batch with a non-retryable 4xx',
  rotated_before_read: 'the log file rotated away before the agent read the line',
  copytruncate_race: 'copytruncate rotation truncated lines written between copy and truncate',
  agent_crash_unacked:
    'the agent crashed after committing the offset on read, before the backend acknowledged',
  app_queue_full: "the application's asynchronous logger queue overflowed",
  disk_full: 'the host disk was full when the line had to be written',
  rejected_line_too_long: 'the backend refused the line: longer than the maximum line size',
  rejected_too_many_labels: 'the backend refused the line: too many label names',
  rejected_out_of_order: "the backend refused the line: older than the stream's out-of-order window",
  rejected_too_old: 'the backend refused the line: older than the maximum sample age',
  lost_ingester_crash: 'an ingester crashed holding the only unflushed copies',
  mapping_field_limit:
    'Elasticsearch refused the document (400): its new keys would take the mapping past index.mapping.total_fields.limit',
  mapping_strict: 'Elasticsearch refused the document (400): a new key under dynamic: strict',
  mapping_type_conflict:
    'Elasticsearch refused the document (400 mapper_parsing_exception): a field with the wrong type',
  rejected_max_shards:
    'Elasticsearch refused to create the index (400): it would exceed cluster.max_shards_per_node',
  lost_translog_async:
    'an Elasticsearch node crashed before fsyncing its async translog, holding the only copy of acknowledged documents',
} as const;

export type LossCause = keyof typeof LOSS_CAUSES;
