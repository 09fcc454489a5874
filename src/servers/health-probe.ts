// One GET of a server's health URL, to say why it is not healthy: refused, silent, or answering an error
// status (a 503 while it loads is not "never answered").
import { http } from '../kit/node-http.ts';

export type HealthProbe =
  | { kind: 'answered'; status: number; statusText: string; body: string }
  | { kind: 'refused' }
  | { kind: 'silent'; timeoutMs: number }
  | { kind: 'unreachable'; message: string };

/** GET `url` once; never throws. */
export function probeHealth(url: string, timeoutMs = 2000): Promise<HealthProbe> {
  return new Promise((resolve) => {
    const req = http.request(url, { method: 'GET', timeout: timeoutMs, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        if (body.length < 300) body += chunk;
      });
      res.on('end', () => resolve({ kind: 'answered', status: res.statusCode ?? 0, statusText: res.statusMessage ?? '', body: body.trim().slice(0, 200) }));
      res.on('error', () => resolve({ kind: 'answered', status: res.statusCode ?? 0, statusText: res.statusMessage ?? '', body: body.trim().slice(0, 200) }));
    });
    req.on('timeout', () => {
      req.destroy();
      resolve({ kind: 'silent', timeoutMs });
    });
    req.on('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED' ? { kind: 'refused' } : { kind: 'unreachable', message: error.code ?? error.message }));
    req.end();
  });
}

/** "answered 503 Service Unavailable ({"detail":"loading"})", "refused connections", ... */
export function describeProbe(probe: HealthProbe): string {
  switch (probe.kind) {
    case 'answered':
      return `answered ${probe.status}${probe.statusText ? ` ${probe.statusText}` : ''}${probe.body ? ` (${probe.body.replace(/\s+/g, ' ')})` : ''}`;
    case 'refused':
      return 'refused connections (nothing listens on its port)';
    case 'silent':
      return `accepted the connection but sent no answer within ${probe.timeoutMs / 1000} s`;
    case 'unreachable':
      return `could not be reached (${probe.message})`;
  }
}
