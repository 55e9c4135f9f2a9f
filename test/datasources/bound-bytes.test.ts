import { describe, expect, it } from 'vitest';
import { boundBytes } from '../../datasources/cassandra/client';

describe('boundBytes (the batch size estimate of a write)', () => {
  it('counts strings by their UTF-8 bytes plus a cell each', () => {
    expect(boundBytes('abc')).toBe(3 + 20);
    expect(boundBytes('é')).toBe(2 + 20);
  });

  it('weighs an encoded value by its length, not byte by byte as an object', () => {
    expect(boundBytes(Buffer.alloc(1_000))).toBe(1_000 + 20);
  });

  it('adds up the items of lists and the fields of objects', () => {
    expect(boundBytes(['ab', 'cd'])).toBe(20 + 2 * (2 + 20));
    expect(boundBytes({ code: 'x', impact: 0.5 })).toBe(20 + (1 + 20) + (20 + 8));
  });
});
