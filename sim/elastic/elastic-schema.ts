/**
 * The `backend: { kind: elasticsearch }` section (decisions 04, 05, 06, 10).
 * Defaults cite their source and version: reference/facts.md §3 and §6 where
 * the value is there, else the Elasticsearch reference page (8.13) that
 * states it. A few costs no vendor publishes are marked "assumption", with
 * what they were calibrated against.
 */
import { z } from 'zod';
import { byteRate, duration, parseDuration, parseSize, share, size } from '../config/units.ts';

const ES_DOCS = 'https://www.elastic.co/guide/en/elasticsearch/reference/8.13';
const dur = (text: string, description: string) =>
  duration().default(parseDuration(text)).describe(description);
const bytes = (text: string, description: string) => size().default(parseSize(text)).describe(description);
const fraction = (value: number, description: string) => share().default(value).describe(description);

export const elasticSchema = z
  .strictObject({
    kind: z
      .literal('elasticsearch')
      .describe(
        'An Elasticsearch-style cluster: coordinating nodes route documents by hash to primary shards and their replicas on data nodes.',
      ),
    data_nodes: z
      .int()
      .positive()
      .default(3)
      .describe('Data nodes (each also coordinates and runs ingest pipelines). Default 3.'),
    node: z
      .strictObject({
        cores: z
          .int()
          .positive()
          .default(8)
          .describe(
            `Allocated processors per data node; the write thread pool has this many threads. Default 8 (${ES_DOCS}/modules-threadpool.html: write pool size = allocated processors).`,
          ),
        heap: bytes(
          '26GiB',
          'JVM heap per node. Default 26GiB (≤ 50 % of RAM, ideally ≤ about 26 GB; facts.md §3, ES 7.11 advanced-configuration).',
        ),
        disk: bytes(
          '1.9TB',
          'Disk per data node. Default 1.9TB (a 64 GB hot node at the 1:30 RAM:disk ratio; facts.md §3, Elastic AutoOps).',
        ),
        disk_medium: z
          .enum(['gp3', 'st1', 'nvme'])
          .default('gp3')
          .describe(
            "What the data disk is, for the bill: EBS gp3 (SSD, hot), st1 (throughput HDD) or the instance's NVMe (in its hourly price). Default gp3.",
          ),
        index_bytes_per_core: byteRate()
          .default(7.4 * 1048576)
          .describe(
            'Indexing throughput per core, bytes. Default 7.4MiB/s (derived: 14 MiB/s on 1.9 vCPU; facts.md §6a, seq-db benchmark of ES).',
          ),
        index_docs_per_core: z
          .number()
          .positive()
          .default(15_650)
          .describe(
            'Indexing throughput per core, documents per second. Default 15650 (derived: 375,676 docs/s on 3 data nodes × 8 vCPU, Elasticsearch 8.9.1, Rally http_logs, no replica; facts.md §6a, Aliyun performance test; tests/calibration/elastic-indexing.test.ts). The seq-db figure (110k logs/s on 1.9 vCPU) would give 57,900: it is 3.7× the cluster benchmark and left out (docs/calibration.md).',
          ),
        bulk_overhead: dur(
          '1ms',
          'Fixed CPU of one shard-level bulk operation on a node (one write thread). Default 1ms (assumption: the p50 bulk latency of 41 ms over 2000 documents in facts.md §6a is mostly per-document work).',
        ),
      })
      .prefault({})
      .describe('One data node.'),
    coordinating: z
      .strictObject({
        nodes: z
          .int()
          .nonnegative()
          .default(0)
          .describe(
            'Dedicated coordinating-only nodes the clients send their bulks to; they hold each bulk until it is answered (indexing pressure on their heap). Default 0: the data nodes coordinate.',
          ),
        heap: bytes('26GiB', 'JVM heap per coordinating node. Default 26GiB, as a data node.'),
      })
      .prefault({})
      .describe('Coordinating-only nodes (node.roles: []).'),
    master_nodes: z
      .int()
      .nonnegative()
      .default(0)
      .describe(
        `Dedicated master-eligible nodes (node.roles: [master]); billed, not simulated (cluster state is not modelled). Default 0: the data nodes are master-eligible, as in a small cluster; Elastic advises three dedicated masters for larger ones (${ES_DOCS}/modules-node.html#dedicated-master-node).`,
      ),
    indexing_pressure: z
      .strictObject({
        memory_limit: fraction(
          0.1,
          'indexing_pressure.memory.limit: bytes of indexing work a node holds (coordinating + primary + replica) past which it refuses new bulks with 429; replica work is refused past 1.5 × it. Default 10 % of the heap (elastic/elasticsearch IndexingPressure.java; docs "Indexing pressure", 8.x).',
        ),
      })
      .prefault({})
      .describe('Indexing pressure: the heap bytes a node lets bulks hold.'),
    index: z
      .strictObject({
        number_of_shards: z
          .int()
          .positive()
          .max(1024)
          .default(1)
          .describe(
            'Primary shards, fixed at index creation; at most 1024. Default 1 (5 before 7.0; facts.md §3, ES 8.13 index-modules).',
          ),
        number_of_replicas: z
          .int()
          .nonnegative()
          .default(1)
          .describe('Replica copies of each primary. Default 1 (facts.md §3, ES 8.13 index-modules).'),
        routing: z
          .enum(['_id', 'service', 'host'])
          .default('_id')
          .describe(
            'What `_routing` is: the auto-generated _id (documents spread over every shard), or a custom value (every document of a service or host lands on one shard: hot shards). Default _id (facts.md §3, mapping-routing-field).',
          ),
        wait_for_active_shards: z
          .int()
          .positive()
          .default(1)
          .describe(
            `Copies of a shard that must be active before a write starts (it still goes to every in-sync copy). Default 1 (${ES_DOCS}/docs-index_.html#index-wait-for-active-shards).`,
          ),
        refresh_interval: dur(
          '1s',
          'How often new documents become searchable. Default 1s (facts.md §3, index-modules).',
        ),
        translog_durability: z
          .enum(['request', 'async'])
          .default('request')
          .describe(
            `request: the translog is fsynced before every bulk is acknowledged; async: every sync_interval, so a crash loses what was acknowledged since. Default request (${ES_DOCS}/index-modules-translog.html).`,
          ),
        translog_sync_interval: dur(
          '5s',
          `How often an async translog is fsynced. Default 5s (${ES_DOCS}/index-modules-translog.html).`,
        ),
        pattern: z
          .enum(['rollover', 'daily'])
          .default('rollover')
          .describe(
            'rollover: a data stream whose write index ILM rolls over (see rollover); daily: one index per day of @timestamp (logs-YYYY.MM.DD, the Logstash pattern). Either way a query over a range touches the shards of every index, and can-match skips those whose time range misses it. Default rollover.',
          ),
        rollover: z
          .strictObject({
            max_age: dur(
              '30d',
              'Roll over once the write index is this old. Default 30d (the built-in logs@lifecycle policy; facts.md §3).',
            ),
            max_primary_shard_size: bytes(
              '50GB',
              'Roll over once the largest primary shard of the write index is this large. Default 50gb (logs@lifecycle; facts.md §3).',
            ),
            max_docs: z
              .int()
              .positive()
              .optional()
              .describe('Roll over once the write index holds this many documents. Default: no limit.'),
          })
          .prefault({})
          .describe('The rollover conditions of the data stream (pattern: rollover); any one triggers it.'),
        mode: z
          .enum(['standard', 'logsdb'])
          .optional()
          .describe(
            'Index mode. logsdb: no stored _source (synthesised from doc values), index sorted by host and @timestamp, ZSTD — about 0.24 of a standard index (facts.md §3, Elastic LogsDB benchmarks); the default of logs-* data streams from Elasticsearch 9.2. Default standard, with a warning.',
          ),
        codec: z
          .enum(['default', 'best_compression'])
          .default('default')
          .describe(
            'Stored-field compression: default (LZ4) or best_compression (DEFLATE), which cuts the index 15–25 %. Default default (facts.md §3, Elastic blog "storage: the true story", ES 2.0).',
          ),
      })
      .prefault({})
      .describe(
        'The log indices: every index (daily, or a backing index of the data stream) is created with these settings.',
      ),
    ilm: z
      .strictObject({
        warm: z
          .strictObject({
            min_age: duration().describe(
              'Age since rollover at which an index enters this phase (facts.md §3: min_age counts from rollover).',
            ),
            nodes: z
              .int()
              .positive()
              .describe('Nodes of the warm tier (billed; their disks bound what the tier holds).'),
            disk: bytes(
              '10TB',
              'Disk per warm node. Default 10TB (a 64 GB warm node at the 1:160 RAM:disk ratio; facts.md §3, Elastic AutoOps).',
            ),
            disk_medium: z
              .enum(['gp3', 'st1', 'nvme'])
              .default('st1')
              .describe("What the warm nodes' disks are, for the bill. Default st1."),
          })
          .optional()
          .describe(
            'The warm phase: every copy of the index moves to the warm nodes (migrate), if they have room under the low watermark.',
          ),
        cold: z
          .strictObject({
            min_age: duration().describe(
              'Age since rollover at which an index enters this phase (facts.md §3: min_age counts from rollover).',
            ),
            nodes: z
              .int()
              .positive()
              .describe('Nodes of the cold tier (billed; their disks bound what the tier holds).'),
            disk: bytes(
              '19TB',
              'Disk per cold node. Default 19TB (a 64 GB cold node at 1:300; facts.md §3).',
            ),
            disk_medium: z
              .enum(['gp3', 'st1', 'nvme'])
              .default('st1')
              .describe("What the cold nodes' disks are, for the bill. Default st1."),
          })
          .optional()
          .describe(
            'The cold phase: a searchable snapshot, fully mounted: one copy on the cold nodes (no replicas), the snapshot in the repository.',
          ),
        frozen: z
          .strictObject({
            min_age: duration().describe(
              'Age since rollover at which an index enters this phase (facts.md §3: min_age counts from rollover).',
            ),
            nodes: z
              .int()
              .positive()
              .describe('Nodes of the frozen tier (billed; their disks bound what the tier holds).'),
            disk: bytes(
              '4TB',
              'Disk per frozen node, its shared cache (the larger of 90 % and disk − 100 GB; facts.md §3). Default 4TB.',
            ),
            disk_medium: z
              .enum(['gp3', 'st1', 'nvme'])
              .default('gp3')
              .describe("What the frozen nodes' disks are, for the bill. Default gp3."),
          })
          .optional()
          .describe(
            'The frozen phase: partially mounted: the bytes stay in the snapshot repository, the frozen nodes keep a shared cache.',
          ),
        delete: z
          .strictObject({
            min_age: duration().describe(
              'Age since rollover at which the index (and its searchable snapshot) is deleted.',
            ),
          })
          .optional()
          .describe(
            'The delete phase. Absent: indices are kept forever (the bill then keeps pricing.object_storage.retention).',
          ),
        snapshot_medium: z
          .string()
          .default('s3-standard')
          .describe(
            'The object-storage class of the snapshot repository (searchable snapshots). Default s3-standard.',
          ),
      })
      .optional()
      .describe(
        "An ILM policy over the data tiers (decision 07): hot is the data nodes; warm, cold, frozen and delete by min_age since rollover. Planned over a long horizon at the step of one index, from the run's store rate; billed by tier.",
      )
      .superRefine((ilm, ctx) => {
        if (ilm === undefined) return;
        let last = 0;
        for (const name of ['warm', 'cold', 'frozen', 'delete'] as const) {
          const phase = ilm[name];
          if (phase === undefined) continue;
          if (phase.min_age < last)
            ctx.addIssue({
              code: 'custom',
              path: [name, 'min_age'],
              message: `expected a min_age no earlier than the phase before it (${last / 86_400e6} d): ILM runs the phases in order`,
            });
          last = phase.min_age;
        }
      }),
    ilm_poll_interval: dur(
      '10m',
      'How often ILM checks the rollover conditions (indices.lifecycle.poll_interval). Default 10m (facts.md §3).',
    ),
    search: z
      .strictObject({
        threads: z
          .int()
          .positive()
          .optional()
          .describe(
            `Search thread pool size per node. Default int(3 × cores ÷ 2) + 1 (${ES_DOCS}/modules-threadpool.html; 8.18 the same).`,
          ),
        queue_size: z
          .int()
          .nonnegative()
          .default(1000)
          .describe(
            `Shard-level search requests waiting per node; beyond it a request is rejected (429) and the next copy is tried. Default 1000 (${ES_DOCS}/modules-threadpool.html).`,
          ),
        pre_filter_shard_size: z
          .int()
          .positive()
          .default(128)
          .describe(
            `Above this many target shards, a can-match round first skips shards whose @timestamp range misses the query's. Default 128 (${ES_DOCS}/search-search.html).`,
          ),
        replica_selection: z
          .enum(['adaptive', 'round_robin'])
          .default('adaptive')
          .describe(
            `Which copy of a shard a search goes to: adaptive (the copy whose node has the fewest search requests outstanding, the main term of adaptive replica selection, on by default since 7.0) or round_robin. Default adaptive (${ES_DOCS}/search-shard-routing.html).`,
          ),
        size: z
          .int()
          .nonnegative()
          .default(10)
          .describe(`Hits a needle search returns and fetches. Default 10 (${ES_DOCS}/search-search.html).`),
      })
      .prefault({})
      .describe('The search path: thread pools, can-match, copy selection, hits.'),
    documents: z
      .enum(['string', 'map'])
      .default('map')
      .describe(
        "string: each line is one raw `message` (parsed at read with runtime fields, CPU per query); map: lines are parsed at write (ingest pipeline) into typed fields, one per key of a service's `fields:` (CPU per line at ingest, type conflicts rejected). Default map.",
      ),
    parse_cost: dur(
      '20us',
      'CPU per line of an ingest pipeline that parses a line into fields (documents: map), paid once, on the node holding the primary (replicas receive the parsed document). Default 20us (assumption: a grok/dissect pipeline costs about as much as indexing the document, 17 µs per document per core in facts.md §6a).',
    ),
    mapping: z
      .strictObject({
        dynamic: z
          .enum(['true', 'false', 'strict', 'runtime'])
          .default('true')
          .describe(
            `What a new key does: true maps it (a field), runtime maps it as a runtime field (counts toward the limit, not indexed), false keeps it in _source only, strict rejects the document. Default true (${ES_DOCS}/dynamic.html).`,
          ),
        total_fields_limit: z
          .int()
          .positive()
          .default(1000)
          .describe(
            'index.mapping.total_fields.limit: a document that would add fields past it is rejected (400). Default 1000 (facts.md §3, mapping-settings-limit).',
          ),
      })
      .prefault({})
      .describe('The index mapping.'),
    write_queue_size: z
      .int()
      .positive()
      .default(10_000)
      .describe(
        `Write thread pool queue per node, in shard-level bulk operations; beyond it bulks get 429 es_rejected_execution_exception. Default 10000 (${ES_DOCS}/modules-threadpool.html).`,
      ),
    existing_shard_copies: z
      .int()
      .nonnegative()
      .default(0)
      .describe(
        'Shard copies other indices already hold in the cluster (older daily indices, other data streams): they count toward max_shards_per_node. Default 0.',
      ),
    max_shards_per_node: z
      .int()
      .positive()
      .default(1000)
      .describe(
        `cluster.max_shards_per_node: creating an index that would exceed it × data nodes is refused. Default 1000 (${ES_DOCS}/modules-cluster.html#cluster-max-shards-per-node; facts.md §3 AWS variant).`,
      ),
    disk_watermarks: z
      .strictObject({
        low: fraction(
          0.85,
          `No new shard copies are allocated to a node above it. Default 85 % (${ES_DOCS}/modules-cluster.html#disk-based-shard-allocation).`,
        ),
        high: fraction(
          0.9,
          'Shards are moved away above it; the flood-stage block is released below it. Default 90 % (same page).',
        ),
        flood_stage: fraction(
          0.95,
          'Above it the index is made read-only (index.blocks.read_only_allow_delete): writes get 429 until usage falls below high. Default 95 % (same page).',
        ),
      })
      .prefault({})
      .describe('Disk-based shard allocation watermarks.'),
    recovery: z
      .strictObject({
        delayed_timeout: dur(
          '1m',
          `A lost replica is re-allocated to another node after this long (the node may come back). Default 1m (index.unassigned.node_left.delayed_timeout, ${ES_DOCS}/delayed-allocation.html).`,
        ),
        max_bytes_per_sec: byteRate()
          .default(40e6)
          .describe(
            `Recovery traffic per shard copy. Default 40mb/s (indices.recovery.max_bytes_per_sec, ${ES_DOCS}/recovery.html).`,
          ),
      })
      .prefault({})
      .describe('Replica recovery after a node loss.'),
  })
  .describe('An Elasticsearch-style backend.');

export type ElasticSpec = z.infer<typeof elasticSchema>;
