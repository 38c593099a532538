// The Microsoft clouds a customer tenant can live in, as the edit dialog offers them.
import type { Cloud } from '../../bindings/Cloud';

export interface CloudOption {
  value: Cloud;
  label: string;
}

export const CLOUD_OPTIONS: readonly CloudOption[] = [
  { value: 'commercial', label: 'Commercial' },
  { value: 'gcc', label: 'GCC' },
  { value: 'gccHigh', label: 'GCC High' },
  { value: 'dod', label: 'DoD' },
  { value: 'china', label: 'China (21Vianet)' },
];
