/**
 * TEMPORARY STAND-IN, to be replaced at merge by the cluster launcher's `bench/cluster-replicas.ts` (written
 * on another branch): the signature `bench/cluster.ts` calls, extended by the fields its last line needs
 * (answeredOnce, lost, duplicates of the replicas run). It measures nothing and throws.
 */
export interface ReplicaFigures {
  replicas: number;
  updatesPerSec: number;
  p95Ms: number;
  /** Every update of the run answered exactly once (after the re-sends). */
  answeredOnce: boolean;
  lost: number;
  duplicates: number;
}

export function measureReplicas(opts: {
  databaseUrl: string;
  redisUrl: string;
  counts: number[];
}): Promise<ReplicaFigures[]> {
  void opts;
  return Promise.reject(new Error('not merged yet: bench/cluster-replicas.ts comes from the cluster branch'));
}
