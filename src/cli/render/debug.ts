import type { DebugExchange } from '../../registry/transport.js';
import type { Output } from '../output.js';

/** `--debug` for network commands: each HTTP exchange, credentials already masked by the transport. */
export function debugExchangePrinter(output: Output): (exchange: DebugExchange) => void {
  return (exchange) => {
    const status = exchange.status === null ? `failed (${exchange.error ?? 'no answer'})` : String(exchange.status);
    output.debug(`${exchange.method} ${exchange.url} → ${status} in ${exchange.durationMs} ms${exchange.proxy === null ? '' : ` via ${exchange.proxy}`}`);
    for (const [name, value] of Object.entries(exchange.requestHeaders)) output.debug(`  > ${name}: ${value}`);
    if (exchange.requestBody !== null) output.debug(`  > ${exchange.requestBody}`);
    for (const [name, values] of Object.entries(exchange.responseHeaders)) {
      for (const value of values) output.debug(`  < ${name}: ${value}`);
    }
    if (exchange.responseBody !== null && exchange.responseBody !== '') output.debug(`  < ${exchange.responseBody}`);
  };
}
