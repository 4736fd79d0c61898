import { describe, expect, it } from 'vitest'
import { patchMethod } from './methodPatch.ts'

class Breaker {
  call() {
    return 'prototype'
  }
}

describe('patchMethod', () => {
  it('changes nothing until installed', () => {
    const b = new Breaker()
    patchMethod(b, 'call', () => 'patched')
    expect(b.call()).toBe('prototype')
    expect(Object.hasOwn(b, 'call')).toBe(false)
  })

  it('puts a prototype method back by removing the own property it added', () => {
    const b = new Breaker()
    const patch = patchMethod(b, 'call', () => 'patched')
    patch.install()
    expect(b.call()).toBe('patched')
    patch.restore()
    expect(b.call()).toBe('prototype')
    expect(Object.hasOwn(b, 'call')).toBe(false)
  })

  it('puts an own method back as it was', () => {
    const own = () => 'own'
    const b = Object.assign(new Breaker(), { call: own })
    const patch = patchMethod(b, 'call', () => 'patched')
    patch.install()
    patch.restore()
    expect(b.call).toBe(own)
  })

  it('leaves alone a method someone else replaced ours with, and restores once', () => {
    const b = new Breaker()
    const patch = patchMethod(b, 'call', () => 'patched')
    patch.install()
    const later = () => 'later'
    b.call = later
    patch.restore()
    expect(b.call).toBe(later)
  })
})
