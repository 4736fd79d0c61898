import { describe, expect, it } from 'vitest'
import { defaultPortOf, splitHost } from './semconv.ts'

describe('URL defaults', () => {
  it('https implies port 443, with or without the colon a URL protocol carries', () => {
    expect(defaultPortOf('https')).toBe(443)
    expect(defaultPortOf('https:')).toBe(443)
  })

  it('http, any other scheme and none imply port 80', () => {
    expect(defaultPortOf('http:')).toBe(80)
    expect(defaultPortOf('ws:')).toBe(80)
    expect(defaultPortOf(undefined)).toBe(80)
  })
})

describe('splitting a host', () => {
  it('takes the port after the last colon, else the default', () => {
    expect(splitHost('example.com:8080', 80)).toEqual({ address: 'example.com', port: 8080 })
    expect(splitHost('example.com', 443)).toEqual({ address: 'example.com', port: 443 })
  })

  it('removes IPv6 brackets and keeps the colons inside them', () => {
    expect(splitHost('[::1]:9000', 80)).toEqual({ address: '::1', port: 9000 })
    expect(splitHost('[::1]', 80)).toEqual({ address: '::1', port: 80 })
  })

  it('a port that is not a positive integer falls back to the default; no host gives no address', () => {
    expect(splitHost('example.com:x', 80)).toEqual({ address: 'example.com', port: 80 })
    expect(splitHost(undefined, 80)).toEqual({ port: 80 })
  })
})
