/**
 * The planted-secret table: 18 secrets, each the kind of value that leaks in practice. Value
 * secrets are caught by a built-in pattern wherever they appear; key secrets are harmless-looking
 * values that only their key (`password`, `pin`, ...) marks as secret.
 */
export interface PlantedSecret {
  /** What it is (the built-in pattern or key that must catch it). */
  readonly name: string
  /** The text that must never appear in any output. */
  readonly text: string
  /** Planted as a value under this key; undefined: planted under an innocent key. */
  readonly key?: string
  /** Planted as this (a number, for numeric secrets); defaults to `text`. */
  readonly value?: string | number
}

export const PLANTED_SECRETS: readonly PlantedSecret[] = [
  { name: 'email', text: 'alice.planted@example.com' },
  { name: 'bearer token', text: 'Bearer PlantedBearer0123456789' },
  { name: 'OpenAI key', text: 'sk-proj-PlantedKey0123456789abcdefXYZ' },
  { name: 'AWS access key', text: 'AKIAPLANTED012345678' },
  { name: 'GitHub token', text: 'ghp_Planted0123456789abcdefghijABCDEFGHIJ' },
  { name: 'Slack token', text: 'xoxb-123456789012-plantedtoken' },
  { name: 'Google API key', text: 'AIzaSyPlanted0123456789abcdefghijklmnop' },
  { name: 'card number (text)', text: '4111 1111 1111 1111' },
  { name: 'card number (number)', text: '4012888888881881', value: 4012888888881881 },
  { name: 'JWT', text: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJwbGFudGVkIn0.c2lnbmF0dXJlcGxhbnRlZA' },
  { name: 'hex secret', text: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08' },
  { name: 'base64 secret', text: 'PlantedBase64Secret0123456789ABCDEFGHIJabcdefgh' },
  { name: 'password key', text: 'plain-planted-pw', key: 'password' },
  { name: 'pwd key', text: 'plain-planted-pwd', key: 'db_pwd' },
  { name: 'passphrase key', text: 'plain-planted-phrase', key: 'passphrase' },
  { name: 'api_key key', text: 'plain-planted-apikey', key: 'api_key' },
  { name: 'numeric pin', text: '482913', key: 'pin', value: 482913 },
  { name: 'token key', text: 'plain-planted-tok', key: 'access_token' },
]

/** The secret's key and value as planted in a tags or attributes object. */
export function planted(secret: PlantedSecret): [string, string | number] {
  return [secret.key ?? 'note', secret.value ?? secret.text]
}

/** The names of the secrets whose text appears in `output`. */
export function leaked(output: string): string[] {
  return PLANTED_SECRETS.filter((s) => output.includes(s.text)).map((s) => s.name)
}
