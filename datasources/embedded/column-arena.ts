/** One slab of an arena, seen through a view of every element type the columns use. */
export interface Slab {
  readonly f64: Float64Array;
  readonly f32: Float32Array;
  readonly u32: Uint32Array;
  readonly i32: Int32Array;
  readonly i16: Int16Array;
  readonly i8: Int8Array;
}

/** Addresses are slab index × STRIDE + byte offset in the slab (exact in a double up to 2^21 slabs). */
const STRIDE = 2 ** 32;

/**
 * Memory for many small blocks of typed columns: a few large slabs, handed out as regions rounded
 * up to a size class (at most 1/8 above the request); a freed region goes to the next request of
 * its class. A typed array per block would cost an allocation each (about 20 µs with V8's
 * external-memory accounting, which also triggers full collections) and ~200 bytes of buffer and
 * view objects, which at hundreds of thousands of series is more than the data.
 */
export class ColumnArena {
  private readonly slabs: Slab[] = [];
  /** The slab regions are cut from, and the bytes already cut from it. */
  private current = -1;
  private top = 0;
  private readonly freed = new Map<number, number[]>();

  constructor(private readonly slabBytes = 4 << 20) {}

  /** A region of at least `bytes` (8-byte aligned); `sizeClass(bytes)` bytes are usable. */
  allocate(bytes: number): number {
    const size = sizeClass(bytes);
    const reused = this.freed.get(size)?.pop();
    if (reused !== undefined) return reused;
    if (size > this.slabBytes) {
      this.slabs.push(newSlab(size));
      return (this.slabs.length - 1) * STRIDE;
    }
    if (this.current < 0 || this.top + size > this.slabBytes) {
      this.slabs.push(newSlab(this.slabBytes));
      this.current = this.slabs.length - 1;
      this.top = 0;
    }
    const address = this.current * STRIDE + this.top;
    this.top += size;
    return address;
  }

  /** Gives back a region allocated for `bytes`. */
  free(address: number, bytes: number): void {
    const size = sizeClass(bytes);
    const list = this.freed.get(size);
    if (list) list.push(address);
    else this.freed.set(size, [address]);
  }

  slab(address: number): Slab {
    return this.slabs[Math.floor(address / STRIDE)]!;
  }

  /** Bytes held in slabs (used, free and not yet cut). */
  get reservedBytes(): number {
    return this.slabs.reduce((sum, s) => sum + s.f64.byteLength, 0);
  }
}

/** Byte offset of an address in its slab. */
export function offsetOf(address: number): number {
  return address % STRIDE;
}

/** Bytes a request of `bytes` occupies: 64 at least, else rounded up to an eighth of its power of two. */
export function sizeClass(bytes: number): number {
  if (bytes <= 64) return 64;
  const unit = 2 ** (Math.floor(Math.log2(bytes - 1)) - 3);
  return Math.ceil(bytes / unit) * unit;
}

function newSlab(bytes: number): Slab {
  const buffer = new ArrayBuffer(bytes);
  return {
    f64: new Float64Array(buffer),
    f32: new Float32Array(buffer),
    u32: new Uint32Array(buffer),
    i32: new Int32Array(buffer),
    i16: new Int16Array(buffer),
    i8: new Int8Array(buffer),
  };
}
