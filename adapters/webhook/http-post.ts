import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

/** What the receiver answered: its status, headers and the start of its body. */
export interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

/** Answers are kept for the attempt log as an excerpt; more than this is read and dropped. */
const KEEP_CHARS = 4096;

/**
 * The webhook's HTTP client: Node's own, over one keep-alive agent per receiver. It replaced axios here
 * because the P5 drain spent a third of the hub's CPU in axios (config merging, header normalising,
 * transforms) for what is one POST of a ready string; Node's client is what axios itself calls underneath.
 * No redirects are followed (a 3xx is an answer like any other). The hub ends a try through `signal`;
 * `timeoutMs` bounds a request only when there is no signal (a call outside the hub, such as a health check).
 */
export class WebhookClient {
  private readonly target: URL;
  private readonly agent: HttpAgent;
  private readonly send: typeof httpRequest;

  constructor(url: string) {
    this.target = new URL(url);
    const secure = this.target.protocol === 'https:';
    this.agent = secure ? new HttpsAgent({ keepAlive: true }) : new HttpAgent({ keepAlive: true });
    this.send = secure ? httpsRequest : httpRequest;
  }

  request(
    method: 'POST' | 'HEAD',
    headers: OutgoingHttpHeaders,
    body: string | undefined,
    signal?: AbortSignal,
    timeoutMs?: number,
  ): Promise<Answer> {
    return new Promise<Answer>((resolve, reject) => {
      const sized = body === undefined ? headers : { ...headers, 'content-length': Buffer.byteLength(body) };
      const req = this.send(this.target, { method, headers: sized, agent: this.agent, ...(signal ? { signal } : {}) }, (res) => {
        res.setEncoding('utf8');
        let text = '';
        res.on('data', (chunk: string) => {
          if (text.length < KEEP_CHARS) text += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
        res.on('error', reject);
      });
      req.on('error', reject);
      if (!signal && timeoutMs) req.setTimeout(timeoutMs, () => req.destroy(new Error(`timeout of ${timeoutMs} ms exceeded`)));
      req.end(body);
    });
  }

  /** Closes the idle keep-alive connections (the hub is stopping). */
  close(): void {
    this.agent.destroy();
  }
}
