import { createServer } from 'node:http';
import { connect, type AddressInfo } from 'node:net';

/** An HTTP CONNECT proxy on loopback that records the tunnels it opens (`host:port`). */
export interface ConnectProxy {
  port: number;
  tunnels: string[];
  close(): void;
}

export async function startConnectProxy(): Promise<ConnectProxy> {
  const tunnels: string[] = [];
  const proxy = createServer();
  proxy.on('connect', (request, client, head) => {
    tunnels.push(request.url ?? '');
    const [host = '', port = '443'] = (request.url ?? '').split(':');
    const upstream = connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return {
    port: (proxy.address() as AddressInfo).port,
    tunnels,
    close: () => {
      proxy.closeAllConnections();
      proxy.close();
    },
  };
}
