/**
 * Usage: what a design consumes in a billing period, before any price — the
 * input of bill.ts. Storage in GB-months (a GB is 2³⁰ bytes, as AWS bills
 * it; a month is 730 hours, AWS's monthly average), requests by kind, bytes
 * retrieved, node-hours. Each entry names the component it belongs to
 * (`chunks`, `index`, `ingester`…) and, for storage, the medium.
 */
import { US_PER_HOUR } from '../engine/time.ts';

/** A billing month, 730 h: AWS prorates GB-months and instance-hours over an average month of 730 hours. */
export const MONTH_US = 730 * US_PER_HOUR;
export const HOURS_PER_MONTH = 730;
/** Bytes in a billed GB (AWS: 2³⁰). */
export const BYTES_PER_GB = 1024 ** 3;

/** What a request does: write (PUT), read (GET), or move an object to a colder class (a lifecycle transition). */
export type RequestKind = 'put' | 'get' | 'transition';
export const REQUEST_KINDS: readonly RequestKind[] = ['put', 'get', 'transition'];

export interface StorageUse {
  readonly component: string;
  readonly medium: string;
  readonly gbMonths: number;
}

export interface RequestUse {
  readonly component: string;
  /** The class the request is billed by (for a transition: the class moved to). */
  readonly medium: string;
  readonly kind: RequestKind;
  readonly count: number;
}

export interface RetrievalUse {
  readonly component: string;
  readonly medium: string;
  readonly gb: number;
}

export interface ComputeUse {
  readonly component: string;
  /** Node-hours: nodes × hours. */
  readonly nodeHours: number;
}

/** Everything one period of a design uses. */
export interface Usage {
  readonly storage: readonly StorageUse[];
  /** Storage charged for objects that left a class before its minimum storage duration, GB-months. */
  readonly earlyDeletion: readonly StorageUse[];
  readonly requests: readonly RequestUse[];
  readonly retrieval: readonly RetrievalUse[];
  readonly compute: readonly ComputeUse[];
}

export const NO_USAGE: Usage = Object.freeze({
  storage: [],
  earlyDeletion: [],
  requests: [],
  retrieval: [],
  compute: [],
});
