/**
 * Alertmanager's label-set fingerprint: FNV-1a 64 over the label names in sorted order, each name
 * and value followed by the byte 0xFF. The same labels give the same id here, in Alertmanager and
 * in PagerDuty's `dedup_key`.
 */
import { guarded } from './guard.ts'

const offset = 0xcbf29ce484222325n
const prime = 0x100000001b3n
const mask = 0xffffffffffffffffn
const encoder = new TextEncoder()

function mix(hash: bigint, bytes: Uint8Array): bigint {
  let h = hash
  for (const byte of bytes) h = ((h ^ BigInt(byte)) * prime) & mask
  return ((h ^ 0xffn) * prime) & mask
}

/** The fingerprint of `labels` as 16 lower-case hex digits. */
export function fingerprint(labels: Readonly<Record<string, string>>): string {
  return guarded(
    'fingerprint',
    undefined,
    () => {
      let hash = offset
      for (const name of Object.keys(labels).sort()) {
        hash = mix(hash, encoder.encode(name))
        hash = mix(hash, encoder.encode(labels[name]!))
      }
      return hash.toString(16).padStart(16, '0')
    },
    () => offset.toString(16),
  )
}
