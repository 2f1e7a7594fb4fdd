/**
 * The verification stamp in notebook metadata (engine/stamp.py), read on
 * the client: a stamp is fresh while the code cells are the ones that ran.
 */
import { sha256Hex } from './sha256';

/**
 * The metadata key of the stamp.
 */
export const STAMP_KEY = 'jupyterlab_promote';

/**
 * A cell that failed or differed in the stamped run.
 */
export interface IStampFailure {
  cell_id: string | null;
  cell_index?: number;
  status: 'error' | 'differs';
  reason: string;
}

/**
 * What a clean re-run stamped into `metadata.jupyterlab_promote`.
 */
export interface IVerifyStamp {
  verified_at: string;
  score: number;
  passed: boolean;
  source_hash: string;
  python?: string | null;
  packages?: Record<string, string>;
  kernel?: string;
  duration?: number;
  failures?: IStampFailure[];
}

/**
 * Where the notebook's verification stands: `verified` (fresh and passed),
 * `failed` (fresh, failed), `stale` (code changed since), or `null` (never
 * verified).
 */
export type VerificationState = 'verified' | 'failed' | 'stale' | null;

/**
 * The hash the stamp keeps: sha256 of the code cells' sources as the JSON
 * list Python's `json.dumps(sources, ensure_ascii=False)` writes.
 */
export function sourceHash(sources: ReadonlyArray<string>): string {
  // JSON.stringify escapes a string as json.dumps does with
  // ensure_ascii=False; only the list separator (", ") differs.
  return sha256Hex(`[${sources.map(s => JSON.stringify(s)).join(', ')}]`);
}

/**
 * The sources of the code cells, in order.
 */
export function codeSources(
  cells: ReadonlyArray<{ cell_type: string; getSource(): string }>
): string[] {
  return cells.filter(c => c.cell_type === 'code').map(c => c.getSource());
}

/**
 * The stamp in notebook metadata when it has the expected shape, else null.
 */
export function readStamp(metadata: unknown): IVerifyStamp | null {
  if (typeof metadata !== 'object' || metadata === null) {
    return null;
  }
  const stamp = (metadata as Record<string, unknown>)[STAMP_KEY];
  if (typeof stamp !== 'object' || stamp === null) {
    return null;
  }
  const { source_hash, passed } = stamp as Record<string, unknown>;
  if (typeof source_hash !== 'string' || typeof passed !== 'boolean') {
    return null;
  }
  return stamp as IVerifyStamp;
}

/**
 * The verification state of a notebook from its metadata and code sources.
 */
export function verificationState(
  metadata: unknown,
  sources: ReadonlyArray<string>
): VerificationState {
  const stamp = readStamp(metadata);
  if (!stamp) {
    return null;
  }
  if (stamp.source_hash !== sourceHash(sources)) {
    return 'stale';
  }
  return stamp.passed ? 'verified' : 'failed';
}
