import { createHash } from 'node:crypto';
import {
  print,
  subscribe,
  type ExecutionArgs,
  type ExecutionResult,
  type FormattedExecutionResult,
} from 'graphql';

/** Where a group writes a prebuilt frame; false when the socket could not take it (and was closed). */
export interface FrameSink {
  /**
   * A complete WebSocket text frame (header and the graphql-ws `next` message), shared by every
   * socket it is written to.
   */
  write(frame: Buffer): boolean;
}

/** An unmasked, final WebSocket text frame (RFC 6455 §5.2) around a UTF-8 message. */
export function textFrame(message: string): Buffer {
  const body = Buffer.from(message, 'utf8');
  const length = body.length;
  const header =
    length < 126 ? Buffer.alloc(2) : length < 65_536 ? Buffer.alloc(4) : Buffer.alloc(10);
  header[0] = 0x81;
  if (length < 126) {
    header[1] = length;
  } else if (length < 65_536) {
    header[1] = 126;
    header.writeUInt16BE(length, 2);
  } else {
    header[1] = 127;
    header.writeBigUInt64BE(BigInt(length), 2);
  }
  return Buffer.concat([header, body]);
}

/** The part of a TCP socket (net.Socket) a CorkedWriter uses. */
export interface CorkableSocket {
  cork(): void;
  uncork(): void;
  write(data: Buffer): boolean;
}

/**
 * Writes frames to corked sockets and uncorks them in a later turn of the event loop, so the frames
 * of one turn (a Kafka batch's alerts, published together) reach each socket in one write. The
 * sockets are uncorked `chunk` at a time, yielding to the event loop in between (setImmediate): I/O
 * such as the next Kafka fetch is handled during a long fan-out, and frames written meanwhile join
 * the sockets still waiting (one write for both) instead of queueing behind the whole fan-out;
 * a socket already uncorked in this round is corked again and uncorked in the next round.
 */
export class CorkedWriter<S extends CorkableSocket = CorkableSocket> {
  private readonly corked = new Set<S>();
  /** The round being uncorked, and how far it got. */
  private flushing: S[] = [];
  private flushed = 0;
  /** Sockets corked since the round started. */
  private waiting: S[] = [];
  private scheduled = false;

  constructor(private readonly chunk = 512) {}

  write(socket: S, frame: Buffer): void {
    if (!this.corked.has(socket)) {
      socket.cork();
      this.corked.add(socket);
      this.waiting.push(socket);
      this.schedule();
    }
    socket.write(frame);
  }

  /** Sockets holding frames not yet written out. */
  get pending(): number {
    return this.corked.size;
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(this.flush);
  }

  private readonly flush = (): void => {
    this.scheduled = false;
    if (this.flushed === this.flushing.length) {
      this.flushing = this.waiting;
      this.waiting = [];
      this.flushed = 0;
    }
    const end = Math.min(this.flushing.length, this.flushed + this.chunk);
    while (this.flushed < end) {
      const socket = this.flushing[this.flushed++]!;
      this.corked.delete(socket);
      socket.uncork();
    }
    if (this.flushed < this.flushing.length || this.waiting.length > 0) this.schedule();
  };
}

/** One subscriber: the socket it writes to and the start of its frames (`{"id":…,"type":"next","payload":`). */
interface Member {
  sink: FrameSink;
  prefix: string;
  finish(error?: unknown): void;
}

interface Group {
  key: string;
  members: Set<Member>;
  stop(): void;
}

export interface FanoutStats {
  groups: number;
  members: number;
  /** Events executed and serialised (once per group). */
  events: number;
  /** Frames written (once per member per event). */
  deliveries: number;
}

/**
 * Shares subscription execution: subscribers with the same document, variables and role join one
 * group; each event is executed and serialised once for the group and written to every member's
 * socket as a prebuilt frame (`prefix + payload + '}'`). A member whose socket refuses a frame (its
 * send buffer is full) is dropped without delaying the others. Operations with a `since` replay
 * are not shared, since each subscriber's replay starts at its own moment.
 */
export class SubscriptionFanout {
  private readonly groups = new Map<string, Group>();
  readonly stats: FanoutStats = { groups: 0, members: 0, events: 0, deliveries: 0 };

  constructor(private readonly format: (result: ExecutionResult) => FormattedExecutionResult) {}

  /** Group key: document text, variables and role; undefined = this operation is not shared. */
  keyOf(args: ExecutionArgs, role: string): string | undefined {
    const text = print(args.document);
    const variables = JSON.stringify(args.variableValues ?? {});
    if (/\bsince\b/.test(text) || variables.includes('"since"')) return undefined;
    return createHash('sha256')
      .update(text)
      .update('\0')
      .update(variables)
      .update('\0')
      .update(role)
      .update('\0')
      .update(args.operationName ?? '')
      .digest('base64url');
  }

  /**
   * Joins (or starts) the group for `key`. Returns an async iterator that yields nothing — frames go
   * straight to the sink — and ends when the source ends or `return()` is called (client complete,
   * socket closed); graphql-ws then sends `complete` as usual.
   */
  async join(
    key: string,
    args: ExecutionArgs,
    id: string,
    sink: FrameSink,
  ): Promise<AsyncGenerator<ExecutionResult> | ExecutionResult> {
    let group = this.groups.get(key);
    if (!group) {
      const source = await subscribe(args);
      if (!(Symbol.asyncIterator in source)) return source;
      group = this.startGroup(key, source);
    }
    return this.addMember(group, sink, `{"id":${JSON.stringify(id)},"type":"next","payload":`);
  }

  private startGroup(key: string, source: AsyncGenerator<ExecutionResult>): Group {
    const members = new Set<Member>();
    const group: Group = {
      key,
      members,
      stop: () => {
        void source.return(undefined);
      },
    };
    this.groups.set(key, group);
    this.stats.groups++;
    void (async () => {
      let failure: unknown;
      try {
        for await (const result of source) {
          const payload = JSON.stringify(this.format(result));
          this.stats.events++;
          // Members with the same subscription id (the usual case: clients number from 1) share
          // one encoded frame; only a different id costs another concatenation and encoding.
          const frames = new Map<string, Buffer>();
          for (const member of members) {
            let frame = frames.get(member.prefix);
            if (!frame) {
              frame = textFrame(`${member.prefix}${payload}}`);
              frames.set(member.prefix, frame);
            }
            if (member.sink.write(frame)) this.stats.deliveries++;
            else member.finish();
          }
          if (members.size === 0) break;
        }
      } catch (error) {
        failure = error;
      } finally {
        if (this.groups.get(key) === group) this.groups.delete(key);
        this.stats.groups--;
        for (const member of [...members]) member.finish(failure);
      }
    })();
    return group;
  }

  private addMember(
    group: Group,
    sink: FrameSink,
    prefix: string,
  ): AsyncGenerator<ExecutionResult> {
    let settle: ((error?: unknown) => void) | undefined;
    const ended = new Promise<void>((resolve, reject) => {
      settle = (error) => (error === undefined ? resolve() : reject(toError(error)));
    });
    let done = false;
    const member: Member = {
      sink,
      prefix,
      finish: (error) => {
        if (done) return;
        done = true;
        group.members.delete(member);
        this.stats.members--;
        if (group.members.size === 0) {
          if (this.groups.get(group.key) === group) this.groups.delete(group.key);
          group.stop();
        }
        settle?.(error);
      },
    };
    group.members.add(member);
    this.stats.members++;
    const iterator: AsyncGenerator<ExecutionResult> = {
      next: async () => {
        await ended;
        return { done: true, value: undefined };
      },
      return: () => {
        member.finish();
        return Promise.resolve({ done: true, value: undefined });
      },
      throw: (error: unknown) => {
        member.finish();
        return Promise.reject(toError(error));
      },
      [Symbol.asyncIterator]() {
        return iterator;
      },
    };
    return iterator;
  }
}

function toError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
