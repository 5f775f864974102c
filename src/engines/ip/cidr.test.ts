import { describe, expect, it } from 'vitest';
import { cidrContainsIp, cidrWithin, isAnywhere, parseCidr, parseIp } from './cidr.js';

describe('parseIp', () => {
  it.each([
    ['10.0.0.1', 4, 0x0a000001n],
    ['255.255.255.255', 4, 0xffffffffn],
    ['::1', 6, 1n],
    ['::ffff:10.0.0.1', 6, 0xffff0a000001n],
    ['2001:db8::', 6, 0x20010db8n << 96n],
  ])('%s', (text, family, value) => {
    expect(parseIp(text)).toEqual({ family, value });
  });
  it.each(['256.0.0.1', '10.0.0', '1::2::3', '12345::', 'host', '10.0.0.1 ', ''])('rejects %j', (text) => {
    expect(parseIp(text)).toBeUndefined();
  });
});

describe('parseCidr', () => {
  it.each([
    ['10.0.0.0/8', 4, 0x0a000000n, 8, false],
    ['10.0.0.1/8', 4, 0x0a000000n, 8, true],
    ['0.0.0.0/0', 4, 0n, 0, false],
    ['fe80::/10', 6, 0xfe80n << 112n, 10, false],
  ])('%s', (text, family, base, prefix, hostBits) => {
    expect(parseCidr(text)).toEqual({ family, base, prefix, hostBits });
  });
  it.each(['10.0.0.0', '10.0.0.0/33', '::/129', '10.0.0.0/x'])('rejects %j', (text) => {
    expect(parseCidr(text)).toBeUndefined();
  });
});

describe('containment', () => {
  const c = (s: string) => parseCidr(s)!;
  it.each([
    ['10.0.0.0/8', '10.255.0.1', true],
    ['10.0.0.0/8', '11.0.0.1', false],
    ['10.0.0.0/8', '::a00:1', false],
    ['::/0', '::1', true],
  ])('%s holds %s: %s', (block, ip, want) => {
    expect(cidrContainsIp(c(block), parseIp(ip)!)).toBe(want);
  });
  it.each([
    ['10.1.0.0/16', '10.0.0.0/8', true],
    ['10.0.0.0/8', '10.1.0.0/16', false],
    ['10.0.0.0/8', '::/0', false],
  ])('%s within %s: %s', (inner, outer, want) => {
    expect(cidrWithin(c(inner), c(outer))).toBe(want);
  });
  it('anywhere', () => {
    expect(isAnywhere(c('0.0.0.0/0'))).toBe(true);
    expect(isAnywhere(c('10.0.0.0/8'))).toBe(false);
  });
});
