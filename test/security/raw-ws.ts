import WebSocket from 'ws';

export interface ProtocolMessage {
  type: string;
  id?: string;
  payload?: unknown;
}

export interface ErrorPayloadItem {
  message: string;
  extensions?: { code?: string };
}

/**
 * A graphql-transport-ws client without any retry or hiding: every server message is kept, and the
 * close code is observable, so tests can assert exactly what the server did.
 */
export class RawSocket {
  readonly messages: ProtocolMessage[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  private readonly waiters: (() => void)[] = [];

  private constructor(readonly socket: WebSocket) {
    this.closed = new Promise((resolve) => {
      socket.on('close', (code, reason) => {
        resolve({ code, reason: reason.toString() });
        this.wake();
      });
    });
    socket.on('message', (data: Buffer) => {
      this.messages.push(JSON.parse(data.toString('utf8')) as ProtocolMessage);
      this.wake();
    });
    socket.on('error', () => undefined);
  }

  static async open(url: string, headers: Record<string, string> = {}): Promise<RawSocket> {
    const socket = new WebSocket(url, 'graphql-transport-ws', { headers });
    const raw = new RawSocket(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    return raw;
  }

  /** Opens and sends connection_init; resolves once acknowledged (or the socket closed). */
  static async connect(url: string, params: Record<string, unknown> = {}): Promise<RawSocket> {
    const raw = await RawSocket.open(url);
    raw.send({ type: 'connection_init', payload: params });
    await raw.until((m) => m.type === 'connection_ack');
    return raw;
  }

  get isOpen(): boolean {
    return this.socket.readyState === WebSocket.OPEN;
  }

  send(message: ProtocolMessage | string): void {
    this.socket.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  subscribe(id: string, query: string, variables?: Record<string, unknown>): void {
    this.send({ type: 'subscribe', id, payload: { query, variables } });
  }

  /** Resolves with the first message matching, or undefined when the socket closes or time runs out. */
  async until(
    match: (message: ProtocolMessage) => boolean,
    timeoutMs = 10_000,
  ): Promise<ProtocolMessage | undefined> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.find(match);
      if (found) return found;
      if (this.socket.readyState === WebSocket.CLOSED || Date.now() > deadline) return undefined;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(1, deadline - Date.now()));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** The error payload answering subscription `id`. */
  async errorsFor(id: string): Promise<ErrorPayloadItem[]> {
    const message = await this.until(
      (m) => m.id === id && (m.type === 'error' || m.type === 'next'),
    );
    if (!message)
      throw new Error(`no answer for ${id}; messages: ${JSON.stringify(this.messages)}`);
    if (message.type === 'error') return message.payload as ErrorPayloadItem[];
    return (message.payload as { errors?: ErrorPayloadItem[] }).errors ?? [];
  }

  close(): void {
    this.socket.close();
  }

  private wake(): void {
    for (const waiter of this.waiters.splice(0)) waiter();
  }
}
